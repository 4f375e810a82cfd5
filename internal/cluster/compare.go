package cluster

import (
	"reflect"
	"slices"
	"sort"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"
)

// SameContent reports whether two pods hold the same content, lists of
// named items compared by name: the order in which the API server's
// plugins and the webhook add items is not something a manifest can
// show, so it is told apart from a difference in content.
func SameContent(a, b *corev1.Pod) bool {
	if semanticEqual(a, b) {
		return true
	}
	return semanticEqual(aligned(a), aligned(b))
}

// semanticEqual is equality.Semantic.DeepEqual, sooner for pods that are
// identical, the common answer: reflect.DeepEqual takes a third of its
// time on a typical pod, which spends most of it looking up its custom
// equalities for every value, and it implies it — Semantic is only more
// lenient (nil and empty alike, quantities by value, times by instant),
// each of its custom equalities is reflexive.
func semanticEqual(a, b *corev1.Pod) bool {
	return reflect.DeepEqual(a, b) || equality.Semantic.DeepEqual(a, b)
}

// aligned is a copy of the pod with its lists of named items sorted by
// name (tolerations by key and effect). The copy is as deep as the sort
// needs: the lists it sorts, and the containers holding some of them, are
// new; every item is the pod's, which is not changed.
func aligned(pod *corev1.Pod) *corev1.Pod {
	p := *pod
	s := &p.Spec
	s.Volumes = slices.Clone(s.Volumes)
	s.ImagePullSecrets = slices.Clone(s.ImagePullSecrets)
	s.Tolerations = slices.Clone(s.Tolerations)
	for _, cs := range []*[]corev1.Container{&s.InitContainers, &s.Containers} {
		*cs = slices.Clone(*cs)
		for i := range *cs {
			c := &(*cs)[i]
			c.Env = slices.Clone(c.Env)
			c.VolumeMounts = slices.Clone(c.VolumeMounts)
			c.Ports = slices.Clone(c.Ports)
		}
	}
	byName(s.Volumes, func(v corev1.Volume) string { return v.Name })
	byName(s.ImagePullSecrets, func(r corev1.LocalObjectReference) string { return r.Name })
	byName(s.Tolerations, func(t corev1.Toleration) string { return t.Key + "\x00" + string(t.Effect) })
	for _, cs := range [][]corev1.Container{s.InitContainers, s.Containers} {
		byName(cs, func(c corev1.Container) string { return c.Name })
		for i := range cs {
			byName(cs[i].Env, func(e corev1.EnvVar) string { return e.Name })
			byName(cs[i].VolumeMounts, func(m corev1.VolumeMount) string { return m.Name })
			byName(cs[i].Ports, func(port corev1.ContainerPort) string { return port.Name })
		}
	}
	return &p
}

func byName[T any](list []T, name func(T) string) {
	sort.SliceStable(list, func(i, j int) bool { return name(list[i]) < name(list[j]) })
}

// AlignNamed returns a copy of a generic JSON value with every list of
// named items (name, or key for tolerations) sorted by that name: the
// harness aligns such lists by name, so that an order the manifest cannot
// show is told apart from a difference in content.
func AlignNamed(v any) any {
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, x := range t {
			out[k] = AlignNamed(x)
		}
		return out
	case []any:
		out := make([]any, len(t))
		keys := make([]string, len(t))
		named := true
		for i, x := range t {
			out[i] = AlignNamed(x)
			m, ok := x.(map[string]any)
			if !ok {
				named = false
				continue
			}
			name, ok := m["name"].(string)
			if !ok {
				name, ok = m["key"].(string)
				if e, _ := m["effect"].(string); ok {
					name += "\x00" + e
				}
			}
			keys[i], named = name, named && ok
		}
		if named {
			sort.SliceStable(out, func(i, j int) bool { return keyOf(out[i]) < keyOf(out[j]) })
		}
		return out
	}
	return v
}

func keyOf(v any) string {
	m := v.(map[string]any)
	if name, ok := m["name"].(string); ok {
		return name
	}
	k, _ := m["key"].(string)
	e, _ := m["effect"].(string)
	return k + "\x00" + e
}
