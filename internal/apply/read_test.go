package apply

import (
	"errors"
	"testing"

	"github.com/podctl/podctl/internal/manifest"
)

// Read finds the PodDefaults wherever Run finds them (a PodDefaultList and
// a v1 List of -d, a PodDefault among the manifests), each at its line,
// and the templates as the engine sees them.
func TestReadFindsDefaultsAndTemplatesWhereTheyStand(t *testing.T) {
	defaults := "apiVersion: kubeflow.org/v1alpha1\nkind: PodDefaultList\nitems:\n" +
		"- apiVersion: kubeflow.org/v1alpha1\n  kind: PodDefault\n  metadata: {name: a}\n  spec: {selector: {}}\n" +
		"---\napiVersion: v1\nkind: List\nitems:\n" +
		"- apiVersion: kubeflow.org/v1alpha1\n  kind: PodDefault\n  metadata: {name: b, namespace: other}\n  spec: {selector: {}}\n"
	workloads := "apiVersion: kubeflow.org/v1alpha1\nkind: PodDefault\nmetadata: {name: c}\nspec: {selector: {}}\n" +
		"---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: c, image: i}]\n" +
		"---\napiVersion: kubeflow.org/v1\nkind: Notebook\nmetadata: {name: nb, namespace: team, labels: {gpu: \"true\"}}\nspec:\n  template:\n    spec:\n      containers: [{name: nb, image: i}]\n"
	inv, err := Read(Request{Namespace: "ns",
		Workloads: []*manifest.Source{manifest.NewSource("w.yaml", []byte(workloads))},
		Defaults:  []*manifest.Source{manifest.NewSource("d.yaml", []byte(defaults))}})
	if err != nil {
		t.Fatal(err)
	}
	type where struct {
		name, namespace, file string
		line                  int
	}
	var got []where
	for _, d := range inv.Defaults {
		got = append(got, where{d.PodDefault.Name, d.PodDefault.Namespace, d.File, d.Line})
	}
	want := []where{{"c", "ns", "w.yaml", 1}, {"a", "ns", "d.yaml", 4}, {"b", "other", "d.yaml", 12}}
	if len(got) != len(want) {
		t.Fatalf("defaults %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("default %d: %v, want %v", i, got[i], want[i])
		}
	}
	if len(inv.Templates) != 2 {
		t.Fatalf("%d templates, want 2", len(inv.Templates))
	}
	dep, nb := inv.Templates[0], inv.Templates[1]
	if dep.Object != "Deployment/ns/web" || dep.Template != "spec.template" || dep.Line != 11 || dep.Pod.Labels["app"] != "web" || dep.Notebook {
		t.Errorf("deployment template %+v", dep)
	}
	if nb.Object != "Notebook/team/nb" || !nb.Notebook || nb.Namespace != "team" || nb.Pod.Labels["gpu"] != "true" || nb.Pod.Labels["notebook-name"] != "nb" {
		t.Errorf("notebook template %+v, labels %v", nb, nb.Pod.Labels)
	}
}

func TestReadFailsOnBadInput(t *testing.T) {
	bad := "apiVersion: kubeflow.org/v1alpha1\nkind: PodDefault\nmetadata: {name: a}\nspec: {selector: {}, sidecar: []}\n"
	_, err := Read(Request{Defaults: []*manifest.Source{manifest.NewSource("d.yaml", []byte(bad))}})
	var f *Failure
	if !errors.As(err, &f) || len(f.Inputs) != 1 || f.Inputs[0].File != "d.yaml" {
		t.Fatalf("want one input error in d.yaml, got %v", err)
	}
}
