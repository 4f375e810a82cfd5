package yamldoc

import (
	"reflect"
	"strings"
	"testing"

	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// checkAgreesWithParse holds Check to its promise on one document: it
// refuses exactly what Parse refuses, with the same error, or gives up;
// and a plain outline says what the parsed tree says.
func checkAgreesWithParse(t *testing.T, src []byte) {
	t.Helper()
	outline, checkErr := Check(src, 3)
	p, parseErr := Parse(src, 3)
	switch {
	case checkErr != nil && parseErr == nil:
		t.Fatalf("Check refuses what Parse reads: %v", checkErr)
	case checkErr != nil && checkErr.Error() != parseErr.Error():
		t.Fatalf("Check says %q, Parse says %q", checkErr, parseErr)
	case checkErr == nil && parseErr != nil && outline.Plain:
		t.Fatalf("Check finds a plain document where Parse says %v", parseErr)
	case !outline.Plain:
		return
	}
	if p.Root == nil {
		t.Fatalf("a plain outline of a document that Parse finds empty")
	}
	api, kind := TypeMeta(p.Root)
	if got := (ObjectType{api, kind}); got != outline.ObjectType {
		t.Fatalf("outline %+v, tree %+v", outline.ObjectType, got)
	}
	var items []ObjectType
	if n := Field(p.Root, "items"); n != nil && n.Kind == yaml.SequenceNode {
		items = []ObjectType{}
		for _, item := range Items(p.Root) {
			a, k := TypeMeta(item)
			items = append(items, ObjectType{a, k})
		}
	}
	if !reflect.DeepEqual(items, outline.Items) {
		t.Fatalf("outline items %+v, tree items %+v", outline.Items, items)
	}
}

func TestCheckAgreesWithParse(t *testing.T) {
	long := strings.Repeat("x", outlineValueLimit+1)
	tests := map[string]string{
		"configmap":              "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n  a: b\n",
		"quoted type":            "\"apiVersion\": 'v1'\nkind: \"Secret\"\n",
		"json":                   "{\"apiVersion\": \"v1\", \"kind\": \"Service\", \"spec\": {\"x\": \"a\\/b\"}}\n",
		"crlf and bom":           "\xef\xbb\xbfapiVersion: v1\r\nkind: ConfigMap\r\n",
		"list":                   "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n- kind: Secret\n- just text\n- [a]\n- {apiVersion: apps/v1, kind: Deployment, spec: {}}\n",
		"empty items":            "apiVersion: v1\nkind: List\nitems: []\n",
		"items not a list":       "apiVersion: v1\nkind: List\nitems: {a: b}\n",
		"nested items":           "apiVersion: v1\nkind: X\nspec:\n  items:\n  - kind: Pod\n",
		"a pod template":         "apiVersion: v1\nkind: X\nspec:\n  template:\n    spec: {containers: []}\n",
		"an alias":               "apiVersion: v1\nkind: X\na: &a b\nc: *a\n",
		"a merge key":            "apiVersion: v1\n<<: {kind: Pod}\n",
		"a tagged kind":          "apiVersion: v1\nkind: !!str ConfigMap\n",
		"kind twice":             "apiVersion: v1\nkind: A\nkind: B\n",
		"kind is a map":          "apiVersion: v1\nkind: {a: b}\n",
		"a complex key":          "apiVersion: v1\nkind: A\n? [a]\n: b\n",
		"a long key":             "apiVersion: v1\nkind: A\n" + long + ": b\n",
		"a long kind":            "apiVersion: v1\nkind: " + long + "\n",
		"a long value":           "apiVersion: v1\nkind: A\ndata:\n  a: |\n    " + strings.Repeat(long, 100) + "\n    more\n",
		"no kind":                "apiVersion: v1\nmetadata: {}\n",
		"a scalar":               "just text\n",
		"a sequence":             "- a\n",
		"null":                   "null\n",
		"comments only":          "# a\n# b\n",
		"a second document":      "apiVersion: v1\nkind: A\n...\nkind: B\n",
		"a broken second":        "apiVersion: v1\nkind: A\n...\nkind: [\n",
		"invalid":                "apiVersion: v1\nkind: A\ndata: {a: b\n",
		"a tab":                  "apiVersion: v1\nkind: A\nmetadata:\n\tname: x\n",
		"an unknown anchor":      "apiVersion: v1\nkind: A\na: *nope\n",
		"mapping values":         "apiVersion: v1\nkind: A\na: b: c\n",
		"an error after a kind":  "apiVersion: v1\nkind: A\ndata:\n  a: \"unterminated\n",
		"deep":                   "apiVersion: v1\nkind: A\na: " + strings.Repeat("[", 10001) + strings.Repeat("]", 10001) + "\n",
		"binary":                 "apiVersion: v1\x00\n",
		"not utf-8":              "apiVersion: v1\nkind: caf\xe9\n",
		"template as a value":    "apiVersion: v1\nkind: A\ndata: {a: template}\n",
		"directive":              "%YAML 1.1\n---\napiVersion: v1\nkind: A\n",
		"an undefined tag":       "apiVersion: v1\nkind: A\na: !x!y b\n",
		"a document end only":    "...\n",
		"items of a non-list":    "apiVersion: v1\nkind: A\nitems:\n- kind: Pod\n  apiVersion: v1\n",
		"apiVersion in an item":  "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  apiVersion: v2\n",
		"an item with a long":    "apiVersion: v1\nkind: List\nitems:\n- kind: " + long + "\n",
		"an item's nested kinds": "apiVersion: v1\nkind: List\nitems:\n- metadata: {kind: X}\n  kind: Y\n",
	}
	for name, src := range tests {
		t.Run(name, func(t *testing.T) { checkAgreesWithParse(t, []byte(src)) })
	}
}

// TestCheckOutlines: what Check finds plain, and what it reads there.
func TestCheckOutlines(t *testing.T) {
	tests := []struct {
		src   string
		plain bool
		want  Outline
	}{
		{"apiVersion: v1\nkind: ConfigMap\ndata: {a: b}\n", true, Outline{Plain: true, ObjectType: ObjectType{"v1", "ConfigMap"}}},
		{"kind: List\napiVersion: v1\nitems:\n- {apiVersion: v1, kind: A}\n- kind: B\n", true, Outline{Plain: true, ObjectType: ObjectType{"v1", "List"}, Items: []ObjectType{{"v1", "A"}, {"", "B"}}}},
		{"apiVersion: v1\nkind: A\nspec: {podSpec: {containers: []}}\n", true, Outline{Plain: true, Templates: true, ObjectType: ObjectType{"v1", "A"}}},
		{"apiVersion: v1\nkind: A\nspec: {a: containers}\n", true, Outline{Plain: true, Templates: true, ObjectType: ObjectType{"v1", "A"}}},
		{"apiVersion: v1\nkind: A\nspec: {template: {}}\n", true, Outline{Plain: true, ObjectType: ObjectType{"v1", "A"}}},
		{"apiVersion: v1\nkind: A\n<<: {b: c}\n", false, Outline{}},
		{"apiVersion: v1\n", false, Outline{}},
	}
	for _, tc := range tests {
		got, err := Check([]byte(tc.src), 1)
		if err != nil {
			t.Fatalf("%q: %v", tc.src, err)
		}
		if got.Plain != tc.plain || tc.plain && !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q: outline %+v, want %+v", tc.src, got, tc.want)
		}
	}
}
