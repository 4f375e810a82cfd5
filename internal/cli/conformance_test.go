package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/podctl/podctl/internal/workload"
)

// The public conformance cases are the webhook's own answers. Each runs
// through the CLI twice: as the bare Pod on stdin, and as the pod template
// of a Deployment.

type caseMeta struct {
	Rejected    bool     `json:"rejected"`
	Conflicting []string `json:"conflicting"`
	Namespace   string   `json:"namespace"`
}

func TestConformanceThroughCLI(t *testing.T) {
	runCases(t, "../../testdata/conformance", "expected.yaml", false)
}

// TestQuirksThroughCLI: where the webhook admits a pod but breaks it,
// podctl prints the intended pod, exits 0 and warns.
func TestQuirksThroughCLI(t *testing.T) {
	runCases(t, "../../testdata/quirks", "intended.yaml", true)
}

func runCases(t *testing.T, root, expected string, wantWarning bool) {
	dirs, err := os.ReadDir(root)
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no cases in %s: %v", root, err)
	}
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		dir := filepath.Join(root, d.Name())
		t.Run(d.Name(), func(t *testing.T) {
			var meta caseMeta
			decodeFile(t, filepath.Join(dir, "case.json"), &meta)
			podYAML := readFile(t, filepath.Join(dir, "pod.yaml"))
			var want *corev1.Pod
			if _, err := os.Stat(filepath.Join(dir, expected)); err == nil {
				want = &corev1.Pod{}
				decodeFile(t, filepath.Join(dir, expected), want)
			}
			args := []string{"apply-defaults", "-d", filepath.Join(dir, "poddefaults.yaml")}
			if meta.Namespace != "" {
				args = append(args, "-n", meta.Namespace)
			}
			forms := map[string][]byte{"pod": podYAML}
			if !strings.Contains(string(podYAML), "kubernetes.io/config.mirror") {
				forms["deployment"] = wrapInDeployment(t, podYAML)
			}
			for form, input := range forms {
				var stdout, stderr bytes.Buffer
				code := Main(args, bytes.NewReader(input), &stdout, &stderr)
				if want == nil {
					if code != ExitConflict || stdout.Len() != 0 {
						t.Fatalf("[%s] want exit 3 and no output, got %d: %s%s", form, code, stdout.String(), stderr.String())
					}
					for _, pd := range meta.Conflicting {
						if !strings.Contains(stderr.String(), pd) {
							t.Errorf("[%s] the message does not name %s: %s", form, pd, stderr.String())
						}
					}
					continue
				}
				if code != ExitOK {
					t.Fatalf("[%s] exit %d: %s", form, code, stderr.String())
				}
				// a case the webhook handles may warn of a label chain or of
				// sidecars in pre-applied manifests; a quirk must warn of more
				defect := false
				for _, line := range strings.Split(stderr.String(), "\n") {
					if strings.HasPrefix(line, "warning:") && !strings.Contains(line, "would also apply on a second pass") &&
						!strings.Contains(line, "a sidecar of a PodDefault that still selects") {
						defect = true
					}
				}
				if defect != wantWarning {
					t.Errorf("[%s] webhook defect warned of: %v, want %v: %s", form, defect, wantWarning, stderr.String())
				}
				got := &corev1.Pod{}
				if form == "pod" {
					decodeBytes(t, stdout.Bytes(), got)
				} else {
					var dep struct {
						Spec struct {
							Template corev1.PodTemplateSpec `json:"template"`
						} `json:"spec"`
					}
					decodeBytes(t, stdout.Bytes(), &dep)
					got.ObjectMeta, got.Spec = dep.Spec.Template.ObjectMeta, dep.Spec.Template.Spec
					w := &corev1.Pod{Spec: want.Spec}
					w.Labels, w.Annotations = want.Labels, want.Annotations
					want = w
				}
				if g, w := templateJSON(got), templateJSON(want); g != w {
					t.Fatalf("[%s] result differs\n got  %s\n want %s", form, g, w)
				}
				want = &corev1.Pod{}
				decodeFile(t, filepath.Join(dir, expected), want)
			}
		})
	}
}

// templateJSON is what the webhook changes, as comparable JSON: labels,
// annotations and spec (nil and empty collections alike).
func templateJSON(p *corev1.Pod) string {
	v := map[string]any{"spec": p.Spec}
	if len(p.Labels) > 0 {
		v["labels"] = p.Labels
	}
	if len(p.Annotations) > 0 {
		v["annotations"] = p.Annotations
	}
	b, _ := json.Marshal(v)
	var generic any
	_ = json.Unmarshal(b, &generic)
	b, _ = json.Marshal(generic)
	return string(b)
}

// wrapInDeployment puts the pod's labels, annotations and spec, as
// written, into the template of a Deployment of the pod's name and namespace.
func wrapInDeployment(t *testing.T, podYAML []byte) []byte {
	return wrapInKind(t, podYAML, "apps/v1", "Deployment", workload.Path{"spec", "template"})
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func decodeFile(t *testing.T, path string, into any) {
	t.Helper()
	decodeBytes(t, readFile(t, path), into)
}

// decodeBytes reads YAML 1.2, as podctl does, into a typed value.
func decodeBytes(t *testing.T, b []byte, into any) {
	t.Helper()
	var v any
	if err := yaml.Unmarshal(b, &v); err != nil {
		t.Fatalf("%v\n%s", err, b)
	}
	j, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(j, into); err != nil {
		t.Fatal(err)
	}
}
