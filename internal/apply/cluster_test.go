package apply

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"

	"github.com/podctl/podctl/internal/cluster"
	"github.com/podctl/podctl/internal/cluster/clustertest"
	"github.com/podctl/podctl/internal/manifest"
)

// clusterAnswer is one stored answer of a real API server
// (testdata/cluster/README.md).
type clusterAnswer struct {
	Admitted bool           `json:"admitted"`
	Class    string         `json:"class"`
	Pod      map[string]any `json:"pod"`
}

type clusterCase struct {
	name, dir, namespace string
	setup                []string
	create               clusterAnswer
	reapply, marked      *clusterAnswer
}

func loadClusterCases(t *testing.T) []clusterCase {
	t.Helper()
	dirs, _ := filepath.Glob("../../testdata/cluster/*/*/cluster.json")
	if len(dirs) == 0 {
		t.Fatal("no stored cluster cases")
	}
	var out []clusterCase
	for _, f := range dirs {
		dir := filepath.Dir(f)
		var meta struct {
			Namespace string `json:"namespace"`
		}
		var rec struct {
			Setup         []string       `json:"setup"`
			Create        clusterAnswer  `json:"create"`
			Reapply       *clusterAnswer `json:"reapply"`
			ReapplyMarked *clusterAnswer `json:"reapplyMarked"`
		}
		readJSONFile(t, filepath.Join(dir, "case.json"), &meta)
		readJSONFile(t, f, &rec)
		out = append(out, clusterCase{name: filepath.Base(filepath.Dir(dir)) + "/" + filepath.Base(dir), dir: dir, namespace: meta.Namespace,
			setup: rec.Setup, create: rec.Create, reapply: rec.Reapply, marked: rec.ReapplyMarked})
	}
	return out
}

func readJSONFile(t *testing.T, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// request is the case as the harness gives it to podctl.
func (c clusterCase) request(t *testing.T) Request {
	t.Helper()
	read := func(name string) *manifest.Source {
		data, err := os.ReadFile(filepath.Join(c.dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return manifest.NewSource(name, data)
	}
	return Request{Workloads: []*manifest.Source{read("pod.yaml")}, Defaults: []*manifest.Source{read("poddefaults.yaml")}, Namespace: c.namespace}
}

// runCase runs apply on a stored case as the harness runs podctl.
func runCase(t *testing.T, c clusterCase, markExcluded bool) (*Result, error) {
	t.Helper()
	req := c.request(t)
	req.MarkExcluded = markExcluded
	return Run(req)
}

// throughServer is what the API server stores for podctl's output with
// the webhook skipped, as the harness sends it (the exclude annotation
// set, then taken off the answer).
func throughServer(t *testing.T, res *Result, namespace string) (map[string]any, *cluster.Refusal) {
	t.Helper()
	var pod corev1.Pod
	if err := yaml.Unmarshal(res.Outputs[0].Bytes(), &pod); err != nil {
		t.Fatal(err)
	}
	out, err := cluster.Create(&pod, namespace, nil, cluster.Options{Webhook: cluster.WebhookSkipped})
	if err != nil {
		t.Fatal(err)
	}
	if out.Refusal != nil {
		return nil, out.Refusal
	}
	return clustertest.Normalise(out.Pod), nil
}

// TestAgreesWithTheCluster holds apply to what a real API server with the
// PodDefault webhook answered for every stored case: the same decision;
// for pods both admit, the same pod from podctl's output; a warning exactly
// where the webhook refuses or changes podctl's output when it meets it
// again; and --mark-excluded output that the cluster admits.
func TestAgreesWithTheCluster(t *testing.T) {
	var decisions, decided, pods, podsEqual, podsWarned, warned, warnedRight, marked, markedAdmitted int
	for _, c := range loadClusterCases(t) {
		switch {
		case c.create.Class == "strict-decoding" || len(c.setup) > 0:
			continue // the server refused unknown fields, which podctl refuses as input errors
		case c.name == "model/m05-invalid-env-name":
			// the harness reads YAML as YAML 1.1 without plain y/n booleans;
			// kubectl reads `value: y` as a boolean, which podctl refuses
			continue
		case c.name == "model/m32-unknown-priority-class":
			// podctl takes a PriorityClass a manifest names to exist: the
			// cluster it goes to has it, the one that answered had not
			continue
		}
		t.Run(c.name, func(t *testing.T) {
			checkPreview(t, c)
			res, err := runCase(t, c, false)
			var f *Failure
			if errors.As(err, &f) && len(f.Inputs) > 0 {
				t.Fatalf("input error: %v", err)
			}
			admitted := err == nil
			decided++
			if admitted != c.create.Admitted {
				t.Errorf("podctl admits: %v, the cluster: %v (%s): %v", admitted, c.create.Admitted, c.create.Class, err)
				return
			}
			decisions++
			if !admitted {
				return
			}
			pods++
			got, refusal := throughServer(t, res, c.namespace)
			if refusal != nil {
				t.Errorf("podctl's output, with the webhook skipped, is refused: %v", refusal)
			} else if diffs := clustertest.DiffJSON(cluster.AlignNamed(c.create.Pod), cluster.AlignNamed(got), ""); len(diffs) == 0 {
				podsEqual++
			} else if warnedOf(res, "the pod the cluster creates", "so the pod keeps it") {
				podsWarned++ // what the plugins did before the webhook, no manifest can show
			} else {
				t.Errorf("the cluster's pod and podctl's output differ, without a warning:\n%s", strings.Join(diffs, "\n"))
			}
			if c.reapply != nil {
				warned++
				wantWarning := !c.reapply.Admitted || len(clustertest.DiffJSON(cluster.AlignNamed(c.reapply.Pod), cluster.AlignNamed(got), "")) > 0
				gotWarning := warnedOf(res, "where the PodDefault webhook also runs")
				if gotWarning != wantWarning {
					t.Errorf("re-application warned of: %v, want %v (the cluster re-admits: %v): %v", gotWarning, wantWarning, c.reapply.Admitted, res.Warnings)
				} else {
					warnedRight++
				}
			}
			if c.marked != nil {
				marked++
				mres, err := runCase(t, c, true)
				if err != nil {
					t.Fatalf("--mark-excluded: %v", err)
				}
				var pod corev1.Pod
				if err := yaml.Unmarshal(mres.Outputs[0].Bytes(), &pod); err != nil {
					t.Fatal(err)
				}
				out, err := cluster.Create(&pod, c.namespace, nil, cluster.Options{})
				if err != nil || out.Refusal != nil || !c.marked.Admitted {
					t.Errorf("--mark-excluded output: refused (model %v, cluster admitted %v)", out.Refusal, c.marked.Admitted)
				} else {
					markedAdmitted++
				}
			}
		})
	}
	summary := fmt.Sprintf("decisions %d/%d, pods equal %d/%d (and %d with a warning that they differ), re-application warnings %d/%d, --mark-excluded admitted %d/%d",
		decisions, decided, podsEqual, pods, podsWarned, warnedRight, warned, markedAdmitted, marked)
	t.Log(summary)
	// README.md quotes this summary as it is
	if readme, err := os.ReadFile("../../README.md"); err != nil {
		t.Error(err)
	} else if !strings.Contains(string(readme), "\n"+summary+"\n") {
		t.Errorf("README.md does not quote the summary as it is now:\n%s", summary)
	}
}

// warnedOf reports whether a run warned with any of the phrases.
func warnedOf(res *Result, phrases ...string) bool {
	for _, w := range res.Warnings {
		for _, p := range phrases {
			if strings.Contains(w.Message, p) {
				return true
			}
		}
	}
	return false
}

// checkPreview: the pod preview gives is the cluster's, in the cluster's
// order too, or the cluster's refusal.
func checkPreview(t *testing.T, c clusterCase) {
	t.Helper()
	previewed, err := Preview(c.request(t))
	if err != nil {
		t.Fatalf("preview: %v", err)
	}
	if len(previewed) != 1 {
		t.Fatalf("preview: %d pods, want 1", len(previewed))
	}
	p := previewed[0]
	if (p.Refused == "") != c.create.Admitted {
		t.Errorf("preview refuses: %q, the cluster admits: %v", p.Refused, c.create.Admitted)
		return
	}
	if p.Refused == "" {
		if diffs := clustertest.DiffJSON(c.create.Pod, clustertest.Normalise(p.Pod), ""); len(diffs) > 0 {
			t.Errorf("preview's pod differs from the cluster's:\n%s", strings.Join(diffs, "\n"))
		}
	}
}
