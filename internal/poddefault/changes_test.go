package poddefault

import (
	"reflect"
	"testing"

	corev1 "k8s.io/api/core/v1"
)

// Each change names the PodDefault that brought it and where the item
// stands in that PodDefault, in the order a manifest is written: labels
// and annotations by key, the pod's lists, then container by container,
// then sidecars and init containers.
func TestChangesRecordWhoBroughtWhat(t *testing.T) {
	yes := true
	a := pd("a", PodDefaultSpec{
		Labels:  map[string]string{"z": "1", "b": "2"},
		Env:     []corev1.EnvVar{{Name: "SHARED", Value: "x"}, {Name: "A", Value: "1"}},
		Volumes: []corev1.Volume{{Name: "v"}},
		Command: []string{"run"},
	})
	b := pd("b", PodDefaultSpec{
		Labels:                       map[string]string{"m": "3"},
		Env:                          []corev1.EnvVar{{Name: "SHARED", Value: "x"}, {Name: "B", Value: "2"}},
		Sidecars:                     []corev1.Container{{Name: "side", Image: "s"}},
		ServiceAccountName:           "robot",
		AutomountServiceAccountToken: &yes,
	})
	b.ResourceVersion = "7"
	in := pod(corev1.Container{Name: "main", Image: "app"}, corev1.Container{Name: "istio-proxy", Image: "proxy"})
	res, err := Apply(in, []PodDefault{b, a})
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		field     Field
		container int
		key       string
		from      string
		index     int
	}
	var got []row
	for _, c := range res.Changes {
		got = append(got, row{c.Field, c.ContainerIndex, c.Key, c.From.Name, c.Index})
	}
	want := []row{
		{FieldLabels, -1, "b", "a", -1},
		{FieldLabels, -1, "m", "b", -1},
		{FieldLabels, -1, "z", "a", -1},
		{FieldAnnotations, -1, MarkerKey("a"), "a", -1},
		{FieldAnnotations, -1, MarkerKey("b"), "b", -1},
		{FieldVolumes, -1, "v", "a", 0},
		{FieldServiceAccountName, -1, "", "b", -1},
		{FieldAutomountServiceAccountToken, -1, "", "b", -1},
		{FieldEnv, 0, "SHARED", "a", 0}, // b's identical SHARED is present, not a change
		{FieldEnv, 0, "A", "a", 1},
		{FieldEnv, 0, "B", "b", 1},
		{FieldCommand, 0, "", "a", -1},
		{FieldEnv, 1, "SHARED", "a", 0}, // istio-proxy gets env, never a command
		{FieldEnv, 1, "A", "a", 1},
		{FieldEnv, 1, "B", "b", 1},
		{FieldSidecars, -1, "side", "b", 0},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("changes\n got  %+v\n want %+v", got, want)
	}
	if v := res.Changes[4].Value; v != "7" {
		t.Errorf("b's marker holds its resourceVersion, got %v", v)
	}
	if by := By(res.Changes, &[]PodDefault{b, a}[0]); len(by) != 0 {
		t.Errorf("By matches PodDefaults by identity, not by content: got %v", by)
	}
}

// A marker the pod already carries with the same resourceVersion is no
// change: the PodDefault found everything present.
func TestChangesSkipWhatIsPresent(t *testing.T) {
	a := pd("a", PodDefaultSpec{Env: []corev1.EnvVar{{Name: "A", Value: "1"}}})
	in := pod(corev1.Container{Name: "main", Image: "app", Env: []corev1.EnvVar{{Name: "A", Value: "1"}}})
	in.Annotations = map[string]string{MarkerKey("a"): ""}
	res, err := Apply(in, []PodDefault{a})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Changes) != 0 || res.Changed(in) {
		t.Fatalf("want no change, got %v", res.Changes)
	}
	if in.Annotations[MarkerKey("a")] != "" || len(in.Annotations) != 1 {
		t.Fatalf("the input pod was written into: %v", in.Annotations)
	}
}

// Replaying the changes of a run on the pod it ran on gives the pod the
// run made: the record misses nothing it did.
func TestReplayGivesTheAppliedPod(t *testing.T) {
	yes := true
	defaults := []PodDefault{
		pd("a", PodDefaultSpec{Labels: map[string]string{"x": "1"}, Annotations: map[string]string{"note": "n"},
			Volumes: []corev1.Volume{{Name: "v"}}, Tolerations: []corev1.Toleration{{Key: "gpu"}},
			ImagePullSecrets: []corev1.LocalObjectReference{{Name: "reg"}}, ServiceAccountName: "robot",
			AutomountServiceAccountToken: &yes, Env: []corev1.EnvVar{{Name: "E", Value: "1"}},
			VolumeMounts: []corev1.VolumeMount{{Name: "v", MountPath: "/v"}},
			EnvFrom:      []corev1.EnvFromSource{{Prefix: "P_"}}, Command: []string{"run"}, Args: []string{"--x"},
			Sidecars: []corev1.Container{{Name: "side", Image: "s"}}, InitContainers: []corev1.Container{{Name: "init", Image: "i"}}}),
	}
	in := pod(corev1.Container{Name: "main", Image: "app"}, corev1.Container{Name: "second", Image: "b", Command: []string{"own"}})
	res, err := Apply(in, defaults)
	if err != nil {
		t.Fatal(err)
	}
	if got := Replay(in, res.Changes); !reflect.DeepEqual(got, res.Pod) {
		t.Fatalf("replayed\n%+v\nwant\n%+v", got.Spec, res.Pod.Spec)
	}
}
