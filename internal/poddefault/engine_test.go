package poddefault

import (
	"errors"
	"reflect"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func pd(name string, spec PodDefaultSpec) PodDefault {
	return PodDefault{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "ns"}, Spec: spec}
}

func pod(containers ...corev1.Container) *corev1.Pod {
	return &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "p", Namespace: "ns", Labels: map[string]string{"app": "web"}},
		Spec: corev1.PodSpec{Containers: containers}}
}

func TestSelectOrderIsByteOrderOfNames(t *testing.T) {
	var defaults []PodDefault
	for _, n := range []string{"pda", "pd1", "pd.a", "pd-a", "pd"} {
		defaults = append(defaults, pd(n, PodDefaultSpec{}))
	}
	defaults = append(defaults, PodDefault{ObjectMeta: metav1.ObjectMeta{Name: "aaa", Namespace: "other"}})
	got, err := Select(pod(), defaults)
	if err != nil {
		t.Fatal(err)
	}
	if names := Names(got); !reflect.DeepEqual(names, []string{"pd", "pd-a", "pd.a", "pd1", "pda"}) {
		t.Fatalf("order %v", names)
	}
}

func TestInvalidSelectorOnlyInItsNamespace(t *testing.T) {
	broken := pd("broken", PodDefaultSpec{Selector: metav1.LabelSelector{MatchExpressions: []metav1.LabelSelectorRequirement{{Key: "a", Operator: "Gt", Values: []string{"1"}}}}})
	_, err := Apply(pod(), []PodDefault{broken})
	var se *SelectorError
	if !errors.As(err, &se) || se.PodDefault != "broken" {
		t.Fatalf("want a SelectorError naming broken, got %v", err)
	}
	other := pod()
	other.Namespace = "elsewhere"
	if _, err := Apply(other, []PodDefault{broken}); err != nil {
		t.Fatalf("a broken selector of another namespace must not matter: %v", err)
	}
}

// A container equal to a sidecar of a matching PodDefault is that sidecar:
// skipped as present, given nothing, and (with the marker) no warning.
func TestPresentSidecarReceivesNothing(t *testing.T) {
	side := corev1.Container{Name: "log", Image: "fluent-bit"}
	d := pd("a", PodDefaultSpec{Sidecars: []corev1.Container{side}, Env: []corev1.EnvVar{{Name: "X", Value: "1"}}})
	in := pod(corev1.Container{Name: "main", Image: "app"}, side)
	in.Annotations = map[string]string{MarkerKey("a"): ""}
	res, err := Apply(in, []PodDefault{d})
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Pod.Spec.Containers; len(got) != 2 || len(got[1].Env) != 0 || len(got[0].Env) != 1 {
		t.Fatalf("containers %+v", got)
	}
	if !reflect.DeepEqual(res.PresentSidecars, []string{"log"}) {
		t.Errorf("present sidecars %v", res.PresentSidecars)
	}
	if len(res.Defects) != 1 || !res.Defects[0].OwnSidecar {
		t.Errorf("defects %+v: want the containers-wiped defect, marked as podctl's own sidecar", res.Defects)
	}
	delete(in.Annotations, MarkerKey("a"))
	res, _ = Apply(in, []PodDefault{d})
	if len(res.Defects) != 1 || res.Defects[0].OwnSidecar || res.Defects[0].Kind != DefectContainersWiped {
		t.Errorf("without the marker the defect must be reported: %+v", res.Defects)
	}
}

func TestEnvFromAlreadyPresentIsNotAddedAgain(t *testing.T) {
	cfg := corev1.EnvFromSource{ConfigMapRef: &corev1.ConfigMapEnvSource{LocalObjectReference: corev1.LocalObjectReference{Name: "cfg"}}}
	sec := corev1.EnvFromSource{SecretRef: &corev1.SecretEnvSource{LocalObjectReference: corev1.LocalObjectReference{Name: "sec"}}}
	d1 := pd("a", PodDefaultSpec{EnvFrom: []corev1.EnvFromSource{cfg, sec}})
	d2 := pd("b", PodDefaultSpec{EnvFrom: []corev1.EnvFromSource{sec}})
	res, err := Apply(pod(corev1.Container{Name: "c", EnvFrom: []corev1.EnvFromSource{cfg}}), []PodDefault{d1, d2})
	if err != nil {
		t.Fatal(err)
	}
	// cfg was in the input: not again; sec is new: once per PodDefault.
	want := []corev1.EnvFromSource{cfg, sec, sec}
	if got := res.Pod.Spec.Containers[0].EnvFrom; !reflect.DeepEqual(got, want) {
		t.Fatalf("envFrom %+v", got)
	}
}

func TestNothingChangesKeepsNilAndEmpty(t *testing.T) {
	in := pod(corev1.Container{Name: "c", Env: []corev1.EnvVar{}})
	res, err := Apply(in, []PodDefault{pd("a", PodDefaultSpec{Desc: "only a description"})})
	if err != nil {
		t.Fatal(err)
	}
	if res.Pod.Spec.Containers[0].Env == nil || res.Pod.Spec.Volumes != nil {
		t.Fatalf("lists changed form: %+v", res.Pod.Spec)
	}
	if want := map[string]string{MarkerKey("a"): ""}; !reflect.DeepEqual(res.Pod.Annotations, want) {
		t.Fatalf("annotations %v", res.Pod.Annotations)
	}
}

func TestConflictListsEveryClash(t *testing.T) {
	d1 := pd("a", PodDefaultSpec{Env: []corev1.EnvVar{{Name: "X", Value: "1"}}, Labels: map[string]string{"app": "db"}})
	d2 := pd("b", PodDefaultSpec{Env: []corev1.EnvVar{{Name: "X", Value: "2"}}})
	_, err := Apply(pod(corev1.Container{Name: "c1"}, corev1.Container{Name: "c2"}), []PodDefault{d2, d1})
	var ce *ConflictError
	if !errors.As(err, &ce) {
		t.Fatalf("want a ConflictError, got %v", err)
	}
	var got []string
	for _, c := range ce.Clashes {
		got = append(got, string(c.Field)+"/"+c.Container+"/"+c.Key+"/"+c.PodDefault+"<"+c.FoundIn)
	}
	want := []string{"env/c1/X/b<a", "env/c2/X/b<a", "labels//app/a<"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("clashes %v, want %v", got, want)
	}
	if !reflect.DeepEqual(ce.PodDefaults, []string{"a", "b"}) {
		t.Errorf("named %v", ce.PodDefaults)
	}
}
