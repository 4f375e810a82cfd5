package apply_test

import (
	"bytes"
	"encoding/json"
	"testing"

	corev1 "k8s.io/api/core/v1"
	sigsyaml "sigs.k8s.io/yaml"
)

// podSpecForm puts a pod's labels, annotations and spec where a kind that
// holds a pod spec keeps them, and reads them back from podctl's output.
type podSpecForm struct {
	apiVersion, kind string
	// at is the path of the pod spec; meta, of the map that holds the
	// labels and annotations
	at, meta []string
}

// TestConformanceInPodSpecKinds wraps a pod into the kinds whose pod spec
// and labels podctl can write without renaming containers (a KServe custom
// predictor, an LLMInferenceService's template), and checks both sides of
// selection as TestConformanceInEveryKind does: the pod podctl's output
// gives is the webhook's answer, and an unselected pod comes out byte for
// byte.
func TestConformanceInPodSpecKinds(t *testing.T) {
	selected := loadCase(t, "../../testdata/conformance/240-kubeflow-notebook-typical", "expected.yaml")
	unselected := loadCase(t, "../../testdata/conformance/019-selector-expr-exists-nomatch", "expected.yaml")
	forms := []podSpecForm{
		{"serving.kserve.io/v1beta1", "InferenceService", []string{"spec", "predictor"}, []string{"spec", "predictor"}},
		{"serving.kserve.io/v1alpha2", "LLMInferenceService", []string{"spec", "template"}, []string{"spec"}},
	}
	for _, f := range forms {
		t.Run(f.kind, func(t *testing.T) {
			input := f.wrap(t, selected.pod)
			res, out, err := selected.run(t, input)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Objects) != 1 || !res.Objects[0].Changed {
				t.Fatalf("selected: objects %+v, want one changed", res.Objects)
			}
			if g, w := templateJSON(f.read(t, out)), templateJSON(selected.want); g != w {
				t.Errorf("selected: the pod differs\n got  %s\n want %s", g, w)
			}
			input = f.wrap(t, unselected.pod)
			res, out, err = unselected.run(t, input)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Objects) != 1 || res.Objects[0].Changed || !bytes.Equal(out, input) {
				t.Errorf("unselected: objects %+v, output\n%s\nwant one, unchanged, and the input as it was", res.Objects, out)
			}
		})
	}
}

func (f podSpecForm) wrap(t *testing.T, podYAML []byte) []byte {
	t.Helper()
	var pod corev1.Pod
	decodeBytes(t, podYAML, &pod)
	spec := map[string]any{}
	remarshal(t, pod.Spec, &spec)
	obj := map[string]any{"apiVersion": f.apiVersion, "kind": f.kind,
		"metadata": map[string]any{"name": pod.Name, "namespace": pod.Namespace}}
	at(obj, f.at, spec)
	meta := at(obj, f.meta, nil)
	if len(pod.Labels) > 0 {
		meta["labels"] = pod.Labels
	}
	if len(pod.Annotations) > 0 {
		meta["annotations"] = pod.Annotations
	}
	out, err := sigsyaml.Marshal(obj)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func (f podSpecForm) read(t *testing.T, out []byte) *corev1.Pod {
	t.Helper()
	var obj map[string]any
	if err := sigsyaml.Unmarshal(out, &obj); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	var pod corev1.Pod
	remarshal(t, at(obj, f.at, nil), &pod.Spec)
	var meta struct {
		Labels      map[string]string `json:"labels"`
		Annotations map[string]string `json:"annotations"`
	}
	remarshal(t, at(obj, f.meta, nil), &meta)
	pod.Labels, pod.Annotations = meta.Labels, meta.Annotations
	return &pod
}

// at returns the map at path in obj, creating maps on the way; with set,
// it puts set there.
func at(obj map[string]any, path []string, set map[string]any) map[string]any {
	m := obj
	for i, k := range path {
		next, ok := m[k].(map[string]any)
		switch {
		case i == len(path)-1 && set != nil:
			next = set
			m[k] = next
		case !ok:
			next = map[string]any{}
			m[k] = next
		}
		m = next
	}
	return m
}

func remarshal(t *testing.T, from, into any) {
	t.Helper()
	b, err := json.Marshal(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, into); err != nil {
		t.Fatal(err)
	}
}
