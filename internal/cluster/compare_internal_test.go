package cluster

import (
	"reflect"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// semanticEqual must answer as equality.Semantic.DeepEqual does, on pods
// that are identical, that differ, and that only Semantic holds equal.
func TestSemanticEqual(t *testing.T) {
	base := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: "p", Labels: map[string]string{"a": "b"}},
		Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "c", Resources: corev1.ResourceRequirements{
			Requests: corev1.ResourceList{"cpu": resource.MustParse("500m")},
		}}}},
	}
	edit := func(f func(p *corev1.Pod)) *corev1.Pod {
		p := base.DeepCopy()
		f(p)
		return p
	}
	for name, other := range map[string]*corev1.Pod{
		"identical":                  base.DeepCopy(),
		"the same pod":               base,
		"another name":               edit(func(p *corev1.Pod) { p.Name = "q" }),
		"another label":              edit(func(p *corev1.Pod) { p.Labels["a"] = "c" }),
		"empty instead of nil":       edit(func(p *corev1.Pod) { p.Annotations = map[string]string{}; p.Spec.Containers[0].Command = []string{} }),
		"a quantity written as 0.5":  edit(func(p *corev1.Pod) { p.Spec.Containers[0].Resources.Requests["cpu"] = resource.MustParse("0.5") }),
		"a quantity of another size": edit(func(p *corev1.Pod) { p.Spec.Containers[0].Resources.Requests["cpu"] = resource.MustParse("1") }),
		"a creation time":            edit(func(p *corev1.Pod) { p.CreationTimestamp = metav1.Unix(1700000000, 0) }),
	} {
		pairs := [][2]*corev1.Pod{{base, other}, {other, base}}
		if name == "a creation time" {
			// the same instant in another zone: equal to Semantic only
			inZone := other.DeepCopy()
			inZone.CreationTimestamp = metav1.NewTime(other.CreationTimestamp.In(time.FixedZone("z", 3600)))
			pairs = append(pairs, [2]*corev1.Pod{other, inZone})
		}
		for _, pair := range pairs {
			want := equality.Semantic.DeepEqual(pair[0], pair[1])
			if got := semanticEqual(pair[0], pair[1]); got != want {
				t.Errorf("%s: semanticEqual says %v, equality.Semantic %v", name, got, want)
			}
		}
	}
}

// aligned sorts what SameContent compares by name and leaves the pod it
// is given as it was.
func TestAlignedLeavesThePod(t *testing.T) {
	pod := &corev1.Pod{Spec: corev1.PodSpec{
		Volumes:          []corev1.Volume{{Name: "b"}, {Name: "a"}},
		ImagePullSecrets: []corev1.LocalObjectReference{{Name: "y"}, {Name: "x"}},
		Tolerations:      []corev1.Toleration{{Key: "k", Effect: "NoSchedule"}, {Key: "j"}},
		InitContainers:   []corev1.Container{{Name: "i2"}, {Name: "i1", Env: []corev1.EnvVar{{Name: "E2"}, {Name: "E1"}}}},
		Containers: []corev1.Container{{Name: "c2", Env: []corev1.EnvVar{}}, {Name: "c1",
			Env:          []corev1.EnvVar{{Name: "B"}, {Name: "A"}},
			VolumeMounts: []corev1.VolumeMount{{Name: "m2"}, {Name: "m1"}},
			Ports:        []corev1.ContainerPort{{Name: "p2"}, {Name: "p1"}}}},
	}}
	before := pod.DeepCopy()
	got := aligned(pod)
	if !reflect.DeepEqual(pod, before) {
		t.Fatal("aligned changed the pod")
	}
	want := &corev1.Pod{Spec: corev1.PodSpec{
		Volumes:          []corev1.Volume{{Name: "a"}, {Name: "b"}},
		ImagePullSecrets: []corev1.LocalObjectReference{{Name: "x"}, {Name: "y"}},
		Tolerations:      []corev1.Toleration{{Key: "j"}, {Key: "k", Effect: "NoSchedule"}},
		InitContainers:   []corev1.Container{{Name: "i1", Env: []corev1.EnvVar{{Name: "E1"}, {Name: "E2"}}}, {Name: "i2"}},
		Containers: []corev1.Container{{Name: "c1",
			Env:          []corev1.EnvVar{{Name: "A"}, {Name: "B"}},
			VolumeMounts: []corev1.VolumeMount{{Name: "m1"}, {Name: "m2"}},
			Ports:        []corev1.ContainerPort{{Name: "p1"}, {Name: "p2"}}}, {Name: "c2", Env: []corev1.EnvVar{}}},
	}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("aligned gives %+v", got.Spec)
	}
}
