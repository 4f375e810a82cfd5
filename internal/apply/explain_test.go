package apply

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/podctl/podctl/internal/manifest"
	"github.com/podctl/podctl/internal/poddefault"
)

// explain says what apply-defaults decides and warns of, the cluster's
// view included: a pod the cluster refuses though its items are present
// as written, and every warning apply-defaults gives for a template.
func TestExplainSaysWhatTheClusterDoes(t *testing.T) {
	read := func(path string) *manifest.Source {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return manifest.NewSource(path, data)
	}
	pod := "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: repro, labels: {creds: \"true\"}}\nspec:\n  containers:\n  - {name: main, image: nginx:1.27}\n  volumes:\n  - name: creds\n    secret: {secretName: creds}\n"
	explained, err := Explain(Request{Workloads: []*manifest.Source{manifest.NewSource("pod.yaml", []byte(pod))},
		Defaults: []*manifest.Source{read("../../testdata/cluster/repro/rp01-volume-defaultmode-identical/poddefaults.yaml")}})
	if err != nil || len(explained.Templates) != 1 {
		t.Fatalf("explain: %v, %+v", err, explained)
	}
	e := explained.Templates[0]
	if !strings.Contains(e.Rejected, "secret.defaultMode: 420") {
		t.Errorf("rejected: %q, want the defaulting that makes the volumes differ", e.Rejected)
	}
	if v := e.Verdicts[0]; v.Outcome != poddefault.OutcomeAlreadyPresent || !strings.Contains(v.Reason, "the cluster refuses the pod") {
		t.Errorf("verdict %+v, want present, but refused by the cluster", v)
	}

	// every warning apply-defaults gives, those about no template included
	extra := `apiVersion: example.com/v1
kind: Trainer
metadata: {name: t, namespace: team-ml}
spec:
  template:
    spec:
      containers: [{name: c, image: i}]
---
apiVersion: kubeflow.org/v1
kind: Notebook
metadata: {name: nb, namespace: team-ml}
spec:
  template:
    metadata:
      labels: {add-sidecar: "true"}
    spec:
      containers: [{name: nb, image: jupyter}]
`
	req := Request{Workloads: []*manifest.Source{read("../../testdata/examples/workloads.yaml"), manifest.NewSource("extra.yaml", []byte(extra))},
		Defaults:     []*manifest.Source{read("../../testdata/examples/poddefaults.yaml")},
		ReadWarnings: []string{"manifests/link.yaml: skipped: a symlink that leads nowhere"}}
	res, err := Run(req)
	if err != nil {
		t.Fatal(err)
	}
	explanation, err := Explain(req)
	if err != nil {
		t.Fatal(err)
	}
	var fromApply, fromExplain []string
	for _, w := range res.Warnings {
		fromApply = append(fromApply, w.Message)
	}
	for _, e := range explanation.Templates {
		fromExplain = append(fromExplain, e.Warnings...)
	}
	for _, w := range explanation.Warnings {
		fromExplain = append(fromExplain, w.Message)
	}
	slices.Sort(fromApply)
	slices.Sort(fromExplain)
	if len(fromApply) < 4 || !slices.Equal(fromApply, fromExplain) {
		t.Errorf("explain's warnings\n%s\napply-defaults'\n%s", strings.Join(fromExplain, "\n"), strings.Join(fromApply, "\n"))
	}
}
