package poddefault

import (
	"reflect"

	corev1 "k8s.io/api/core/v1"
)

// The merges below follow the webhook's merge functions one for one: the
// pod's own entries are keyed first (the last duplicate wins the key), then
// each PodDefault's entries in order are appended when their key is new,
// skipped when identical (reflect.DeepEqual) and a clash otherwise.

// keyedMerge is the shared shape of the volume, toleration, imagePullSecret,
// env and container merges.
func keyedMerge[T any](field Field, container string, existing []T, pds []*PodDefault,
	items func(*PodDefault) []T, key func(T) string) ([]T, []Clash) {
	type seen struct {
		v    T
		from string
	}
	known := make(map[string]seen, len(existing))
	for _, v := range existing {
		known[key(v)] = seen{v: v}
	}
	merged := make([]T, len(existing), len(existing)+4)
	copy(merged, existing)
	var clashes []Clash
	for _, pd := range pds {
		for _, v := range items(pd) {
			k := key(v)
			found, ok := known[k]
			if !ok {
				known[k] = seen{v: v, from: pd.Name}
				merged = append(merged, v)
				continue
			}
			if !reflect.DeepEqual(found.v, v) {
				clashes = append(clashes, Clash{Field: field, Container: container, Key: k,
					PodDefault: pd.Name, New: v, Found: found.v, FoundIn: found.from})
			}
		}
	}
	return merged, clashes
}

func mergeVolumes(existing []corev1.Volume, pds []*PodDefault) ([]corev1.Volume, []Clash) {
	return keyedMerge(FieldVolumes, "", existing, pds,
		func(pd *PodDefault) []corev1.Volume { return pd.Spec.Volumes },
		func(v corev1.Volume) string { return v.Name })
}

func mergeTolerations(existing []corev1.Toleration, pds []*PodDefault) ([]corev1.Toleration, []Clash) {
	return keyedMerge(FieldTolerations, "", existing, pds,
		func(pd *PodDefault) []corev1.Toleration { return pd.Spec.Tolerations },
		func(t corev1.Toleration) string { return t.Key })
}

func mergeImagePullSecrets(existing []corev1.LocalObjectReference, pds []*PodDefault) ([]corev1.LocalObjectReference, []Clash) {
	return keyedMerge(FieldImagePullSecrets, "", existing, pds,
		func(pd *PodDefault) []corev1.LocalObjectReference { return pd.Spec.ImagePullSecrets },
		func(r corev1.LocalObjectReference) string { return r.Name })
}

func mergeEnv(container string, existing []corev1.EnvVar, pds []*PodDefault) ([]corev1.EnvVar, []Clash) {
	return keyedMerge(FieldEnv, container, existing, pds,
		func(pd *PodDefault) []corev1.EnvVar { return pd.Spec.Env },
		func(e corev1.EnvVar) string { return e.Name })
}

// mergeContainers merges initContainers (sidecars false) or sidecars into
// the given list, keyed by name.
func mergeContainers(existing []corev1.Container, pds []*PodDefault, sidecars bool) ([]corev1.Container, []Clash) {
	field, items := FieldInitContainers, func(pd *PodDefault) []corev1.Container { return pd.Spec.InitContainers }
	if sidecars {
		field, items = FieldSidecars, func(pd *PodDefault) []corev1.Container { return pd.Spec.Sidecars }
	}
	return keyedMerge(field, "", existing, pds, items, func(c corev1.Container) string { return c.Name })
}

// mergeVolumeMounts checks mounts twice, as the webhook does: by name (which
// decides whether a mount is appended) and by mount path (where only the
// first mount seen for a path counts).
func mergeVolumeMounts(container string, existing []corev1.VolumeMount, pds []*PodDefault) ([]corev1.VolumeMount, []Clash) {
	type seen struct {
		v    corev1.VolumeMount
		from string
	}
	byName := make(map[string]seen, len(existing))
	byPath := make(map[string]seen, len(existing))
	for _, m := range existing {
		byName[m.Name] = seen{v: m}
		byPath[m.MountPath] = seen{v: m}
	}
	merged := make([]corev1.VolumeMount, len(existing), len(existing)+2)
	copy(merged, existing)
	var clashes []Clash
	for _, pd := range pds {
		for _, m := range pd.Spec.VolumeMounts {
			if found, ok := byName[m.Name]; !ok {
				byName[m.Name] = seen{v: m, from: pd.Name}
				merged = append(merged, m)
			} else if !reflect.DeepEqual(found.v, m) {
				clashes = append(clashes, Clash{Field: FieldVolumeMounts, Container: container, Key: m.Name,
					PodDefault: pd.Name, New: m, Found: found.v, FoundIn: found.from})
			}
			if found, ok := byPath[m.MountPath]; !ok {
				byPath[m.MountPath] = seen{v: m, from: pd.Name}
			} else if !reflect.DeepEqual(found.v, m) {
				clashes = append(clashes, Clash{Field: FieldVolumeMounts, Container: container, Key: m.MountPath,
					ByMountPath: true, PodDefault: pd.Name, New: m, Found: found.v, FoundIn: found.from})
			}
		}
	}
	return merged, clashes
}

// mergeMap adds the keys of each PodDefault's labels or annotations. The
// webhook walks Go maps here; podctl walks keys in sorted order so that
// its messages are stable.
func mergeMap(field Field, existing map[string]string, pds []*PodDefault, items func(*PodDefault) map[string]string) (map[string]string, []Clash) {
	out := make(map[string]string, len(existing))
	from := map[string]string{}
	for k, v := range existing {
		out[k] = v
	}
	var clashes []Clash
	for _, pd := range pds {
		m := items(pd)
		for _, k := range sortedKeys(m) {
			v := m[k]
			ov, ok := out[k]
			if !ok {
				out[k] = v
				from[k] = pd.Name
				continue
			}
			if ov != v {
				clashes = append(clashes, Clash{Field: field, Key: k, PodDefault: pd.Name, New: v, Found: ov, FoundIn: from[k]})
			}
		}
	}
	return out, clashes
}

// mergeEnvFrom appends every PodDefault's envFrom. The webhook appends them
// blindly, but its JSON patch never re-adds an entry the container already
// had; when dedupeInput is set the in-memory result follows the patch.
func mergeEnvFrom(existing []corev1.EnvFromSource, pds []*PodDefault, dedupeInput bool) []corev1.EnvFromSource {
	var merged []corev1.EnvFromSource
	merged = append(merged, existing...)
	for _, pd := range pds {
		for _, e := range pd.Spec.EnvFrom {
			if dedupeInput && containsDeepEqual(existing, e) {
				continue
			}
			merged = append(merged, e)
		}
	}
	return merged
}

func containsDeepEqual[T any](list []T, v T) bool {
	for i := range list {
		if reflect.DeepEqual(list[i], v) {
			return true
		}
	}
	return false
}

// setCommandAndArgs gives a container the command and the args of the first
// PodDefault that has them, unless it has its own (a nil test, not an
// emptiness test: `command: []` blocks injection).
func setCommandAndArgs(c *corev1.Container, pds []*PodDefault) {
	if c.Name == istioProxy {
		return
	}
	for _, pd := range pds {
		if c.Command == nil && pd.Spec.Command != nil {
			c.Command = pd.Spec.Command
		}
		if c.Args == nil && pd.Spec.Args != nil {
			c.Args = pd.Spec.Args
		}
	}
}
