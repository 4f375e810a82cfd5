package cluster

import (
	"strings"

	corev1 "k8s.io/api/core/v1"
)

// Pod-level resources (spec.resources) are defaulted from the containers'
// own, as component-helpers' AggregateContainerRequests and
// AggregateContainerLimits add them up: regular containers and restartable
// init containers (native sidecars) add, an init container counts as the
// maximum of itself plus the sidecars started before it.

func supportedPodLevel(name corev1.ResourceName) bool {
	return name == corev1.ResourceCPU || name == corev1.ResourceMemory || isHugePages(name)
}

func isHugePages(name corev1.ResourceName) bool {
	return strings.HasPrefix(string(name), corev1.ResourceHugePagesPrefix)
}

// overcommitAllowed: native resources other than hugepages.
func overcommitAllowed(name corev1.ResourceName) bool {
	s := string(name)
	native := !strings.Contains(s, "/") || strings.HasPrefix(s, "kubernetes.io/")
	return native && !isHugePages(name)
}

func aggregate(pod *corev1.Pod, of func(*corev1.Container) corev1.ResourceList) corev1.ResourceList {
	sum := corev1.ResourceList{}
	for i := range pod.Spec.Containers {
		addResources(sum, of(&pod.Spec.Containers[i]))
	}
	sidecars, inits := corev1.ResourceList{}, corev1.ResourceList{}
	for i := range pod.Spec.InitContainers {
		c := &pod.Spec.InitContainers[i]
		use := corev1.ResourceList{}
		if c.RestartPolicy != nil && *c.RestartPolicy == corev1.ContainerRestartPolicyAlways {
			addResources(sum, of(c))
			addResources(sidecars, of(c))
			use = sidecars
		} else {
			addResources(use, of(c))
			addResources(use, sidecars)
		}
		maxResources(inits, use)
	}
	maxResources(sum, inits)
	return sum
}

func addResources(list, add corev1.ResourceList) {
	for k, q := range add {
		if v, ok := list[k]; ok {
			v.Add(q)
			list[k] = v
		} else {
			list[k] = q.DeepCopy()
		}
	}
}

func maxResources(list, other corev1.ResourceList) {
	for k, q := range other {
		if v, ok := list[k]; !ok || q.Cmp(v) > 0 {
			list[k] = q.DeepCopy()
		}
	}
}

func requestsOf(c *corev1.Container) corev1.ResourceList { return c.Resources.Requests }
func limitsOf(c *corev1.Container) corev1.ResourceList   { return c.Resources.Limits }

// defaultHugePagePodLimits: with pod-level resources set, a hugepages limit
// of the containers becomes the pod's limit unless the pod requests it.
func defaultHugePagePodLimits(pod *corev1.Pod) {
	r := pod.Spec.Resources
	if r == nil || (len(r.Limits) == 0 && len(r.Requests) == 0) {
		return
	}
	limits := r.Limits
	if limits == nil {
		limits = corev1.ResourceList{}
	}
	for k, q := range aggregate(pod, limitsOf) {
		if !supportedPodLevel(k) || !isHugePages(k) {
			continue
		}
		if _, ok := r.Requests[k]; ok {
			continue
		}
		if _, ok := limits[k]; !ok {
			limits[k] = q.DeepCopy()
		}
	}
	if len(limits) > 0 {
		r.Limits = limits
	}
}

// defaultPodRequests: with pod-level limits set, the pod's requests default
// to the containers' requests, else to the pod's limits.
func defaultPodRequests(pod *corev1.Pod) {
	r := pod.Spec.Resources
	if r == nil || len(r.Limits) == 0 {
		return
	}
	reqs := r.Requests
	if reqs == nil {
		reqs = corev1.ResourceList{}
	}
	for k, q := range aggregate(pod, requestsOf) {
		if _, ok := reqs[k]; !ok && supportedPodLevel(k) && overcommitAllowed(k) {
			reqs[k] = q.DeepCopy()
		}
	}
	for k, q := range r.Limits {
		if _, ok := reqs[k]; !ok && supportedPodLevel(k) {
			reqs[k] = q.DeepCopy()
		}
	}
	if len(reqs) > 0 {
		r.Requests = reqs
	}
}
