package cluster

import (
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// GeneratedSuffix stands for the five random characters the server appends
// to generated names (kube-api-access-xxxxx, metadata.generateName). "x" is
// one of the characters the server draws from, so names stay valid.
const GeneratedSuffix = "xxxxx"

// TokenVolumeName is the name of the ServiceAccount token volume with the
// given suffix (GeneratedSuffix when "").
func TokenVolumeName(suffix string) string {
	if suffix == "" {
		suffix = GeneratedSuffix
	}
	return TokenVolumePrefix + suffix
}

// IsTokenVolumeName reports whether name is that of a token volume the
// ServiceAccount plugin generated: the prefix and five characters of the
// server's alphabet.
func IsTokenVolumeName(name string) bool {
	suffix, ok := strings.CutPrefix(name, TokenVolumePrefix)
	if !ok || len(suffix) != len(GeneratedSuffix) {
		return false
	}
	for _, r := range suffix {
		if !strings.ContainsRune("bcdfghjklmnpqrstvwxz2456789", r) {
			return false
		}
	}
	return true
}

// MaskGeneratedNames replaces, in place, the random part of the names the
// server generated in pod by GeneratedSuffix: the token volume and its
// mounts, and a metadata.name made from metadata.generateName. Tests and
// previews use it to compare pods from different requests.
func MaskGeneratedNames(pod *corev1.Pod) {
	if g := pod.GenerateName; g != "" && strings.HasPrefix(pod.Name, g) && len(pod.Name) == len(g)+len(GeneratedSuffix) {
		pod.Name = g + GeneratedSuffix
	}
	masked := TokenVolumeName("")
	for i := range pod.Spec.Volumes {
		if IsTokenVolumeName(pod.Spec.Volumes[i].Name) {
			pod.Spec.Volumes[i].Name = masked
		}
	}
	eachContainer(func(c *corev1.Container) {
		for i := range c.VolumeMounts {
			if IsTokenVolumeName(c.VolumeMounts[i].Name) {
				c.VolumeMounts[i].Name = masked
			}
		}
	})(pod)
}

// PrepareForCreate does, in place, what the pod registry does to a pod
// that has been through admission, before validating it: a name from
// generateName, generation 1, the status reset to phase Pending with the
// pod's QoS class, the SchedulingGated condition for a pod with scheduling
// gates, fields of disabled features dropped, matchLabelKeys merged into
// affinity and topology spread selectors, and the deprecated AppArmor
// annotations copied into securityContext.
func PrepareForCreate(pod *corev1.Pod, suffix string) {
	if pod.GenerateName != "" && pod.Name == "" {
		if suffix == "" {
			suffix = GeneratedSuffix
		}
		pod.Name = pod.GenerateName + suffix
	}
	pod.Generation = 1
	qos := pod.Status.QOSClass
	if qos == "" {
		qos = QOSClass(pod)
	}
	pod.Status = corev1.PodStatus{Phase: corev1.PodPending, QOSClass: qos}
	dropDisabledFields(pod)
	if len(pod.Spec.SchedulingGates) > 0 {
		pod.Status.Conditions = []corev1.PodCondition{{
			Type:    corev1.PodScheduled,
			Status:  corev1.ConditionFalse,
			Reason:  corev1.PodReasonSchedulingGated,
			Message: "Scheduling is blocked due to non-empty scheduling gates",
		}}
	}
	mergeMatchLabelKeys(pod)
	copyAppArmorAnnotations(pod)
}

// dropDisabledFields clears the fields of features whose gate is off by
// default in KubernetesVersion (DropDisabledPodFields on create).
func dropDisabledFields(pod *corev1.Pod) {
	for i := range pod.Spec.Volumes {
		if p := pod.Spec.Volumes[i].Projected; p != nil {
			for j := range p.Sources {
				p.Sources[j].ClusterTrustBundle = nil // ClusterTrustBundleProjection
				p.Sources[j].PodCertificate = nil     // PodCertificateRequest
			}
		}
	}
	pod.Spec.SchedulingGroup = nil            // GenericWorkload
	eachContainer(func(c *corev1.Container) { // ContainerStopSignals
		if c.Lifecycle != nil && c.Lifecycle.StopSignal != nil {
			c.Lifecycle.StopSignal = nil
			if *c.Lifecycle == (corev1.Lifecycle{}) {
				c.Lifecycle = nil
			}
		}
	})(pod)
}

func mergeMatchLabelKeys(pod *corev1.Pod) {
	apply := func(sel *metav1.LabelSelector, keys []string, op metav1.LabelSelectorOperator) {
		for _, k := range keys {
			if v, ok := pod.Labels[k]; ok {
				sel.MatchExpressions = append(sel.MatchExpressions, metav1.LabelSelectorRequirement{Key: k, Operator: op, Values: []string{v}})
			}
		}
	}
	term := func(t *corev1.PodAffinityTerm) {
		if (len(t.MatchLabelKeys) == 0 && len(t.MismatchLabelKeys) == 0) || t.LabelSelector == nil {
			return
		}
		apply(t.LabelSelector, t.MatchLabelKeys, metav1.LabelSelectorOpIn)
		apply(t.LabelSelector, t.MismatchLabelKeys, metav1.LabelSelectorOpNotIn)
	}
	if a := pod.Spec.Affinity; a != nil {
		for _, pa := range []*corev1.PodAffinity{a.PodAffinity, (*corev1.PodAffinity)(a.PodAntiAffinity)} {
			if pa == nil {
				continue
			}
			for i := range pa.PreferredDuringSchedulingIgnoredDuringExecution {
				term(&pa.PreferredDuringSchedulingIgnoredDuringExecution[i].PodAffinityTerm)
			}
			for i := range pa.RequiredDuringSchedulingIgnoredDuringExecution {
				term(&pa.RequiredDuringSchedulingIgnoredDuringExecution[i])
			}
		}
	}
	for i := range pod.Spec.TopologySpreadConstraints {
		c := &pod.Spec.TopologySpreadConstraints[i]
		if len(c.MatchLabelKeys) > 0 && c.LabelSelector != nil {
			apply(c.LabelSelector, c.MatchLabelKeys, metav1.LabelSelectorOpIn)
		}
	}
}

// appArmorAnnotationPrefix is the deprecated per-container AppArmor annotation.
const appArmorAnnotationPrefix = "container.apparmor.security.beta.kubernetes.io/"

// copyAppArmorAnnotations: a container with a valid deprecated AppArmor
// annotation and no appArmorProfile of its own gets the annotation's
// profile, unless the pod's profile is the same.
func copyAppArmorAnnotations(pod *corev1.Pod) {
	if pod.Spec.OS != nil && pod.Spec.OS.Name == corev1.Windows {
		return
	}
	var podProfile *corev1.AppArmorProfile
	if pod.Spec.SecurityContext != nil {
		podProfile = pod.Spec.SecurityContext.AppArmorProfile
	}
	eachContainer(func(c *corev1.Container) {
		value, ok := pod.Annotations[appArmorAnnotationPrefix+c.Name]
		if !ok || (c.SecurityContext != nil && c.SecurityContext.AppArmorProfile != nil) {
			return
		}
		profile := appArmorProfileFor(value)
		if profile == nil || equality.Semantic.DeepEqual(profile, podProfile) {
			return
		}
		if c.SecurityContext == nil {
			c.SecurityContext = &corev1.SecurityContext{}
		}
		c.SecurityContext.AppArmorProfile = profile
	})(pod)
}

func appArmorProfileFor(annotation string) *corev1.AppArmorProfile {
	switch {
	case annotation == "unconfined":
		return &corev1.AppArmorProfile{Type: corev1.AppArmorProfileTypeUnconfined}
	case annotation == "runtime/default":
		return &corev1.AppArmorProfile{Type: corev1.AppArmorProfileTypeRuntimeDefault}
	case strings.HasPrefix(annotation, "localhost/") && len(annotation) > len("localhost/"):
		p := strings.TrimPrefix(annotation, "localhost/")
		if len(p) > 4095 || strings.TrimSpace(p) != p {
			return nil
		}
		return &corev1.AppArmorProfile{Type: corev1.AppArmorProfileTypeLocalhost, LocalhostProfile: &p}
	}
	return nil
}

// QOSClass is the quality-of-service class the server records for pod
// (ComputePodQOS): from the pod-level resources when they are set, else
// from the cpu and memory of init and regular containers.
func QOSClass(pod *corev1.Pod) corev1.PodQOSClass {
	requests, limits := corev1.ResourceList{}, corev1.ResourceList{}
	guaranteed := true
	zero := resource.Quantity{}
	add := func(sum, list corev1.ResourceList) map[corev1.ResourceName]bool {
		found := map[corev1.ResourceName]bool{}
		for name, q := range list {
			if (name != corev1.ResourceCPU && name != corev1.ResourceMemory) || q.Cmp(zero) != 1 {
				continue
			}
			found[name] = true
			addResources(sum, corev1.ResourceList{name: q})
		}
		return found
	}
	if r := pod.Spec.Resources; FeatureGates["PodLevelResources"] && r != nil {
		add(requests, r.Requests)
		if len(r.Limits) > 0 {
			if found := add(limits, r.Limits); !found[corev1.ResourceCPU] || !found[corev1.ResourceMemory] {
				guaranteed = false
			}
		}
	} else {
		for _, cs := range [][]corev1.Container{pod.Spec.Containers, pod.Spec.InitContainers} {
			for i := range cs {
				add(requests, cs[i].Resources.Requests)
				if found := add(limits, cs[i].Resources.Limits); !found[corev1.ResourceCPU] || !found[corev1.ResourceMemory] {
					guaranteed = false
				}
			}
		}
	}
	if len(requests) == 0 && len(limits) == 0 {
		return corev1.PodQOSBestEffort
	}
	if guaranteed {
		for name, req := range requests {
			if lim, ok := limits[name]; !ok || lim.Cmp(req) != 0 {
				guaranteed = false
				break
			}
		}
	}
	if guaranteed && len(requests) == len(limits) {
		return corev1.PodQOSGuaranteed
	}
	return corev1.PodQOSBurstable
}
