package apply

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/podctl/podctl/internal/manifest"
)

// Strict turns the warnings of a run into its failure, for both front ends.
func TestStrictMakesWarningsAFailure(t *testing.T) {
	// b adds the label a selects: a would apply on a second pass only
	workloads := "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: ns, labels: {app: x}}\nspec:\n  containers: [{name: c, image: i}]\n"
	defaults := "apiVersion: kubeflow.org/v1alpha1\nkind: PodDefault\nmetadata: {name: a, namespace: ns}\nspec: {selector: {matchLabels: {team: ml}}}\n" +
		"---\napiVersion: kubeflow.org/v1alpha1\nkind: PodDefault\nmetadata: {name: b, namespace: ns}\nspec: {selector: {matchLabels: {app: x}}, labels: {team: ml}}\n"
	req := func(strict bool) Request {
		return Request{Workloads: []*manifest.Source{manifest.NewSource("pod.yaml", []byte(workloads))},
			Defaults: []*manifest.Source{manifest.NewSource("pd.yaml", []byte(defaults))}, Strict: strict}
	}
	res, err := Run(req(false))
	if err != nil || len(res.Warnings) == 0 {
		t.Fatalf("want warnings and no error, got %v, %v", res, err)
	}
	warnings := len(res.Warnings)
	res, err = Run(req(true))
	var we *WarningsError
	if !errors.As(err, &we) || len(we.Warnings) != warnings || res == nil {
		t.Fatalf("want a WarningsError with the warning and the result, got %v", err)
	}
}

// --mark-excluded on an earlier run's output warns of nothing the mark
// avoids: the output it writes carries the exclude annotation.
func TestMarkExcludedOnEarlierOutputDoesNotAskForIt(t *testing.T) {
	read := func(path string) []byte {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	defaults := read("../../testdata/examples/poddefaults.yaml")
	req := func(workloads []byte, mark bool) Request {
		return Request{Workloads: []*manifest.Source{manifest.NewSource("w.yaml", workloads)},
			Defaults: []*manifest.Source{manifest.NewSource("d.yaml", defaults)}, MarkExcluded: mark}
	}
	first, err := Run(req(read("../../testdata/examples/workloads.yaml"), false))
	if err != nil {
		t.Fatal(err)
	}
	again, err := Run(req(first.Outputs[0].Bytes(), true))
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range again.Warnings {
		if strings.Contains(w.Message, "--mark-excluded") {
			t.Errorf("warning under --mark-excluded: %s", w)
		}
	}
	if !again.Outputs[0].Changed {
		t.Error("the templates were not marked")
	}
}

// A PodDefault given twice, once as written and once read back from a
// cluster (resourceVersion, uid, creationTimestamp), is one PodDefault.
func TestServerSetMetadataNeverMakesTwoCopiesDiffer(t *testing.T) {
	pd := "apiVersion: kubeflow.org/v1alpha1\nkind: PodDefault\nmetadata: {name: a, namespace: ns%s}\nspec: {selector: {}, env: [{name: A, value: \"1\"}]}\n"
	written := fmt.Sprintf(pd, "")
	fromCluster := fmt.Sprintf(pd, ", resourceVersion: \"42\", uid: 0a1b, generation: 3, creationTimestamp: \"2026-01-01T00:00:00Z\"")
	pod := "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: ns}\nspec:\n  containers: [{name: c, image: i}]\n"
	_, err := Run(Request{Workloads: []*manifest.Source{manifest.NewSource("pod.yaml", []byte(pod))},
		Defaults: []*manifest.Source{manifest.NewSource("a.yaml", []byte(written)), manifest.NewSource("b.yaml", []byte(fromCluster))}})
	if err != nil {
		t.Fatalf("the same PodDefault twice: %v", err)
	}
}

// Progress hears of every batch of documents, in order, up to the total.
func TestProgress(t *testing.T) {
	var b strings.Builder
	const n = 1100 // more than two batches
	for i := range n {
		fmt.Fprintf(&b, "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c%d}\n", i)
	}
	var calls [][2]int
	req := Request{Workloads: []*manifest.Source{manifest.NewSource("many.yaml", []byte(b.String()))},
		Progress: func(done, total int) { calls = append(calls, [2]int{done, total}) }}
	if _, err := Run(req); err != nil {
		t.Fatal(err)
	}
	if len(calls) < 3 || calls[0] != [2]int{0, n} || calls[len(calls)-1] != [2]int{n, n} {
		t.Fatalf("progress calls %v, want from 0 to %d of %d in batches", calls, n, n)
	}
	for i := 1; i < len(calls); i++ {
		if calls[i][0] <= calls[i-1][0] || calls[i][1] != n {
			t.Errorf("progress calls %v: not increasing", calls)
		}
	}
}
