package apply_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/podctl/podctl/internal/apply"
	"github.com/podctl/podctl/internal/manifest"
)

// TestBadInput: each hostile or broken input fails as input, not as a
// conflict, with a message that starts with the file and the line (counted
// from the start of the file), and nothing to write; or goes through.
func TestBadInput(t *testing.T) {
	bomb := "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\na: &a [x, x, x, x, x, x, x, x, x]\n"
	prev := "a"
	for _, n := range "bcdefghij" {
		bomb += string(n) + ": &" + string(n) + " [" + strings.Repeat("*"+prev+", ", 8) + "*" + prev + "]\n"
		prev = string(n)
	}
	deep := "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {a: " + strings.Repeat("[", 10001) + strings.Repeat("]", 10001) + "}\n"
	pod := "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: team-ml, labels: {add-sidecar: \"true\"}}\nspec:\n  containers: [{name: c, image: i}]\n"
	tests := []struct {
		name, input string
		message     string // the start of the error; "" when the run succeeds
	}{
		{"empty", "", ""},
		{"only comments", "# one\n# two\n", ""},
		{"anchors, aliases and merge keys", "apiVersion: v1\nkind: Pod\nmetadata: &m {name: p, namespace: team-ml, labels: {add-sidecar: \"true\"}}\nspec:\n  containers:\n  - &c {name: c, image: i}\n  - <<: *c\n    name: d\n", ""},
		{"binary", "\x00\x01\x02", "in.yaml:1 (document 1): binary data"},
		{"not UTF-8", pod + "  # caf\xe9\n", "in.yaml:6 (document 1): not UTF-8"},
		{"not UTF-8 where there are only comments", pod + "---\n# one\n# caf\xe9\n", "in.yaml:8: not UTF-8"},
		{"invalid YAML in the second document", pod + "---\nkind: [\n", "in.yaml:7 (document 2):"},
		{"tab indentation", "apiVersion: v1\nkind: Pod\nmetadata:\n\tname: p\n", "in.yaml:4 (document 1):"},
		{"a scalar document", pod + "---\njust text\n", "in.yaml:7 (document 2): a document must be a mapping"},
		{"a sequence document", "- a\n- b\n", "in.yaml:1 (document 1): a document must be a mapping"},
		{"no apiVersion or kind", "metadata: {name: x}\n", "in.yaml:1 (document 1): an object needs apiVersion and kind"},
		{"an alias bomb", bomb, "in.yaml:1 (document 1): its aliases expand"},
		{"10,000 levels of nesting", deep, "in.yaml:4 (document 1): exceeded max depth"},
		{"a field path from the object's root", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    spec:\n      containers:\n      - {name: c, image: i, ports: [{containerPort: abc}]}\n", "in.yaml:8 (document 1): Deployment/default/d: spec.template.spec.containers[0].ports[0].containerPort: \"abc\" must be an integer"},
		{"an unrendered template", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n  labels:\n    {{- include \"x.labels\" . | nindent 4 }}\nspec: {}\n", "in.yaml:5 (document 1): did not find expected node content (it looks like a template that was not rendered: render it first"},
		{"an unrendered template that YAML reads", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    spec:\n      containers:\n      - name: app\n        image: {{ .Values.image }}\n", "in.yaml:9 (document 1): Deployment/default/d: spec.template.spec.containers[0].image: a mapping where a string is expected (it looks like a template that was not rendered: render it first"},
		{"duplicate keys in a template", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    metadata:\n      labels: {a: b}\n      labels: {c: d}\n", "in.yaml:8 (document 1): Deployment/default/d: spec.template.metadata: mapping key \"labels\" already defined"},
		{"a label that is no string", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels:\n    add-sidecar: true\nspec:\n  containers: [{name: c, image: i}]\n", "in.yaml:6 (document 1): Pod/default/p: metadata.labels.add-sidecar: true must be a string"},
		{"a PodDefault in an unknown apiVersion", "apiVersion: kubeflow.org/v1beta1\nkind: PodDefault\nmetadata: {name: x}\nspec: {selector: {}}\n", "in.yaml:1 (document 1): unknown apiVersion"},
		{"duplicate keys in a PodDefault", "apiVersion: kubeflow.org/v1alpha1\nkind: PodDefault\nmetadata: {name: x}\nspec:\n  selector: {}\n  env: []\n  env: []\n", "in.yaml:7 (document 1): PodDefault default/x: spec: mapping key \"env\" already defined"},
	}
	defaults := readFile(t, "../../testdata/examples/poddefaults.yaml")
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := apply.Run(apply.Request{
				Workloads: []*manifest.Source{manifest.NewSource("in.yaml", []byte(tc.input))},
				Defaults:  []*manifest.Source{manifest.NewSource("pd.yaml", defaults)},
			})
			if tc.message == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			var f *apply.Failure
			if !errors.As(err, &f) || len(f.Inputs) == 0 {
				t.Fatalf("want an input error, got %v", err)
			}
			if !strings.HasPrefix(err.Error(), tc.message) {
				t.Errorf("error %q, want it to start with %q", err, tc.message)
			}
		})
	}
}
