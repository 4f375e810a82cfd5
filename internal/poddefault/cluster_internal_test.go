package poddefault

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	"sigs.k8s.io/yaml"
)

// Where patchIsExact says the webhook's JSON patch need not be built, the
// pod Webhook gives is the one the patch gives: on every public case and
// quirk, with the pod decoded as the API server decodes it (no empty
// lists).
func TestExactPatchIsThePatch(t *testing.T) {
	exact := 0
	for _, c := range storedCases(t) {
		dir, pod, defaults := c.dir, *roundTrip(t, &c.pod), c.defaults
		matching, _, err := selectFrom(&pod, defaults)
		if err != nil || len(matching) == 0 || len(check(&pod, matching, nil)) > 0 {
			continue
		}
		mutated := webhookMutation(pod.DeepCopy(), matching)
		if !patchIsExact(&pod, mutated) {
			continue
		}
		exact++
		want, err := patchedPod(&pod, mutated)
		if err != nil {
			t.Errorf("%s: said exact, but the patch fails: %v", dir, err)
			continue
		}
		// quantities compare by value: the patch writes them canonical
		if got := withoutEmpty(mutated); !equality.Semantic.DeepEqual(got, want) {
			g, _ := json.Marshal(got)
			w, _ := json.Marshal(want)
			t.Errorf("%s: exact patch differs\n got  %s\n want %s", dir, g, w)
		}
	}
	if exact < 100 {
		t.Fatalf("only %d cases with an exact patch", exact)
	}
}

// storedCase is a case of testdata that the patch tests run: its pod as
// written (in the namespace case.json names, where the pod names none) and
// the PodDefaults of that namespace.
type storedCase struct {
	dir      string
	pod      corev1.Pod
	defaults []PodDefault
}

// storedCases reads every public case, quirk and stored cluster case.
func storedCases(t *testing.T) []storedCase {
	t.Helper()
	var cases []storedCase
	for _, set := range []string{"conformance", "quirks", "cluster/*"} {
		found, _ := filepath.Glob("../../testdata/" + set + "/*/pod.yaml")
		for _, f := range found {
			c := storedCase{dir: filepath.Dir(f)}
			decodeFile(t, f, &c.pod)
			var meta struct{ Namespace string }
			if data, err := os.ReadFile(filepath.Join(c.dir, "case.json")); err == nil {
				_ = json.Unmarshal(data, &meta)
			}
			if c.pod.Namespace == "" {
				c.pod.Namespace = meta.Namespace
			}
			c.defaults = readDefaults(t, filepath.Join(c.dir, "poddefaults.yaml"), c.pod.Namespace)
			cases = append(cases, c)
		}
	}
	return cases
}

func decodeFile(t *testing.T, path string, into any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(data, into); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

func roundTrip(t *testing.T, pod *corev1.Pod) *corev1.Pod {
	data, err := json.Marshal(pod)
	if err != nil {
		t.Fatal(err)
	}
	out := &corev1.Pod{}
	if err := json.Unmarshal(data, out); err != nil {
		t.Fatal(err)
	}
	return out
}

func readDefaults(t *testing.T, path, namespace string) []PodDefault {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []PodDefault
	for _, doc := range splitYAML(data) {
		var pd PodDefault
		if err := yaml.Unmarshal(doc, &pd); err != nil || pd.Name == "" {
			continue
		}
		if pd.Namespace == "" {
			pd.Namespace = namespace
		}
		out = append(out, pd)
	}
	return out
}

func splitYAML(data []byte) [][]byte {
	var out [][]byte
	start := 0
	for i := 0; i+3 <= len(data); i++ {
		if (i == 0 || data[i-1] == '\n') && string(data[i:i+3]) == "---" {
			out = append(out, data[start:i])
			start = i + 3
		}
	}
	return append(out, data[start:])
}

// Where envFromPatched builds the patched pod without the patch, it is
// the pod the patch gives, or the same refusal: on every public case and
// quirk, and on the pod podctl writes for each, which holds the envFrom
// entries that the webhook appends again.
func TestEnvFromPatchIsThePatch(t *testing.T) {
	compared, refused := 0, 0
	for _, c := range storedCases(t) {
		dir, pod, defaults := c.dir, c.pod, c.defaults
		pods := []*corev1.Pod{roundTrip(t, &pod)}
		if res, err := Apply(&pod, defaults); err == nil {
			pods = append(pods, roundTrip(t, res.Pod))
		}
		for _, p := range pods {
			matching, _, err := selectFrom(p, defaults)
			if err != nil || len(matching) == 0 || len(check(p, matching, nil)) > 0 {
				continue
			}
			mutated := webhookMutation(p.DeepCopy(), matching)
			if patchIsExact(p, mutated) {
				continue
			}
			got, gotErr, ok := envFromPatched(p, mutated.DeepCopy())
			if !ok {
				continue
			}
			compared++
			want, wantErr := patchedPod(p, mutated)
			switch {
			case wantErr != nil:
				refused++
				var pe *PatchError
				if gotErr == nil || gotErr.Error() != wantErr.Error() || !errors.As(gotErr, &pe) {
					t.Errorf("%s: the patch fails with %v, envFromPatched gives %v", dir, wantErr, gotErr)
				}
			case gotErr != nil:
				t.Errorf("%s: the patch applies, envFromPatched fails: %v", dir, gotErr)
			case !equality.Semantic.DeepEqual(got, want):
				g, _ := json.Marshal(got)
				w, _ := json.Marshal(want)
				t.Errorf("%s: envFromPatched differs\n got  %s\n want %s", dir, g, w)
			}
		}
	}
	if compared < 10 || refused == 0 {
		t.Fatalf("only %d pods compared, %d of them refused", compared, refused)
	}
	t.Logf("%d pods compared, %d of them refused", compared, refused)
}
