package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBadInput: each hostile or broken input gets its exit code and, for
// an error, a message that starts with the file and the line (counted from
// the start of the file), and nothing on standard output.
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
		code        int
		message     string // the start of stderr after "error: " (file: in.yaml)
	}{
		{"empty", "", 0, ""},
		{"only comments", "# one\n# two\n", 0, ""},
		{"anchors, aliases and merge keys", "apiVersion: v1\nkind: Pod\nmetadata: &m {name: p, namespace: team-ml, labels: {add-sidecar: \"true\"}}\nspec:\n  containers:\n  - &c {name: c, image: i}\n  - <<: *c\n    name: d\n", 0, ""},
		{"binary", "\x00\x01\x02", 2, "in.yaml:1 (document 1): binary data"},
		{"not UTF-8", pod + "  # caf\xe9\n", 2, "in.yaml:6 (document 1): not UTF-8"},
		{"not UTF-8 where there are only comments", pod + "---\n# one\n# caf\xe9\n", 2, "in.yaml:8: not UTF-8"},
		{"invalid YAML in the second document", pod + "---\nkind: [\n", 2, "in.yaml:7 (document 2):"},
		{"tab indentation", "apiVersion: v1\nkind: Pod\nmetadata:\n\tname: p\n", 2, "in.yaml:4 (document 1):"},
		{"a scalar document", pod + "---\njust text\n", 2, "in.yaml:7 (document 2): a document must be a mapping"},
		{"a sequence document", "- a\n- b\n", 2, "in.yaml:1 (document 1): a document must be a mapping"},
		{"no apiVersion or kind", "metadata: {name: x}\n", 2, "in.yaml:1 (document 1): an object needs apiVersion and kind"},
		{"an alias bomb", bomb, 2, "in.yaml:1 (document 1): its aliases expand"},
		{"10,000 levels of nesting", deep, 2, "in.yaml:4 (document 1): exceeded max depth"},
		{"duplicate keys in a template", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    metadata:\n      labels: {a: b}\n      labels: {c: d}\n", 2, "in.yaml:8 (document 1): Deployment/default/d: metadata: mapping key \"labels\" already defined"},
		{"a label that is no string", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels:\n    add-sidecar: true\nspec:\n  containers: [{name: c, image: i}]\n", 2, "in.yaml:6 (document 1): Pod/default/p: metadata.labels.add-sidecar: true must be a string"},
		{"a PodDefault in an unknown apiVersion", "apiVersion: kubeflow.org/v1beta1\nkind: PodDefault\nmetadata: {name: x}\nspec: {selector: {}}\n", 2, "in.yaml:1 (document 1): unknown apiVersion"},
		{"duplicate keys in a PodDefault", "apiVersion: kubeflow.org/v1alpha1\nkind: PodDefault\nmetadata: {name: x}\nspec:\n  selector: {}\n  env: []\n  env: []\n", 2, "in.yaml:7 (document 1): PodDefault default/x: spec: mapping key \"env\" already defined"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			in := filepath.Join(dir, "in.yaml")
			if err := os.WriteFile(in, []byte(tc.input), 0o644); err != nil {
				t.Fatal(err)
			}
			t.Chdir(dir)
			defaults := filepath.Join(dir, "pd.yaml")
			if err := os.WriteFile(defaults, readFile(t, filepathFromTestdata("examples/poddefaults.yaml")), 0o644); err != nil {
				t.Fatal(err)
			}
			var stdout, stderr bytes.Buffer
			code := Main([]string{"apply-defaults", "-f", "in.yaml", "-d", "pd.yaml"}, strings.NewReader(""), &stdout, &stderr)
			if code != tc.code {
				t.Fatalf("exit %d, want %d: %s", code, tc.code, stderr.String())
			}
			if tc.code == 0 {
				return
			}
			if stdout.Len() != 0 {
				t.Errorf("wrote output on failure")
			}
			if !strings.HasPrefix(stderr.String(), "error: "+tc.message) {
				t.Errorf("stderr %q, want it to start with %q", stderr.String(), "error: "+tc.message)
			}
		})
	}
}

var testdataDir, _ = filepath.Abs("../../testdata")

func filepathFromTestdata(rel string) string { return filepath.Join(testdataDir, rel) }
