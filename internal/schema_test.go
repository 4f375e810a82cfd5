package internal_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"sigs.k8s.io/yaml"

	"github.com/podctl/podctl/internal/poddefault"
	"github.com/podctl/podctl/internal/workload"
)

var update = flag.Bool("update", false, "rewrite the JSON schemas of docs/schema")

// TestSchemas: docs/schema holds the JSON schemas of a PodDefault and of a
// WorkloadConfig (--workload-config) as they follow from the Go types that
// podctl decodes them into; go test ./internal -run TestSchemas -update
// rewrites them when the types change.
func TestSchemas(t *testing.T) {
	schemas := []struct {
		file, title, id string
		typ             reflect.Type
		apiVersion      string
		kind            string
		pkgDir          string
		enums           map[string][]string // "Type.field" -> the values the type's Validate accepts
	}{
		{
			file: "poddefault.schema.json", title: "PodDefault (kubeflow.org/v1alpha1), as podctl reads it",
			typ: reflect.TypeFor[poddefault.PodDefault](), apiVersion: poddefault.APIVersion, kind: poddefault.Kind,
			pkgDir: "poddefault",
		},
		{
			file: "workloadconfig.schema.json", title: "WorkloadConfig (" + workload.ConfigAPIVersion + "): kinds with pod templates, for podctl --workload-config",
			typ: reflect.TypeFor[workload.Config](), apiVersion: workload.ConfigAPIVersion, kind: workload.ConfigKind,
			pkgDir: "workload",
			enums: map[string][]string{
				"KindEntry.scope":      {"Namespaced", "Cluster"},
				"KindEntry.model":      workload.Models,
				"LabelEntry.transform": {"lower"},
			},
		},
	}
	for _, s := range schemas {
		t.Run(s.file, func(t *testing.T) {
			g := &schemaGen{defs: map[string]any{}, docs: goDocs(t, s.pkgDir), enums: s.enums}
			root := g.object(s.typ)
			props := root["properties"].(map[string]any)
			props["apiVersion"] = map[string]any{"const": s.apiVersion, "description": "the API version: " + s.apiVersion}
			props["kind"] = map[string]any{"const": s.kind}
			root["required"] = mergeRequired(root["required"], "apiVersion", "kind")
			root["$schema"] = "http://json-schema.org/draft-07/schema#"
			root["$id"] = "https://raw.githubusercontent.com/podctl/podctl/main/docs/schema/" + s.file
			root["title"] = s.title
			root["definitions"] = g.defs
			got, err := json.MarshalIndent(root, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			path := filepath.Join("..", "docs", "schema", s.file)
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (go test ./internal -run TestSchemas -update writes it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("docs/schema/%s is not the schema of %s as the types are now: go test ./internal -run TestSchemas -update", s.file, s.typ)
			}
		})
	}
}

// TestSchemaDescribes: the schemas name what podctl checks: the fields of
// the types (strict: no others), their required fields and the values
// WorkloadConfig's Validate accepts.
func TestSchemaDescribes(t *testing.T) {
	var pd map[string]any
	if err := json.Unmarshal(readRepoFile(t, "docs/schema/poddefault.schema.json"), &pd); err != nil {
		t.Fatal(err)
	}
	defs := pd["definitions"].(map[string]any)
	spec := defs["podctl.poddefault.PodDefaultSpec"].(map[string]any)
	if spec["additionalProperties"] != false {
		t.Error("PodDefaultSpec takes fields it does not have: podctl refuses them")
	}
	if _, ok := spec["properties"].(map[string]any)["sidecars"]; !ok {
		t.Error("PodDefaultSpec has no sidecars")
	}
	container := defs["k8s.io.api.core.v1.Container"].(map[string]any)
	if req, _ := container["required"].([]any); len(req) != 1 || req[0] != "name" {
		t.Errorf("Container requires %v, want [name]", container["required"])
	}
	if !strings.Contains(container["description"].(string), "container") {
		t.Errorf("Container has no description from the Kubernetes API: %v", container["description"])
	}
	var wc map[string]any
	if err := json.Unmarshal(readRepoFile(t, "docs/schema/workloadconfig.schema.json"), &wc); err != nil {
		t.Fatal(err)
	}
	scope := wc["definitions"].(map[string]any)["podctl.workload.KindEntry"].(map[string]any)["properties"].(map[string]any)["scope"].(map[string]any)
	if !reflect.DeepEqual(scope["enum"], []any{"Namespaced", "Cluster"}) || !strings.Contains(scope["description"].(string), "Namespaced") {
		t.Errorf("KindEntry.scope: %v", scope)
	}
}

func mergeRequired(have any, names ...string) []string {
	var out []string
	out = append(out, names...)
	if h, ok := have.([]string); ok {
		for _, n := range h {
			if n != "apiVersion" && n != "kind" {
				out = append(out, n)
			}
		}
	}
	return out
}

// schemaGen makes JSON schemas (draft-07) from Go types as encoding/json
// and sigs.k8s.io/yaml read them: json tags, inline structs, omitempty.
// Named structs go to definitions; descriptions come from the Kubernetes
// types' SwaggerDoc and podctl's own doc comments.
type schemaGen struct {
	defs  map[string]any
	docs  map[string]string // "Type" and "Type.Field" of podctl's package -> doc
	enums map[string][]string
}

var (
	timeType     = reflect.TypeFor[metav1.Time]()
	microTime    = reflect.TypeFor[metav1.MicroTime]()
	intOrString  = reflect.TypeFor[intstr.IntOrString]()
	quantityType = reflect.TypeFor[resource.Quantity]()
)

func (g *schemaGen) schema(t reflect.Type) map[string]any {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t {
	case timeType, microTime:
		return map[string]any{"type": "string", "format": "date-time"}
	case intOrString:
		return map[string]any{"anyOf": []any{map[string]any{"type": "integer"}, map[string]any{"type": "string"}}}
	case quantityType:
		return map[string]any{"anyOf": []any{map[string]any{"type": "number"}, map[string]any{"type": "string"}}, "description": "a quantity: 1, 500m, 1Gi"}
	}
	switch t.Kind() {
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			return map[string]any{"type": "string", "contentEncoding": "base64"}
		}
		return map[string]any{"type": "array", "items": g.schema(t.Elem())}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": g.schema(t.Elem())}
	case reflect.Struct:
		name := defName(t)
		if _, ok := g.defs[name]; !ok {
			g.defs[name] = nil // a type that refers to itself
			g.defs[name] = g.object(t)
		}
		return map[string]any{"$ref": "#/definitions/" + name}
	case reflect.Interface:
		return map[string]any{}
	}
	panic("no schema for " + t.String())
}

// defName names a definition by the type's package path and name.
func defName(t reflect.Type) string {
	pkg := t.PkgPath()
	pkg = strings.Replace(pkg, "github.com/podctl/podctl/internal", "podctl", 1)
	return strings.ReplaceAll(pkg, "/", ".") + "." + t.Name()
}

// object is the schema of a struct, without a name.
func (g *schemaGen) object(t reflect.Type) map[string]any {
	props := map[string]any{}
	var required []string
	g.fields(t, props, &required)
	s := map[string]any{"type": "object", "properties": props, "additionalProperties": false}
	if len(required) > 0 {
		s["required"] = required
	}
	if d := g.describe(t, ""); d != "" {
		s["description"] = d
	}
	return s
}

func (g *schemaGen) fields(t reflect.Type, props map[string]any, required *[]string) {
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" || (!f.IsExported() && !f.Anonymous) {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			g.fields(f.Type, props, required) // inline
			continue
		}
		if name == "" {
			name = f.Name
		}
		s := g.schema(f.Type)
		if d := g.describe(t, name, f.Name); d != "" {
			if _, isRef := s["$ref"]; isRef {
				s = map[string]any{"allOf": []any{s}} // draft-07 ignores keywords beside $ref
			}
			s["description"] = d
		}
		if e, ok := g.enums[t.Name()+"."+name]; ok {
			s["enum"] = e
		}
		props[name] = s
		ft := f.Type
		for ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		scalar := ft.Kind() != reflect.Struct && ft.Kind() != reflect.Map && ft.Kind() != reflect.Interface
		if !strings.Contains(opts, "omitempty") && !strings.Contains(opts, "omitzero") && scalar && f.Type.Kind() != reflect.Pointer {
			*required = append(*required, name)
		}
	}
}

// describe returns the description of a type (field "") or of its field
// by JSON name: from SwaggerDoc for Kubernetes types, from the doc
// comments of podctl's own.
func (g *schemaGen) describe(t reflect.Type, jsonName string, goName ...string) string {
	if sd, ok := reflect.New(t).Elem().Interface().(interface{ SwaggerDoc() map[string]string }); ok {
		return sd.SwaggerDoc()[jsonName]
	}
	if !strings.HasPrefix(t.PkgPath(), "github.com/podctl/") {
		return ""
	}
	key := t.Name()
	if len(goName) > 0 {
		key += "." + goName[0]
	}
	return g.docs[key]
}

// goDocs reads the doc comments of the types of a podctl package, and of
// their fields, as "Type" and "Type.Field".
func goDocs(t *testing.T, pkg string) map[string]string {
	t.Helper()
	fset := token.NewFileSet()
	docs := map[string]string{}
	files, err := filepath.Glob(filepath.Join(pkg, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range f.Decls {
			gd, ok := decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.TYPE {
				continue
			}
			for _, spec := range gd.Specs {
				ts := spec.(*ast.TypeSpec)
				text := ts.Doc.Text()
				if text == "" && len(gd.Specs) == 1 {
					text = gd.Doc.Text()
				}
				docs[ts.Name.Name] = clean(text)
				st, ok := ts.Type.(*ast.StructType)
				if !ok {
					continue
				}
				for _, field := range st.Fields.List {
					for _, n := range field.Names {
						docs[ts.Name.Name+"."+n.Name] = clean(field.Doc.Text())
					}
				}
			}
		}
	}
	return docs
}

// clean joins a doc comment's lines into one paragraph of plain text.
func clean(text string) string {
	return strings.Join(strings.Fields(text), " ")
}

// TestSchemasJudgeLikePodctl: the schemas accept the PodDefaults and
// workload configs that podctl reads, and refuse the misspelt fields that
// podctl refuses, so that an editor shows the error podctl would give.
func TestSchemasJudgeLikePodctl(t *testing.T) {
	tests := []struct {
		schema, file string
		valid        bool
	}{
		{"poddefault.schema.json", "testdata/examples/poddefaults.yaml", true},
		{"poddefault.schema.json", "internal/apply/testdata/bad-poddefault/poddefaults.yaml", false}, // volumeMount
		{"poddefault.schema.json", "testdata/cli/lint-bad-input/poddefaults.yaml", false},            // sidecar
		{"workloadconfig.schema.json", "internal/workload/kinds.yaml", true},                         // the built-in table
		{"workloadconfig.schema.json", "testdata/cli/workload-config-bad/kinds.yaml", false},         // lables
	}
	for _, tc := range tests {
		var schema map[string]any
		if err := json.Unmarshal(readRepoFile(t, "docs/schema/"+tc.schema), &schema); err != nil {
			t.Fatal(err)
		}
		var problems []string
		for i, doc := range regexp.MustCompile(`(?m)^---\s*$`).Split(string(readRepoFile(t, tc.file)), -1) {
			var v any
			if err := yaml.Unmarshal([]byte(doc), &v); err != nil {
				t.Fatalf("%s: document %d: %v", tc.file, i+1, err)
			}
			if v == nil {
				continue
			}
			for _, p := range validate(schema, schema, v, "") {
				problems = append(problems, fmt.Sprintf("document %d: %s", i+1, p))
			}
		}
		if (len(problems) == 0) != tc.valid {
			t.Errorf("%s against %s: valid %v, want %v; %q", tc.file, tc.schema, len(problems) == 0, tc.valid, problems)
		}
	}
}

// validate checks v against the part of JSON schema draft-07 that the
// generated schemas use, and returns what it finds wrong.
func validate(root, s map[string]any, v any, at string) []string {
	var problems []string
	if ref, ok := s["$ref"].(string); ok {
		name := strings.TrimPrefix(ref, "#/definitions/")
		return validate(root, root["definitions"].(map[string]any)[name].(map[string]any), v, at)
	}
	for _, sub := range asList(s["allOf"]) {
		problems = append(problems, validate(root, sub.(map[string]any), v, at)...)
	}
	if anyOf := asList(s["anyOf"]); len(anyOf) > 0 && !slices.ContainsFunc(anyOf, func(sub any) bool { return len(validate(root, sub.(map[string]any), v, at)) == 0 }) {
		problems = append(problems, at+": matches none of "+fmt.Sprint(anyOf))
	}
	if c, ok := s["const"]; ok && c != v {
		problems = append(problems, fmt.Sprintf("%s: %v, want %v", at, v, c))
	}
	if e := asList(s["enum"]); len(e) > 0 && !slices.Contains(e, v) {
		problems = append(problems, fmt.Sprintf("%s: %v is not one of %v", at, v, e))
	}
	switch s["type"] {
	case "object":
		m, ok := v.(map[string]any)
		if !ok {
			return append(problems, at+": not an object")
		}
		props, _ := s["properties"].(map[string]any)
		for k, item := range m {
			switch p, known := props[k]; {
			case known:
				problems = append(problems, validate(root, p.(map[string]any), item, at+"."+k)...)
			case s["additionalProperties"] == false:
				problems = append(problems, at+": unknown field "+k)
			default:
				if ap, ok := s["additionalProperties"].(map[string]any); ok {
					problems = append(problems, validate(root, ap, item, at+"."+k)...)
				}
			}
		}
		for _, r := range asList(s["required"]) {
			if _, ok := m[r.(string)]; !ok {
				problems = append(problems, at+": no "+r.(string))
			}
		}
	case "array":
		l, ok := v.([]any)
		if !ok {
			return append(problems, at+": not a list")
		}
		for i, item := range l {
			problems = append(problems, validate(root, s["items"].(map[string]any), item, fmt.Sprintf("%s[%d]", at, i))...)
		}
	case "string":
		if _, ok := v.(string); !ok {
			problems = append(problems, at+": not a string")
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			problems = append(problems, at+": not a boolean")
		}
	case "integer", "number":
		f, ok := v.(float64)
		if !ok || (s["type"] == "integer" && f != float64(int64(f))) {
			problems = append(problems, fmt.Sprintf("%s: not an %s", at, s["type"]))
		}
	}
	return problems
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

// TestSchemaModelines: docs/install.md shows, for each schema, the
// yaml-language-server line that names it at a release tag, on an example
// that the schema accepts.
func TestSchemaModelines(t *testing.T) {
	doc := string(readRepoFile(t, "docs/install.md"))
	for _, file := range []string{"poddefault.schema.json", "workloadconfig.schema.json"} {
		line := regexp.MustCompile(`(?m)^# yaml-language-server: \$schema=https://raw\.githubusercontent\.com/podctl/podctl/v\d+\.\d+\.\d+/docs/schema/` + regexp.QuoteMeta(file) + `\n`)
		loc := line.FindStringIndex(doc)
		if loc == nil {
			t.Errorf("docs/install.md shows no yaml-language-server line for %s at a release tag", file)
			continue
		}
		example := doc[loc[1]:]
		example = example[:strings.Index(example, "```")]
		var v any
		if err := yaml.Unmarshal([]byte(example), &v); err != nil {
			t.Fatalf("docs/install.md, the example for %s: %v", file, err)
		}
		var schema map[string]any
		if err := json.Unmarshal(readRepoFile(t, "docs/schema/"+file), &schema); err != nil {
			t.Fatal(err)
		}
		if problems := validate(schema, schema, v, ""); len(problems) > 0 {
			t.Errorf("docs/install.md, the example for %s: %q", file, problems)
		}
	}
}
