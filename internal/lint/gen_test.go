package lint_test

import (
	"fmt"
	"math/rand/v2"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/podctl/podctl/internal/poddefault"
)

// The generator below makes PodDefaults of one namespace from small pools
// of keys, values and names, so that selectors often overlap, exclude or
// contradict each other and entries often share a key: what the clash
// rules must get right.

var (
	genKeys   = []string{"app", "team", "gpu"}
	genValues = []string{"a", "b", "true"}
	genOps    = []metav1.LabelSelectorOperator{metav1.LabelSelectorOpIn, metav1.LabelSelectorOpNotIn, metav1.LabelSelectorOpExists, metav1.LabelSelectorOpDoesNotExist}
)

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

func genSelector(r *rand.Rand) metav1.LabelSelector {
	var s metav1.LabelSelector
	for range r.IntN(3) {
		if s.MatchLabels == nil {
			s.MatchLabels = map[string]string{}
		}
		s.MatchLabels[pick(r, genKeys)] = pick(r, genValues)
	}
	for range r.IntN(2) {
		e := metav1.LabelSelectorRequirement{Key: pick(r, genKeys), Operator: pick(r, genOps)}
		if e.Operator == metav1.LabelSelectorOpIn || e.Operator == metav1.LabelSelectorOpNotIn {
			for _, v := range genValues {
				if r.IntN(2) == 0 {
					e.Values = append(e.Values, v)
				}
			}
			if len(e.Values) == 0 {
				e.Values = []string{pick(r, genValues)}
			}
		}
		s.MatchExpressions = append(s.MatchExpressions, e)
	}
	return s
}

// genDefault makes a PodDefault with a valid selector and a few entries.
func genDefault(r *rand.Rand, name, namespace string) poddefault.PodDefault {
	pd := poddefault.PodDefault{TypeMeta: metav1.TypeMeta{APIVersion: poddefault.APIVersion, Kind: poddefault.Kind}}
	pd.Name, pd.Namespace = name, namespace
	s := &pd.Spec
	s.Selector = genSelector(r)
	s.Desc = "generated"
	chance := func(n int) bool { return r.IntN(n) == 0 }
	if chance(3) {
		s.Env = append(s.Env, corev1.EnvVar{Name: pick(r, []string{"E1", "E2"}), Value: pick(r, []string{"1", "2"})})
	}
	if chance(3) {
		v := corev1.Volume{Name: pick(r, []string{"v1", "v2"}), VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}}
		if chance(2) {
			v.EmptyDir.Medium = corev1.StorageMediumMemory
		}
		s.Volumes = append(s.Volumes, v)
	}
	if chance(4) {
		s.VolumeMounts = append(s.VolumeMounts, corev1.VolumeMount{Name: pick(r, []string{"v1", "v2"}), MountPath: pick(r, []string{"/p", "/q"})})
	}
	if chance(5) {
		s.Tolerations = append(s.Tolerations, corev1.Toleration{Key: "t1", Operator: corev1.TolerationOpExists,
			Effect: pick(r, []corev1.TaintEffect{corev1.TaintEffectNoSchedule, corev1.TaintEffectNoExecute})})
	}
	if chance(3) {
		s.Labels = map[string]string{pick(r, genKeys): pick(r, genValues)}
	}
	if chance(5) {
		s.Annotations = map[string]string{"n1": pick(r, []string{"1", "2"})}
	}
	if chance(6) {
		s.Sidecars = append(s.Sidecars, corev1.Container{Name: "s1", Image: pick(r, []string{"i1", "i2"})})
	}
	if chance(6) {
		s.InitContainers = append(s.InitContainers, corev1.Container{Name: "init1", Image: pick(r, []string{"i1", "i2"})})
	}
	if chance(6) {
		s.ImagePullSecrets = append(s.ImagePullSecrets, corev1.LocalObjectReference{Name: "reg"})
	}
	if chance(6) {
		s.ServiceAccountName = pick(r, []string{"sa1", "sa2"})
	}
	if chance(8) {
		f := chance(2)
		s.AutomountServiceAccountToken = &f
	}
	if chance(8) {
		s.Command = []string{pick(r, []string{"c1", "c2"})}
	}
	return pd
}

// genNamespace makes n PodDefaults of one namespace, named pd-000 on.
func genNamespace(seed uint64, n int) []poddefault.PodDefault {
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	out := make([]poddefault.PodDefault, n)
	for i := range out {
		out[i] = genDefault(r, fmt.Sprintf("pd-%03d", i), "team")
	}
	return out
}
