package cluster_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	kyaml "sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/podctl/podctl/internal/cluster/clustertest"
	"github.com/podctl/podctl/internal/poddefault"
)

// The cluster cases are stored answers of a real API server (see
// testdata/cluster/README.md). -import DIR rewrites them from the output
// directory of ../shared/cluster/run.sh.
var importDir = flag.String("import", "", "rewrite testdata/cluster from this run.sh output directory")

const casesRoot = "../../testdata/cluster"

// answer is what the API server said to one dry-run create.
type answer struct {
	Admitted bool   `json:"admitted"`
	Class    string `json:"class,omitempty"`
	Error    string `json:"error,omitempty"`
	// Pod is the admitted pod, normalised (normalise).
	Pod map[string]any `json:"pod,omitempty"`
}

// clusterRecord is cluster.json of a stored case.
type clusterRecord struct {
	// Setup lists what went wrong preparing the namespace: PodDefaults the
	// server refused to store.
	Setup []string `json:"setup,omitempty"`
	// PodDefaults are the PodDefaults as the server stored them.
	PodDefaults []storedPodDefault `json:"podDefaults"`
	// Create is the answer for pod.yaml, with the webhook.
	Create answer `json:"create"`
	// CreateLenient is the answer for pod.yaml sent without strict field
	// validation, when the strict create was refused for unknown fields.
	CreateLenient *answer `json:"createLenient,omitempty"`
	// Reapply is the answer for podctl.out.yaml (podctl's output for
	// pod.yaml), with the webhook; ReapplyMarked for marked.out.yaml
	// (written with --mark-excluded).
	Reapply       *answer `json:"reapply,omitempty"`
	ReapplyMarked *answer `json:"reapplyMarked,omitempty"`
}

type storedPodDefault struct {
	Namespace string         `json:"namespace"`
	Name      string         `json:"name"`
	Spec      map[string]any `json:"spec"`
}

type caseMeta struct {
	Namespace   string `json:"namespace"`
	Description string `json:"description"`
}

// storedCase is one case of testdata/cluster.
type storedCase struct {
	set, name, dir string
	meta           caseMeta
	record         clusterRecord
}

func loadStoredCases(t testing.TB) []storedCase {
	t.Helper()
	dirs, err := filepath.Glob(filepath.Join(casesRoot, "*", "*", "cluster.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) == 0 {
		t.Fatalf("no stored cluster cases under %s", casesRoot)
	}
	var out []storedCase
	for _, f := range dirs {
		d := filepath.Dir(f)
		c := storedCase{set: filepath.Base(filepath.Dir(d)), name: filepath.Base(d), dir: d}
		mustJSON(t, filepath.Join(d, "case.json"), &c.meta)
		mustJSON(t, f, &c.record)
		out = append(out, c)
	}
	return out
}

func mustJSON(t testing.TB, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// readPods reads the Pods of a YAML stream.
func readPods(t testing.TB, path string) []*corev1.Pod {
	t.Helper()
	var pods []*corev1.Pod
	for _, doc := range readDocs(t, path) {
		if kind, _ := doc["kind"].(string); kind != "Pod" {
			continue
		}
		b, _ := json.Marshal(doc)
		pod := &corev1.Pod{}
		if err := json.Unmarshal(b, pod); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		pods = append(pods, pod)
	}
	return pods
}

// readPodDefaults reads a stream of PodDefaults and PodDefaultLists; missing
// says which have no spec.selector, which the CRD refuses.
func readPodDefaults(t testing.TB, path string) (pds []poddefault.PodDefault, missing map[string]bool) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return readPodDefaultsText(t, string(raw))
}

func readPodDefaultsText(t testing.TB, text string) (pds []poddefault.PodDefault, missing map[string]bool) {
	t.Helper()
	missing = map[string]bool{}
	var items []map[string]any
	for _, doc := range splitDocs(t, text) {
		if list, ok := doc["items"].([]any); ok {
			for _, it := range list {
				if m, ok := it.(map[string]any); ok {
					items = append(items, m)
				}
			}
			continue
		}
		items = append(items, doc)
	}
	for _, it := range items {
		b, _ := json.Marshal(it)
		var pd poddefault.PodDefault
		if err := json.Unmarshal(b, &pd); err != nil {
			t.Fatal(err)
		}
		if spec, _ := it["spec"].(map[string]any); spec == nil || spec["selector"] == nil {
			missing[pd.Name] = true
		}
		pds = append(pds, pd)
	}
	return pds, missing
}

func readDocs(t testing.TB, path string) []map[string]any {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return splitDocs(t, string(raw))
}

func splitDocs(t testing.TB, text string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, doc := range regexp.MustCompile(`(?m)^---.*$`).Split(text, -1) {
		if strings.TrimSpace(doc) == "" {
			continue
		}
		// YAML 1.2, as podctl and the harness read it ("y" is a string)
		var m map[string]any
		if err := kyaml.Unmarshal([]byte(doc), &m); err != nil {
			t.Fatal(err)
		}
		if m != nil {
			out = append(out, m)
		}
	}
	return out
}

// TestImportClusterRun rewrites testdata/cluster from a run.sh output
// directory; it runs only with -import.
func TestImportClusterRun(t *testing.T) {
	if *importDir == "" {
		t.Skip("no -import directory")
	}
	raw, err := os.ReadFile(filepath.Join(*importDir, "results.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, line := range bytes.Split(raw, []byte("\n")) {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		var rec map[string]any
		if err := json.Unmarshal(line, &rec); err != nil {
			t.Fatal(err)
		}
		if e, ok := rec["harness_error"]; ok {
			t.Errorf("%s/%s: harness error %v: not imported", rec["set"], rec["case"], e)
			continue
		}
		if err := importCase(rec); err != nil {
			t.Errorf("%s/%s: %v", rec["set"], rec["case"], err)
			continue
		}
		n++
	}
	t.Logf("imported %d cases into %s", n, casesRoot)
}

func importCase(rec map[string]any) error {
	set, name := rec["set"].(string), rec["case"].(string)
	src := rec["case_dir"].(string)
	run := filepath.Join(*importDir, "cases", set, name)
	dst := filepath.Join(casesRoot, set, name)
	if err := os.RemoveAll(dst); err != nil {
		return err
	}
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return err
	}
	for _, f := range []string{"case.json", "pod.yaml", "poddefaults.yaml"} {
		if err := copyFile(filepath.Join(src, f), filepath.Join(dst, f)); err != nil {
			return err
		}
	}
	var out clusterRecord
	for _, note := range rec["setup_notes"].([]any) {
		out.Setup = append(out.Setup, note.(string))
	}
	var stored []map[string]any
	if err := readJSON(filepath.Join(run, "poddefaults.server.json"), &stored); err != nil {
		return err
	}
	for _, s := range stored {
		spec, _ := s["spec"].(map[string]any)
		out.PodDefaults = append(out.PodDefaults, storedPodDefault{Namespace: s["namespace"].(string), Name: s["name"].(string), Spec: spec})
	}
	var err error
	if out.Create, err = answerOf(rec["cluster"], filepath.Join(run, "cluster.json")); err != nil {
		return err
	}
	if l, ok := rec["lenient"].(map[string]any); ok {
		a, err := answerOf(l["cluster"], filepath.Join(run, "cluster.lenient.json"))
		if err != nil {
			return err
		}
		out.CreateLenient = &a
	}
	for _, r := range []struct {
		key, input, output, server string
		into                       **answer
	}{
		{"reapply", "podctl.out.yaml", "podctl.out.yaml", "reapply.server.json", &out.Reapply},
		{"reapply_marked", "podctl.marked.out.yaml", "marked.out.yaml", "reapply_marked.server.json", &out.ReapplyMarked},
	} {
		v, ok := rec[r.key].(map[string]any)
		if !ok || v["skipped"] != nil {
			continue
		}
		a, err := answerOf(v, filepath.Join(run, r.server))
		if err != nil {
			return err
		}
		*r.into = &a
		if err := copyFile(filepath.Join(run, r.input), filepath.Join(dst, r.output)); err != nil {
			return err
		}
	}
	b, err := json.MarshalIndent(out, "", " ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dst, "cluster.json"), append(b, '\n'), 0o644)
}

func answerOf(v any, podFile string) (answer, error) {
	m, _ := v.(map[string]any)
	if m == nil {
		return answer{}, errors.New("no answer recorded")
	}
	a := answer{}
	a.Admitted, _ = m["admitted"].(bool)
	if !a.Admitted {
		a.Class, _ = m["class"].(string)
		a.Error, _ = m["error"].(string)
		return a, nil
	}
	var pod map[string]any
	if err := readJSON(podFile, &pod); err != nil {
		return a, err
	}
	a.Pod = clustertest.Normalise(pod)
	return a, nil
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}

func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, b, 0o644)
}
