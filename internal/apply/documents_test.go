package apply

import (
	"errors"
	"strings"
	"testing"

	"github.com/podctl/podctl/internal/manifest"
)

// Every document is read once, and what cannot be read is an error
// wherever it stands: a broken PodDefault among the manifests of -f is not
// dropped because it is not a template.
func TestBrokenDocumentsAreErrorsWhereverTheyStand(t *testing.T) {
	pod := "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, image: i}]\n"
	brokenPD := "apiVersion: kubeflow.org/v1alpha1\nkind: PodDefault\nmetadata: {name: a}\nspec:\n  selector: {}\n  env: [ {name: X, value: \"1\"}\n"
	brokenList := "apiVersion: v1\nkind: List\nitems: [\n"
	for _, tc := range []struct {
		name     string
		req      Request
		wantFile string
		wantLine int
	}{
		{"PodDefault among workloads", Request{Workloads: []*manifest.Source{
			manifest.NewSource("pod.yaml", []byte(pod)), manifest.NewSource("pd.yaml", []byte(brokenPD))}}, "pd.yaml", 5},
		{"PodDefault among defaults", Request{Workloads: []*manifest.Source{manifest.NewSource("pod.yaml", []byte(pod))},
			Defaults: []*manifest.Source{manifest.NewSource("pd.yaml", []byte(brokenPD))}}, "pd.yaml", 5},
		{"List among workloads", Request{Workloads: []*manifest.Source{
			manifest.NewSource("pod.yaml", []byte(pod+"---\n"+brokenList))}}, "pod.yaml", 9},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Run(tc.req)
			var f *Failure
			if !errors.As(err, &f) || len(f.Inputs) != 1 {
				t.Fatalf("want one input error, got %v", err)
			}
			if got := f.Inputs[0]; got.File != tc.wantFile || got.Line != tc.wantLine {
				t.Errorf("error at %s, want %s:%d", got.Location, tc.wantFile, tc.wantLine)
			}
		})
	}
}

// A document that holds nothing podctl looks at passes through without a
// tree; one that may hold a template or a PodDefault is parsed once.
func TestDocumentsAreParsedOnlyWhenTheyMayHoldSomething(t *testing.T) {
	src := manifest.NewSource("in.yaml", []byte(strings.Join([]string{
		"apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: b}\n",
		"apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec: {template: {spec: {containers: []}}}\n",
		"apiVersion: kubeflow.org/v1alpha1\nkind: PodDefault\nmetadata: {name: p}\nspec: {selector: {}}\n",
		"apiVersion: v1\nkind: List\nitems: [{apiVersion: v1, kind: Secret}]\n",
		"apiVersion: v1\nkind: List\nitems: [{apiVersion: v1, kind: Pod}]\n",
	}, "---\n")))
	r := newRunner(Request{Workloads: []*manifest.Source{src}})
	var parsed []bool
	for _, d := range r.docs {
		parsed = append(parsed, d.tree != nil || d.later)
	}
	want := []bool{false, true, true, false, true}
	if r.docs[1].tree != nil || !r.docs[1].later {
		t.Error("a Deployment is parsed when its templates are visited, not before")
	}
	if strings.Join(boolWords(parsed), " ") != strings.Join(boolWords(want), " ") {
		t.Fatalf("parsed %v, want %v", parsed, want)
	}
	if len(r.defaults) != 1 {
		t.Fatalf("want the PodDefault among the manifests collected, got %d", len(r.defaults))
	}
}

func boolWords(bs []bool) []string {
	out := make([]string, len(bs))
	for i, b := range bs {
		out[i] = map[bool]string{true: "tree", false: "passthrough"}[b]
	}
	return out
}
