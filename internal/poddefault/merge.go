package poddefault

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"sort"

	corev1 "k8s.io/api/core/v1"
)

// The merges below follow the webhook's merge functions one for one: the
// pod's own entries are keyed first (the last duplicate wins the key), then
// each PodDefault's entries in order are appended when their key is new,
// skipped when identical (reflect.DeepEqual) and a clash otherwise.
//
// One table, fields, names every PodDefault field that reaches the pod and
// how it merges. A pass walks it once per pod: the check, the mutation, the
// webhook's own (defective) mutation and the record of what each
// PodDefault changed all come from that walk.

// mode says how a pass merges.
type mode int

const (
	// podctl's mutation: a clash leaves the list as it was, containers
	// that equal a sidecar receive nothing, envFrom entries the container
	// had are not added again, and nil or empty lists that gain nothing
	// keep their form.
	intended mode = iota
	// the webhook's applyPodDefaultsOnPod as it runs: a clash sets the
	// list to nil, envFrom is appended blindly, and sidecars are merged
	// against the containers it has already changed.
	asWebhook
)

// pass is one walk of the field table over one pod.
type pass struct {
	pds     []*PodDefault
	mode    mode
	present map[int]bool // containers that count as a sidecar already there
	// origContainers are the containers before the walk changed any: the
	// check keys sidecars against them.
	origContainers []corev1.Container
	clashes        []Clash
	changes        []Change
}

// fieldRule is one PodDefault field: where it lands in the pod and how its
// entries merge there.
type fieldRule struct {
	field Field
	// perContainer rules run for each container (but present sidecars),
	// the others once for the pod.
	perContainer bool
	merge        func(p *pass, pod *corev1.Pod, container int)
}

// fields is the table, in the order the webhook checks the fields (so that
// clashes come out in its order); rules of consecutive per-container
// fields run container by container. Changes are reported in writeOrder.
var fields = []fieldRule{
	{field: FieldVolumes, merge: func(p *pass, pod *corev1.Pod, _ int) {
		pod.Spec.Volumes = mergeKeyed(p, FieldVolumes, -1, pod.Spec.Volumes, pod.Spec.Volumes,
			func(pd *PodDefault) []corev1.Volume { return pd.Spec.Volumes },
			func(v corev1.Volume) string { return v.Name }, nil)
	}},
	{field: FieldTolerations, merge: func(p *pass, pod *corev1.Pod, _ int) {
		pod.Spec.Tolerations = mergeKeyed(p, FieldTolerations, -1, pod.Spec.Tolerations, pod.Spec.Tolerations,
			func(pd *PodDefault) []corev1.Toleration { return pd.Spec.Tolerations },
			func(t corev1.Toleration) string { return t.Key }, nil)
	}},
	{field: FieldImagePullSecrets, merge: func(p *pass, pod *corev1.Pod, _ int) {
		pod.Spec.ImagePullSecrets = mergeKeyed(p, FieldImagePullSecrets, -1, pod.Spec.ImagePullSecrets, pod.Spec.ImagePullSecrets,
			func(pd *PodDefault) []corev1.LocalObjectReference { return pd.Spec.ImagePullSecrets },
			func(r corev1.LocalObjectReference) string { return r.Name }, nil)
	}},
	{field: FieldEnv, perContainer: true, merge: func(p *pass, pod *corev1.Pod, i int) {
		c := &pod.Spec.Containers[i]
		c.Env = mergeKeyed(p, FieldEnv, i, c.Env, c.Env,
			func(pd *PodDefault) []corev1.EnvVar { return pd.Spec.Env },
			func(e corev1.EnvVar) string { return e.Name }, nil)
	}},
	{field: FieldVolumeMounts, perContainer: true, merge: mergeVolumeMounts},
	{field: FieldEnvFrom, perContainer: true, merge: mergeEnvFrom},
	{field: FieldCommand, perContainer: true, merge: func(p *pass, pod *corev1.Pod, i int) {
		setContainerList(p, FieldCommand, pod, i, func(c *corev1.Container) *[]string { return &c.Command },
			func(pd *PodDefault) []string { return pd.Spec.Command })
	}},
	{field: FieldArgs, perContainer: true, merge: func(p *pass, pod *corev1.Pod, i int) {
		setContainerList(p, FieldArgs, pod, i, func(c *corev1.Container) *[]string { return &c.Args },
			func(pd *PodDefault) []string { return pd.Spec.Args })
	}},
	{field: FieldAnnotations, merge: func(p *pass, pod *corev1.Pod, _ int) {
		pod.Annotations = mergeMap(p, FieldAnnotations, pod.Annotations, func(pd *PodDefault) map[string]string { return pd.Spec.Annotations })
	}},
	{field: FieldLabels, merge: func(p *pass, pod *corev1.Pod, _ int) {
		start := len(p.changes)
		pod.Labels = mergeMap(p, FieldLabels, pod.Labels, func(pd *PodDefault) map[string]string { return pd.Spec.Labels })
		sortByKey(p.changes[start:])
	}},
	{field: FieldInitContainers, merge: func(p *pass, pod *corev1.Pod, _ int) {
		pod.Spec.InitContainers = mergeKeyed(p, FieldInitContainers, -1, pod.Spec.InitContainers, pod.Spec.InitContainers,
			func(pd *PodDefault) []corev1.Container { return pd.Spec.InitContainers }, containerName, nil)
	}},
	{field: FieldSidecars, merge: func(p *pass, pod *corev1.Pod, _ int) {
		keys := p.origContainers
		if p.mode == asWebhook {
			keys = pod.Spec.Containers // the webhook's defect: the containers it changed
		}
		pod.Spec.Containers = mergeKeyed(p, FieldSidecars, -1, pod.Spec.Containers, keys,
			func(pd *PodDefault) []corev1.Container { return pd.Spec.Sidecars }, containerName, nil)
	}},
	{field: FieldServiceAccountName, merge: func(p *pass, pod *corev1.Pod, _ int) {
		for _, pd := range p.pds {
			if v := pd.Spec.ServiceAccountName; v != "" {
				if v != pod.Spec.ServiceAccountName {
					p.record(Change{Field: FieldServiceAccountName, ContainerIndex: -1, Entry: v, Value: v, From: pd, Index: -1})
				}
				pod.Spec.ServiceAccountName = v
			}
		}
	}},
	{field: FieldAutomountServiceAccountToken, merge: func(p *pass, pod *corev1.Pod, _ int) {
		for _, pd := range p.pds {
			if pd.Spec.AutomountServiceAccountToken == nil {
				continue
			}
			v := *pd.Spec.AutomountServiceAccountToken
			if old := pod.Spec.AutomountServiceAccountToken; old == nil || *old != v {
				p.record(Change{Field: FieldAutomountServiceAccountToken, ContainerIndex: -1, Entry: fmt.Sprint(v), Value: v, From: pd, Index: -1})
			}
			pod.Spec.AutomountServiceAccountToken = &v
		}
	}},
}

// writeOrder is the order in which changes are reported and written into
// a manifest: the pod's metadata, then its spec, container by container.
var writeOrder = []Field{
	FieldLabels, FieldAnnotations, FieldVolumes, FieldTolerations, FieldImagePullSecrets,
	FieldServiceAccountName, FieldAutomountServiceAccountToken,
	FieldEnv, FieldVolumeMounts, FieldEnvFrom, FieldCommand, FieldArgs,
	FieldSidecars, FieldInitContainers,
}

// run walks the table over pod, changing it in place, then writes the
// markers of the PodDefaults.
func (p *pass) run(pod *corev1.Pod) {
	p.origContainers = slices.Clone(pod.Spec.Containers)
	origAnnotations := maps.Clone(pod.Annotations) // the markers are written into the map
	for i := 0; i < len(fields); {
		if !fields[i].perContainer {
			fields[i].merge(p, pod, -1)
			i++
			continue
		}
		j := i
		for j < len(fields) && fields[j].perContainer {
			j++
		}
		for c := range p.origContainers {
			if p.present[c] {
				continue
			}
			for _, rule := range fields[i:j] {
				rule.merge(p, pod, c)
			}
		}
		i = j
	}
	p.writeMarkers(pod, origAnnotations)
	p.sortChanges()
}

func (p *pass) record(c Change) { p.changes = append(p.changes, c) }

// mergeKeyed is the shared shape of the volume, toleration,
// imagePullSecret, env and container merges: it appends to list each
// PodDefault entry whose key the entries of keyed do not hold yet.
// keyed is list, except for sidecars, which are keyed against the
// containers as they were before the pass.
func mergeKeyed[T any](p *pass, field Field, container int, list, keyed []T,
	items func(*PodDefault) []T, key func(T) string, entry func(T) string) []T {
	type seen struct {
		v    T
		from string
	}
	known := make(map[string]seen, len(keyed))
	for _, v := range keyed {
		known[key(v)] = seen{v: v}
	}
	merged := make([]T, len(list), len(list)+4)
	copy(merged, list)
	clashed := false
	for _, pd := range p.pds {
		for idx, v := range items(pd) {
			k := key(v)
			found, ok := known[k]
			if !ok {
				known[k] = seen{v: v, from: pd.Name}
				merged = append(merged, v)
				e := k
				if entry != nil {
					e = entry(v)
				}
				p.record(Change{Field: field, Container: containerAt(p, container), ContainerIndex: container,
					Entry: e, Key: k, Value: v, From: pd, Index: idx})
				continue
			}
			if !reflect.DeepEqual(found.v, v) {
				clashed = true
				p.clashes = append(p.clashes, Clash{Field: field, Container: containerAt(p, container), Key: k,
					PodDefault: pd.Name, New: v, Found: found.v, FoundIn: found.from})
			}
		}
	}
	return mergedList(p.mode, list, merged, clashed)
}

// mergedList is what a merged list becomes: for podctl the original when
// the merge appended nothing, so that nil and empty keep their form; for
// the webhook nil when the merge clashed (its nilOnClash, which wipes
// spec.containers when a sidecar meets a container it changed).
func mergedList[T any](m mode, orig, merged []T, clashed bool) []T {
	if m == asWebhook {
		if clashed {
			return nil
		}
		return merged
	}
	if len(merged) == len(orig) {
		return orig
	}
	return merged
}

func containerName(c corev1.Container) string { return c.Name }

// containerAt names container i, "" for pod-level fields.
func containerAt(p *pass, i int) string {
	if i < 0 {
		return ""
	}
	return p.origContainers[i].Name
}

// mergeVolumeMounts checks mounts twice, as the webhook does: by name (which
// decides whether a mount is appended) and by mount path (where only the
// first mount seen for a path counts).
func mergeVolumeMounts(p *pass, pod *corev1.Pod, i int) {
	c := &pod.Spec.Containers[i]
	type seen struct {
		v    corev1.VolumeMount
		from string
	}
	byName := make(map[string]seen, len(c.VolumeMounts))
	byPath := make(map[string]seen, len(c.VolumeMounts))
	for _, m := range c.VolumeMounts {
		byName[m.Name] = seen{v: m}
		byPath[m.MountPath] = seen{v: m}
	}
	merged := make([]corev1.VolumeMount, len(c.VolumeMounts), len(c.VolumeMounts)+2)
	copy(merged, c.VolumeMounts)
	for _, pd := range p.pds {
		for idx, m := range pd.Spec.VolumeMounts {
			if found, ok := byName[m.Name]; !ok {
				byName[m.Name] = seen{v: m, from: pd.Name}
				merged = append(merged, m)
				p.record(Change{Field: FieldVolumeMounts, Container: c.Name, ContainerIndex: i,
					Entry: m.Name + " at " + m.MountPath, Key: m.Name, Value: m, From: pd, Index: idx})
			} else if !reflect.DeepEqual(found.v, m) {
				p.clashes = append(p.clashes, Clash{Field: FieldVolumeMounts, Container: c.Name, Key: m.Name,
					PodDefault: pd.Name, New: m, Found: found.v, FoundIn: found.from})
			}
			if found, ok := byPath[m.MountPath]; !ok {
				byPath[m.MountPath] = seen{v: m, from: pd.Name}
			} else if !reflect.DeepEqual(found.v, m) {
				p.clashes = append(p.clashes, Clash{Field: FieldVolumeMounts, Container: c.Name, Key: m.MountPath,
					ByMountPath: true, PodDefault: pd.Name, New: m, Found: found.v, FoundIn: found.from})
			}
		}
	}
	// the webhook assigns the merged list even when a mount clashed
	c.VolumeMounts = mergedList(p.mode, c.VolumeMounts, merged, false)
}

// mergeMap adds the keys of each PodDefault's labels or annotations. The
// webhook walks Go maps here; podctl walks keys in sorted order so that
// its messages are stable.
func mergeMap(p *pass, field Field, existing map[string]string, items func(*PodDefault) map[string]string) map[string]string {
	out := make(map[string]string, len(existing))
	from := map[string]string{}
	for k, v := range existing {
		out[k] = v
	}
	added := false
	for _, pd := range p.pds {
		m := items(pd)
		for _, k := range sortedKeys(m) {
			v := m[k]
			ov, ok := out[k]
			if !ok {
				out[k] = v
				from[k] = pd.Name
				added = true
				e := k
				if field == FieldLabels {
					e = k + "=" + v
				}
				p.record(Change{Field: field, ContainerIndex: -1, Entry: e, Key: k, Value: v, From: pd, Index: -1})
				continue
			}
			if ov != v {
				p.clashes = append(p.clashes, Clash{Field: field, Key: k, PodDefault: pd.Name, New: v, Found: ov, FoundIn: from[k]})
			}
		}
	}
	if p.mode == intended && !added {
		return existing
	}
	return out
}

// mergeEnvFrom appends every PodDefault's envFrom. The webhook appends them
// blindly, but its JSON patch never re-adds an entry the container already
// had: podctl follows the patch.
func mergeEnvFrom(p *pass, pod *corev1.Pod, i int) {
	c := &pod.Spec.Containers[i]
	existing := c.EnvFrom
	merged := slices.Clone(existing)
	for _, pd := range p.pds {
		for idx, e := range pd.Spec.EnvFrom {
			if p.mode == intended && containsDeepEqual(existing, e) {
				continue
			}
			merged = append(merged, e)
			p.record(Change{Field: FieldEnvFrom, Container: c.Name, ContainerIndex: i,
				Entry: envFromName(e), Value: e, From: pd, Index: idx})
		}
	}
	if p.mode == intended && len(merged) == len(existing) {
		return
	}
	c.EnvFrom = merged
}

func envFromName(e corev1.EnvFromSource) string {
	switch {
	case e.ConfigMapRef != nil:
		return e.Prefix + "configMap " + e.ConfigMapRef.Name
	case e.SecretRef != nil:
		return e.Prefix + "secret " + e.SecretRef.Name
	}
	return e.Prefix
}

func containsDeepEqual[T any](list []T, v T) bool {
	for i := range list {
		if reflect.DeepEqual(list[i], v) {
			return true
		}
	}
	return false
}

// setContainerList gives a container the command (or the args) of the
// first PodDefault that has them, unless it has its own (a nil test, not
// an emptiness test: `command: []` blocks injection). istio-proxy is left
// alone.
func setContainerList(p *pass, field Field, pod *corev1.Pod, i int, at func(*corev1.Container) *[]string, items func(*PodDefault) []string) {
	c := &pod.Spec.Containers[i]
	if c.Name == istioProxy || *at(c) != nil {
		return
	}
	for _, pd := range p.pds {
		if v := items(pd); v != nil {
			*at(c) = v
			p.record(Change{Field: field, Container: c.Name, ContainerIndex: i, Entry: fmt.Sprint(v), Value: v, From: pd, Index: -1})
			return
		}
	}
}

// writeMarkers records each applied PodDefault, with its resourceVersion,
// after the annotation merge, so it overwrites whatever was there. The
// annotation changes are then the keys whose final value is new, by key; a
// marker key is the change of its PodDefault.
func (p *pass) writeMarkers(pod *corev1.Pod, orig map[string]string) {
	if pod.Annotations == nil {
		pod.Annotations = map[string]string{}
	}
	markers := make(map[string]*PodDefault, len(p.pds))
	for _, pd := range p.pds {
		k := MarkerKey(pd.Name)
		pod.Annotations[k] = pd.ResourceVersion
		markers[k] = pd
	}
	merged := map[string]Change{}
	rest := p.changes[:0]
	for _, c := range p.changes {
		if c.Field == FieldAnnotations {
			merged[c.Key] = c
		} else {
			rest = append(rest, c)
		}
	}
	p.changes = rest
	for _, k := range sortedKeys(pod.Annotations) {
		v := pod.Annotations[k]
		if old, ok := orig[k]; ok && old == v {
			continue
		}
		if pd, ok := markers[k]; ok {
			p.record(Change{Field: FieldAnnotations, ContainerIndex: -1, Entry: k, Key: k, Value: v, From: pd, Index: -1, Marker: true})
		} else if c, ok := merged[k]; ok {
			p.record(c)
		}
	}
}

func sortByKey(cs []Change) {
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].Key < cs[j].Key })
}

// sortChanges puts the changes in writeOrder; each field's entries stay in
// the order they were merged (labels and annotations by key).
func (p *pass) sortChanges() {
	rank := func(c Change) (int, int, int) {
		r := slices.Index(writeOrder, c.Field)
		if c.ContainerIndex >= 0 {
			return slices.Index(writeOrder, FieldEnv), c.ContainerIndex, r
		}
		return r, 0, 0
	}
	sort.SliceStable(p.changes, func(i, j int) bool {
		a1, a2, a3 := rank(p.changes[i])
		b1, b2, b3 := rank(p.changes[j])
		if a1 != b1 {
			return a1 < b1
		}
		if a2 != b2 {
			return a2 < b2
		}
		return a3 < b3
	})
}
