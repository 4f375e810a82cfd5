package poddefault_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	corev1 "k8s.io/api/core/v1"

	"github.com/podctl/podctl/internal/poddefault"
)

// FuzzApply: the engine never panics; a pod it admits holds everything
// each applied PodDefault brings, and applying the same PodDefaults to
// that pod again changes nothing (label chains aside).
func FuzzApply(f *testing.F) {
	dirs, _ := filepath.Glob("../../testdata/conformance/*")
	for _, d := range dirs {
		var pod corev1.Pod
		var pds []poddefault.PodDefault
		if loadJSON(d, &pod, &pds) {
			p, _ := json.Marshal(pod)
			ds, _ := json.Marshal(pds)
			f.Add(p, ds)
		}
	}
	f.Fuzz(func(t *testing.T, podJSON, defaultsJSON []byte) {
		var pod corev1.Pod
		var defaults []poddefault.PodDefault
		if json.Unmarshal(podJSON, &pod) != nil || json.Unmarshal(defaultsJSON, &defaults) != nil {
			return
		}
		res, err := poddefault.Apply(&pod, defaults)
		if err != nil {
			return
		}
		if res.Excluded != "" {
			return
		}
		present := map[string]bool{}
		for _, n := range res.PresentSidecars {
			present[n] = true
		}
		got := res.Pod
		for _, pd := range res.Applied {
			for _, v := range pd.Spec.Volumes {
				if !hasDeepEqual(got.Spec.Volumes, v) {
					t.Fatalf("volume %s of %s missing", v.Name, pd.Name)
				}
			}
			for _, tol := range pd.Spec.Tolerations {
				if !hasDeepEqual(got.Spec.Tolerations, tol) {
					t.Fatalf("toleration %s of %s missing", tol.Key, pd.Name)
				}
			}
			for _, s := range pd.Spec.ImagePullSecrets {
				if !hasDeepEqual(got.Spec.ImagePullSecrets, s) {
					t.Fatalf("imagePullSecret %s of %s missing", s.Name, pd.Name)
				}
			}
			for k, v := range pd.Spec.Labels {
				if got.Labels[k] != v {
					t.Fatalf("label %s of %s missing", k, pd.Name)
				}
			}
			for k, v := range pd.Spec.Annotations {
				if k != poddefault.MarkerKey(pd.Name) && got.Annotations[k] != v {
					t.Fatalf("annotation %s of %s missing", k, pd.Name)
				}
			}
			for i := range pod.Spec.Containers {
				c := got.Spec.Containers[i]
				if present[c.Name] {
					continue
				}
				for _, e := range pd.Spec.Env {
					if !hasEnvNamed(c.Env, e) {
						t.Fatalf("env %s of %s missing in %s", e.Name, pd.Name, c.Name)
					}
				}
				for _, m := range pd.Spec.VolumeMounts {
					if !hasDeepEqual(c.VolumeMounts, m) {
						t.Fatalf("mount %s of %s missing in %s", m.Name, pd.Name, c.Name)
					}
				}
			}
		}
		if len(res.Chains) > 0 || writesAMarker(res.Applied) {
			return // a second pass differs in the webhook too (cases 208, 059)
		}
		again, err := poddefault.Apply(got, defaults)
		if err != nil {
			t.Fatalf("applying again fails: %v", err)
		}
		if !reflect.DeepEqual(again.Pod, got) {
			t.Fatalf("applying again changes the pod")
		}
	})
}

func hasDeepEqual[T any](list []T, v T) bool {
	for i := range list {
		if reflect.DeepEqual(list[i], v) {
			return true
		}
	}
	return false
}

// hasEnvNamed: the last env var of that name is the one that counts.
func hasEnvNamed(env []corev1.EnvVar, e corev1.EnvVar) bool {
	for i := len(env) - 1; i >= 0; i-- {
		if env[i].Name == e.Name {
			return reflect.DeepEqual(env[i], e)
		}
	}
	return false
}

// loadJSON reads a case's pod and PodDefaults (namespaces filled in).
func loadJSON(dir string, pod *corev1.Pod, pds *[]poddefault.PodDefault) bool {
	var meta caseMeta
	b, err := os.ReadFile(filepath.Join(dir, "case.json"))
	if err != nil || json.Unmarshal(b, &meta) != nil {
		return false
	}
	if b, err = os.ReadFile(filepath.Join(dir, "pod.yaml")); err != nil || decodeYAML(b, pod) != nil {
		return false
	}
	if pod.Namespace == "" {
		pod.Namespace = meta.Namespace
	}
	if b, err = os.ReadFile(filepath.Join(dir, "poddefaults.yaml")); err != nil {
		return false
	}
	for _, doc := range bytes.Split(b, []byte("\n---\n")) {
		var pd poddefault.PodDefault
		if decodeYAML(doc, &pd) != nil {
			return false
		}
		if pd.Namespace == "" {
			pd.Namespace = pod.Namespace
		}
		*pds = append(*pds, pd)
	}
	return true
}

// writesAMarker: a PodDefault whose annotations hold a marker key, which
// the markers then overwrite, clashes with itself on a second pass.
func writesAMarker(pds []*poddefault.PodDefault) bool {
	for _, pd := range pds {
		for _, other := range pds {
			if _, ok := pd.Spec.Annotations[poddefault.MarkerKey(other.Name)]; ok {
				return true
			}
		}
	}
	return false
}
