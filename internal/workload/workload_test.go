package workload

import (
	"reflect"
	"strings"
	"testing"
)

func TestLookup(t *testing.T) {
	r := Builtins()
	tests := []struct {
		apiVersion, kind string
		want             Path
	}{
		{"v1", "Pod", Path{}},
		{"v1", "PodTemplate", Path{"template"}},
		{"apps/v1", "Deployment", Path{"spec", "template"}},
		{"batch/v1", "CronJob", Path{"spec", "jobTemplate", "spec", "template"}},
		{"v1", "ReplicationController", Path{"spec", "template"}},
	}
	for _, tc := range tests {
		k, ok := r.Lookup(tc.apiVersion, tc.kind)
		if !ok || !reflect.DeepEqual(k.Templates[0].Path, tc.want) {
			t.Errorf("%s %s: %+v %v, want %v", tc.apiVersion, tc.kind, k, ok, tc.want)
		}
	}
	for _, miss := range [][2]string{{"v1", "Service"}, {"example.com/v1", "Deployment"}, {"apps/v1", "Pod"}} {
		if _, ok := r.Lookup(miss[0], miss[1]); ok {
			t.Errorf("%v must not carry pod templates", miss)
		}
	}
}

func TestParsePath(t *testing.T) {
	tests := []struct {
		in   string
		want Path
		err  string
	}{
		{".", Path{}, ""},
		{"spec.template", Path{"spec", "template"}, ""},
		{"spec.replicatedJobs[].template.spec.template", Path{"spec", "replicatedJobs", "[]", "template", "spec", "template"}, ""},
		{"spec.pytorchReplicaSpecs.*.template", Path{"spec", "pytorchReplicaSpecs", "*", "template"}, ""},
		{"spec..template", nil, "empty step"},
		{"spec.[].template", nil, "not a field name"},
		{"spec.te*mplate", nil, "not a field name"},
	}
	for _, tc := range tests {
		got, err := ParsePath(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("ParsePath(%q) error %v, want %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("ParsePath(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
}

func TestValidate(t *testing.T) {
	cfg := Config{APIVersion: ConfigAPIVersion, Kind: ConfigKind, Kinds: []KindEntry{
		{APIVersion: "x.io/v1", Kind: "A", Templates: []TemplateEntry{{Path: "spec.jobs[].template", Labels: []LabelEntry{{Key: "k", ValueFrom: "$key"}}}}},
		{APIVersion: "x.io/v1", Kind: "B", Scope: "Global"},
	}}
	got := strings.Join(cfg.Validate(), "\n")
	for _, want := range []string{`kinds[0].templates[0].labels[0]: valueFrom $key needs a "*"`, "kinds[1]: scope must be", "kinds[1]: templates: at least one"} {
		if !strings.Contains(got, want) {
			t.Errorf("problems lack %q:\n%s", want, got)
		}
	}
}

// Each label feature is checked against the template path and the
// entries before it; a good entry gives no problem.
func TestValidateLabels(t *testing.T) {
	list, mapPath := "spec.jobs[].template", "spec.jobs.*.template"
	tests := []struct {
		path   string
		labels []LabelEntry
		want   string // "" for no problem
	}{
		{list, []LabelEntry{{Key: "n", ValueFrom: "$item.replicas", Default: "1"}}, ""},
		{list, []LabelEntry{{Key: "g", ValueFrom: "$item.group", Default: "default"}, {Key: "s", ValueFrom: "$items.replicas", Default: "1", GroupBy: "g"}}, ""},
		{list, []LabelEntry{{Key: "id", ValueFrom: "metadata.name", Format: "{}-head"}}, ""},
		{list, []LabelEntry{{MapFrom: "$item.labels"}, {MapFrom: "spec.labels", IfAbsent: true}}, ""},
		{mapPath, []LabelEntry{{Key: "s", ValueFrom: "$items.replicas"}}, `valueFrom $items.replicas needs a "[]"`},
		{mapPath, []LabelEntry{{MapFrom: "$item.labels"}}, `mapFrom $item.<field> needs a "[]"`},
		{list, []LabelEntry{{MapFrom: "$key"}}, `mapFrom "$key": use a path or $item.<field>`},
		{list, []LabelEntry{{MapFrom: "spec.labels", Key: "k"}}, "mapFrom takes no key"},
		{list, []LabelEntry{{Key: "k", Value: "v", Default: "d"}}, "default needs valueFrom"},
		{list, []LabelEntry{{Key: "k", ValueFrom: "metadata.name", Format: "head"}}, `format "head" must hold "{}" once`},
		{list, []LabelEntry{{Key: "k", ValueFrom: "metadata.name", Format: "{}-{}"}}, `must hold "{}" once`},
		{list, []LabelEntry{{Key: "k", ValueFrom: "$item.replicas", GroupBy: "g"}}, "groupBy needs valueFrom $items.<field>"},
		{list, []LabelEntry{{Key: "s", ValueFrom: "$items.replicas", GroupBy: "g"}, {Key: "g", ValueFrom: "$item.group"}}, "groupBy g: no earlier label"},
		{list, []LabelEntry{{Key: "g", ValueFrom: "metadata.name"}, {Key: "s", ValueFrom: "$items.replicas", GroupBy: "g"}}, "groupBy g: that label's valueFrom must be $item.<field>"},
		{list, []LabelEntry{{Key: "k", ValueFrom: "$itemz.x"}}, `valueFrom "$itemz.x": use a path`},
		{list, []LabelEntry{{Key: "k"}}, "give value, valueFrom or mapFrom"},
	}
	for _, tc := range tests {
		cfg := Config{APIVersion: ConfigAPIVersion, Kind: ConfigKind, Kinds: []KindEntry{{APIVersion: "x.io/v1", Kind: "A", Templates: []TemplateEntry{{Path: tc.path, Labels: tc.labels}}}}}
		got := strings.Join(cfg.Validate(), "\n")
		if tc.want == "" && got != "" || !strings.Contains(got, tc.want) {
			t.Errorf("%s %+v: problems %q, want %q", tc.path, tc.labels, got, tc.want)
		}
	}
}

func TestValidateEmbedded(t *testing.T) {
	tests := []struct {
		kind KindEntry
		want string
	}{
		{KindEntry{Templates: []TemplateEntry{{Path: "spec.trialSpec", Embedded: true}}}, ""},
		{KindEntry{Templates: []TemplateEntry{{Path: ".", Embedded: true}}}, "an embedded object needs a path below the object's root"},
		{KindEntry{Templates: []TemplateEntry{{Path: "spec.trialSpec", Embedded: true, Labels: []LabelEntry{{Key: "k", Value: "v"}}}}}, "an embedded object takes no labels"},
		{KindEntry{Model: ModelNotebook, Templates: []TemplateEntry{{Path: "spec.trialSpec", Embedded: true}}}, "cannot be built by model notebook"},
	}
	for _, tc := range tests {
		tc.kind.APIVersion, tc.kind.Kind = "x.io/v1", "A"
		cfg := Config{APIVersion: ConfigAPIVersion, Kind: ConfigKind, Kinds: []KindEntry{tc.kind}}
		got := strings.Join(cfg.Validate(), "\n")
		if tc.want == "" && got != "" || !strings.Contains(got, tc.want) {
			t.Errorf("%+v: problems %q, want %q", tc.kind, got, tc.want)
		}
	}
}

func TestNamespace(t *testing.T) {
	if got := Namespace("a", "b"); got != "a" {
		t.Errorf("object's own namespace first: %s", got)
	}
	if got := Namespace("", "b"); got != "b" {
		t.Errorf("then the flag: %s", got)
	}
	if got := Namespace("", ""); got != "default" {
		t.Errorf("then default: %s", got)
	}
}

func TestPathString(t *testing.T) {
	if got := (Path{"spec", "replicatedJobs", "[]", "template"}).String(); got != "spec.replicatedJobs[].template" {
		t.Errorf("got %s", got)
	}
	if got := (Path{}).String(); got != "." {
		t.Errorf("got %s", got)
	}
}

// The built-in table is read when the package loads; a table that does not
// read or validate stops podctl there, never as an input error.
func TestBuiltinTableFailsAtLoad(t *testing.T) {
	if len(Builtin().Kinds) == 0 {
		t.Fatal("no built-in kinds")
	}
	for _, bad := range []string{
		"apiVersion: podctl.dev/v1alpha1\nkind: WorkloadConfig\nkinds: [{apiVersion: v1, kind: Pod, templates: [{path: .}], typo: 1}]\n",
		"apiVersion: podctl.dev/v1alpha1\nkind: WorkloadConfig\nkinds: [{apiVersion: v1, kind: Pod, templates: [{path: \"a..b\"}]}]\n",
		"apiVersion: v1\nkind: ConfigMap\n",
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("no panic for %q", bad)
				}
			}()
			mustReadBuiltin([]byte(bad))
		}()
	}
}
