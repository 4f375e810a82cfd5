package lint_test

import (
	"fmt"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/podctl/podctl/internal/lint"
	"github.com/podctl/podctl/internal/poddefault"
)

// profileNamespace is a namespace of n PodDefaults as a platform team
// writes them for the notebook form: each its own box (matchLabels
// feature-i: "true"), its own volume, mount and env var, and all of them
// the same TZ env var. Every two of them can select one pod, and every
// two share an entry, so that every pair goes to the engine: the worst
// case for the pair rules.
func profileNamespace(n int) []lint.Default {
	out := make([]lint.Default, n)
	for i := range out {
		pd := poddefault.PodDefault{TypeMeta: metav1.TypeMeta{APIVersion: poddefault.APIVersion, Kind: poddefault.Kind}}
		pd.Name, pd.Namespace = fmt.Sprintf("feature-%03d", i), "team-ml"
		pd.Spec.Desc = "Feature " + pd.Name
		pd.Spec.Selector.MatchLabels = map[string]string{pd.Name: "true"}
		pd.Spec.Volumes = []corev1.Volume{{Name: "vol-" + pd.Name, VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}}}
		pd.Spec.VolumeMounts = []corev1.VolumeMount{{Name: "vol-" + pd.Name, MountPath: "/mnt/" + pd.Name}}
		pd.Spec.Env = []corev1.EnvVar{{Name: "TZ", Value: "UTC"}, {Name: fmt.Sprintf("FEATURE_%03d", i), Value: "on"}}
		out[i] = lint.Default{Location: lint.Location{File: "poddefaults.yaml", Line: 1 + 20*i}, PodDefault: pd}
	}
	return out
}

func generated(n int) []lint.Default {
	pds := genNamespace(1, n)
	out := make([]lint.Default, n)
	for i, pd := range pds {
		out[i] = lint.Default{Location: lint.Location{File: "poddefaults.yaml", Line: 1 + 20*i}, PodDefault: pd}
	}
	return out
}

// allClash is the profile namespace where every PodDefault also sets
// MODE to a value of its own: every two clash, 19,900 findings.
func allClash(n int) []lint.Default {
	ds := profileNamespace(n)
	for i := range ds {
		ds[i].PodDefault.Spec.Env = append(ds[i].PodDefault.Spec.Env, corev1.EnvVar{Name: "MODE", Value: fmt.Sprint(i)})
	}
	return ds
}

// BenchmarkLint200 lints a namespace of 200 PodDefaults: the profile
// namespace above (19,900 pairs that one pod can select, none clashing),
// 200 generated ones that overlap, clash and exclude each other at random
// (some 4,500 findings), and the worst case, where every pair clashes.
func BenchmarkLint200(b *testing.B) {
	for _, bc := range []struct {
		name     string
		defaults []lint.Default
	}{{"profile", profileNamespace(200)}, {"generated", generated(200)}, {"all-clash", allClash(200)}} {
		b.Run(bc.name, func(b *testing.B) {
			in := lint.Input{Defaults: bc.defaults, Notebooks: true}
			for b.Loop() {
				lint.Run(in)
			}
		})
	}
}
