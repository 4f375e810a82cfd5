package apply

import (
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/podctl/podctl/internal/manifest"
	"github.com/podctl/podctl/internal/workload"
)

var update = flag.Bool("update", false, "rewrite the golden files of the fixtures in testdata, and the generated table in docs/workloads.md")

const (
	tableStart = "<!-- kinds table: generated from internal/workload/kinds.yaml; go test ./internal/apply -update -->\n"
	tableEnd   = "<!-- end of kinds table -->\n"
)

// TestDocsTableIsCurrent keeps the table of kinds in docs/workloads.md the
// table podctl uses.
func TestDocsTableIsCurrent(t *testing.T) {
	cfg := workload.Builtin()
	doc, err := os.ReadFile("../../docs/workloads.md")
	if err != nil {
		t.Fatal(err)
	}
	s := string(doc)
	i, j := strings.Index(s, tableStart), strings.Index(s, tableEnd)
	if i < 0 || j < i {
		t.Fatal("docs/workloads.md lacks the table markers")
	}
	want := s[:i+len(tableStart)] + cfg.Markdown() + s[j:]
	if want == s {
		return
	}
	if *update {
		if err := os.WriteFile("../../docs/workloads.md", []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Fatal("the table of kinds in docs/workloads.md is out of date: run go test ./internal/apply -update")
}

func TestReadWorkloadConfigErrorsNameTheLine(t *testing.T) {
	tests := []struct{ in, want string }{
		{"apiVersion: podctl.dev/v1alpha1\nkind: WorkloadConfig\nkinds:\n- apiVersion: x/v1\n  kind: X\n  templates:\n  - path: spec..template\n", "f.yaml:7 (document 1): kinds[0].templates[0]: path \"spec..template\" has an empty step"},
		{"apiVersion: podctl.dev/v1alpha1\nkind: WorkloadConfig\nkinds:\n- apiVersion: x/v1\n  kind: X\n  templatez: []\n", `f.yaml:6 (document 1): kinds[0].templatez: unknown field (did you mean templates?)`},
		{"apiVersion: v1\nkind: ConfigMap\n", "f.yaml:1 (document 1): a ConfigMap (v1) is not a workload config"},
	}
	for _, tc := range tests {
		_, err := ReadWorkloadConfig(manifest.NewSource("f.yaml", []byte(tc.in)))
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("error %v, want it to start with %q", err, tc.want)
		}
	}
}
