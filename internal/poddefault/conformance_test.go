package poddefault_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/podctl/podctl/internal/poddefault"
)

// caseMeta is the case.json of a conformance or quirk case.
type caseMeta struct {
	Rejected    bool     `json:"rejected"`
	Conflicting []string `json:"conflicting"`
	Namespace   string   `json:"namespace"`
	Applied     []string `json:"applied"`
	Reason      string   `json:"reason"`
	Quirk       string   `json:"quirk"`
}

type loadedCase struct {
	name     string
	meta     caseMeta
	pod      *corev1.Pod
	defaults []poddefault.PodDefault
	want     *corev1.Pod
}

func loadCases(t *testing.T, dir, expected string) []loadedCase {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []loadedCase
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		d := filepath.Join(dir, e.Name())
		c := loadedCase{name: e.Name(), pod: &corev1.Pod{}}
		mustDecode(t, filepath.Join(d, "case.json"), &c.meta)
		mustDecode(t, filepath.Join(d, "pod.yaml"), c.pod)
		if c.pod.Namespace == "" {
			c.pod.Namespace = c.meta.Namespace
		}
		raw, err := os.ReadFile(filepath.Join(d, "poddefaults.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		for _, doc := range bytes.Split(raw, []byte("\n---\n")) {
			if len(bytes.TrimSpace(doc)) == 0 {
				continue
			}
			var pd poddefault.PodDefault
			if err := decodeYAML(doc, &pd); err != nil {
				t.Fatalf("%s: %v", d, err)
			}
			if pd.Namespace == "" {
				pd.Namespace = c.pod.Namespace
			}
			c.defaults = append(c.defaults, pd)
		}
		if _, err := os.Stat(filepath.Join(d, expected)); err == nil {
			c.want = &corev1.Pod{}
			mustDecode(t, filepath.Join(d, expected), c.want)
			if c.want.Namespace == "" {
				c.want.Namespace = c.pod.Namespace // the webhook never writes its fallback
			}
		}
		out = append(out, c)
	}
	if len(out) == 0 {
		t.Fatalf("no cases in %s", dir)
	}
	return out
}

func mustDecode(t *testing.T, path string, into any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := decodeYAML(b, into); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// decodeYAML reads YAML 1.2 (as podctl does) into a typed value through JSON.
func decodeYAML(b []byte, into any) error {
	var v any
	if err := yaml.Unmarshal(b, &v); err != nil {
		return err
	}
	j, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return json.Unmarshal(j, into)
}

// normalized compares pods as the conformance runner does: as JSON values,
// so nil and empty collections are the same.
func normalized(p *corev1.Pod) map[string]any {
	b, _ := json.Marshal(p)
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	if md, ok := m["metadata"].(map[string]any); ok {
		delete(md, "creationTimestamp")
		for _, k := range []string{"labels", "annotations"} {
			if v, ok := md[k].(map[string]any); ok && len(v) == 0 {
				delete(md, k)
			}
		}
	}
	return m
}

func TestConformanceCases(t *testing.T) {
	for _, c := range loadCases(t, "../../testdata/conformance", "expected.yaml") {
		t.Run(c.name, func(t *testing.T) {
			res, err := poddefault.Apply(c.pod, c.defaults)
			if c.meta.Rejected {
				if err == nil {
					t.Fatalf("want rejection (%s), got admitted", c.meta.Reason)
				}
				var ce *poddefault.ConflictError
				var se *poddefault.SelectorError
				switch c.meta.Reason {
				case "conflict":
					if !errors.As(err, &ce) {
						t.Fatalf("want a ConflictError, got %T: %v", err, err)
					}
					if !reflect.DeepEqual(ce.PodDefaults, c.meta.Conflicting) {
						t.Errorf("denial names %v, want %v", ce.PodDefaults, c.meta.Conflicting)
					}
				case "invalid-selector":
					if !errors.As(err, &se) {
						t.Fatalf("want a SelectorError, got %T: %v", err, err)
					}
				}
				for _, name := range c.meta.Conflicting {
					if !strings.Contains(err.Error(), name) {
						t.Errorf("message does not name %s: %v", name, err)
					}
				}
				return
			}
			if err != nil {
				t.Fatalf("want admitted, got %v", err)
			}
			if got, want := normalized(res.Pod), normalized(c.want); !reflect.DeepEqual(got, want) {
				gj, _ := json.Marshal(got)
				wj, _ := json.Marshal(want)
				t.Fatalf("result differs\n got  %s\n want %s", gj, wj)
			}
			var applied []string
			for _, pd := range res.Applied {
				applied = append(applied, pd.Name)
			}
			if len(c.meta.Applied) > 0 && !reflect.DeepEqual(applied, c.meta.Applied) {
				t.Errorf("applied %v, want %v", applied, c.meta.Applied)
			}
			if len(res.Defects) > 0 {
				t.Errorf("unexpected defect warning for a case the webhook handles: %+v", res.Defects)
			}
		})
	}
}

// TestQuirks: where the webhook admits a pod but breaks it, podctl gives
// the intended pod and reports the defect.
func TestQuirks(t *testing.T) {
	for _, c := range loadCases(t, "../../testdata/quirks", "intended.yaml") {
		t.Run(c.name, func(t *testing.T) {
			res, err := poddefault.Apply(c.pod, c.defaults)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := normalized(res.Pod), normalized(c.want); !reflect.DeepEqual(got, want) {
				gj, _ := json.Marshal(got)
				wj, _ := json.Marshal(want)
				t.Fatalf("result differs\n got  %s\n want %s", gj, wj)
			}
			if len(res.Defects) != 1 {
				t.Fatalf("want one defect, got %+v", res.Defects)
			}
			if kind := string(res.Defects[0].Kind); !strings.HasPrefix(c.meta.Quirk, kind) {
				t.Errorf("defect %s, want the kind of %q", kind, c.meta.Quirk)
			}
		})
	}
}

// TestCheckIsApplysVerdict: on every case, Check on the PodDefaults that
// Select gives finds exactly the clashes Apply refuses the pod for.
func TestCheckIsApplysVerdict(t *testing.T) {
	cases := append(loadCases(t, "../../testdata/conformance", "expected.yaml"), loadCases(t, "../../testdata/quirks", "intended.yaml")...)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			selected, err := poddefault.Select(c.pod, c.defaults)
			if err != nil || poddefault.Excluded(c.pod) != "" {
				return // no merge happens
			}
			got := poddefault.Check(c.pod, selected)
			_, err = poddefault.Apply(c.pod, c.defaults)
			var ce *poddefault.ConflictError
			var want []poddefault.Clash
			if errors.As(err, &ce) {
				want = ce.Clashes
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("Check gives %v, Apply refuses for %v", got, want)
			}
		})
	}
}
