package cluster

import (
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
