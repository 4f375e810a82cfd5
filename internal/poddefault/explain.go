package poddefault

import (
	"fmt"
	"reflect"
	"sort"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
)

// Outcome is what happened between one PodDefault and one pod.
type Outcome string

// The outcomes, from the pod's point of view.
const (
	OutcomeApplied         Outcome = "applied"
	OutcomeAlreadyPresent  Outcome = "already-present"
	OutcomeNoMatch         Outcome = "selector-does-not-match"
	OutcomeOtherNamespace  Outcome = "other-namespace"
	OutcomeExcluded        Outcome = "pod-excluded"
	OutcomeConflict        Outcome = "conflict"
	OutcomeInvalidSelector Outcome = "invalid-selector"
)

// Verdict explains what one PodDefault does to one pod, and why.
type Verdict struct {
	PodDefault string  `json:"podDefault"`
	Namespace  string  `json:"namespace"`
	Outcome    Outcome `json:"outcome"`
	Reason     string  `json:"reason"`
	// Changes are what the PodDefault changed, field by field.
	Changes []Change `json:"changes,omitempty"`
	// Clashes are the conflicts it takes part in.
	Clashes []Clash `json:"clashes,omitempty"`
}

// Change is one thing a PodDefault added or set.
type Change struct {
	Field     string `json:"field"`
	Container string `json:"container,omitempty"`
	Entry     string `json:"entry,omitempty"`
}

func (c Change) String() string {
	s := c.Field
	if c.Entry != "" {
		s += " " + c.Entry
	}
	if c.Container != "" {
		s += " in container " + c.Container
	}
	return s
}

// Explain gives a verdict for every PodDefault of the pod's namespace and
// for every PodDefault of another namespace whose selector matches the
// pod, with the reason. err is what Apply would return: a conflict or a
// selector that cannot be converted.
func Explain(pod *corev1.Pod, defaults []PodDefault) (verdicts []Verdict, err error) {
	var inNamespace, others []*PodDefault
	for i := range defaults {
		if defaults[i].Namespace == pod.Namespace {
			inNamespace = append(inNamespace, &defaults[i])
		} else {
			others = append(others, &defaults[i])
		}
	}
	SortByName(inNamespace)
	sort.SliceStable(others, func(i, j int) bool {
		if others[i].Namespace != others[j].Namespace {
			return others[i].Namespace < others[j].Namespace
		}
		return others[i].Name < others[j].Name
	})

	excludedBy := excluded(pod)
	res, err := Apply(pod, defaults)
	var conflict *ConflictError
	var badSelector *SelectorError
	switch e := err.(type) {
	case *ConflictError:
		conflict = e
	case *SelectorError:
		badSelector = e
	}
	for _, pd := range inNamespace {
		v := Verdict{PodDefault: pd.Name, Namespace: pd.Namespace}
		selector, serr := metav1.LabelSelectorAsSelector(&pd.Spec.Selector)
		switch {
		case excludedBy != "":
			v.Outcome, v.Reason = OutcomeExcluded, "the pod opts out: "+excludedBy
		case serr != nil:
			v.Outcome, v.Reason = OutcomeInvalidSelector, fmt.Sprintf("its selector cannot be converted (%v): the webhook rejects every pod of the namespace", serr)
		case !selector.Matches(labels.Set(pod.Labels)):
			v.Outcome, v.Reason = OutcomeNoMatch, failedRequirement(selector, pod.Labels)
		case badSelector != nil:
			v.Outcome, v.Reason = OutcomeInvalidSelector, fmt.Sprintf("selects the pod, but PodDefault %s has a selector that cannot be converted: the webhook rejects the pod", badSelector.PodDefault)
		case conflict != nil:
			v.Outcome = OutcomeConflict
			for _, c := range conflict.Clashes {
				if c.PodDefault == pd.Name || c.FoundIn == pd.Name {
					v.Clashes = append(v.Clashes, c)
				}
			}
			v.Reason = "selects the pod, but the webhook rejects it: the PodDefaults clash"
			if len(v.Clashes) == 0 {
				v.Reason = "selects the pod, but the webhook rejects it: other PodDefaults that select it clash"
			}
		default:
			v.Changes = contribution(pod, res.Applied, pd)
			v.Outcome, v.Reason = OutcomeApplied, "the selector matches the pod's labels"
			if onlyMarker(v.Changes) {
				v.Outcome, v.Reason = OutcomeAlreadyPresent, "the selector matches, and every item it brings is already present"
			}
		}
		verdicts = append(verdicts, v)
	}
	for _, pd := range others {
		selector, serr := metav1.LabelSelectorAsSelector(&pd.Spec.Selector)
		if serr != nil || !selector.Matches(labels.Set(pod.Labels)) {
			continue
		}
		verdicts = append(verdicts, Verdict{PodDefault: pd.Name, Namespace: pd.Namespace, Outcome: OutcomeOtherNamespace,
			Reason: fmt.Sprintf("the selector matches, but the PodDefault is in namespace %s and the pod in %s", pd.Namespace, pod.Namespace)})
	}
	return verdicts, err
}

// failedRequirement names the first requirement of a selector that the
// labels do not meet.
func failedRequirement(selector labels.Selector, podLabels map[string]string) string {
	reqs, _ := selector.Requirements()
	for _, r := range reqs {
		if !r.Matches(labels.Set(podLabels)) {
			return fmt.Sprintf("the selector requires %s, and the pod's labels are %s", r.String(), showLabels(podLabels))
		}
	}
	return "the selector does not match the pod's labels " + showLabels(podLabels)
}

func showLabels(m map[string]string) string {
	if len(m) == 0 {
		return "{} (none)"
	}
	return "{" + labels.Set(m).String() + "}"
}

// contribution is what pd changed: the difference between applying the
// PodDefaults up to it and those before it, in order.
func contribution(pod *corev1.Pod, applied []*PodDefault, pd *PodDefault) []Change {
	i := 0
	for i < len(applied) && applied[i] != pd {
		i++
	}
	before := applyPrefix(pod, applied[:i])
	after := applyPrefix(pod, applied[:i+1])
	return changes(before, after)
}

func applyPrefix(pod *corev1.Pod, pds []*PodDefault) *corev1.Pod {
	p := pod.DeepCopy()
	if len(pds) > 0 {
		apply(p, pds, presentSidecars(pod, pds))
	}
	return p
}

// changes lists what after adds to before, field by field.
func changes(before, after *corev1.Pod) []Change {
	var out []Change
	for _, k := range sortedKeys(after.Labels) {
		if v, ok := before.Labels[k]; !ok || v != after.Labels[k] {
			out = append(out, Change{Field: "labels", Entry: k + "=" + after.Labels[k]})
		}
	}
	for _, k := range sortedKeys(after.Annotations) {
		if v, ok := before.Annotations[k]; !ok || v != after.Annotations[k] {
			out = append(out, Change{Field: "annotations", Entry: k})
		}
	}
	b, a := &before.Spec, &after.Spec
	out = appendNew(out, "volumes", "", b.Volumes, a.Volumes, func(v corev1.Volume) string { return v.Name })
	out = appendNew(out, "tolerations", "", b.Tolerations, a.Tolerations, func(t corev1.Toleration) string { return t.Key })
	out = appendNew(out, "imagePullSecrets", "", b.ImagePullSecrets, a.ImagePullSecrets, func(r corev1.LocalObjectReference) string { return r.Name })
	if a.ServiceAccountName != b.ServiceAccountName {
		out = append(out, Change{Field: "serviceAccountName", Entry: a.ServiceAccountName})
	}
	if !reflect.DeepEqual(a.AutomountServiceAccountToken, b.AutomountServiceAccountToken) && a.AutomountServiceAccountToken != nil {
		out = append(out, Change{Field: "automountServiceAccountToken", Entry: fmt.Sprint(*a.AutomountServiceAccountToken)})
	}
	for i := range b.Containers {
		bc, ac := &b.Containers[i], &a.Containers[i]
		out = appendNew(out, "env", ac.Name, bc.Env, ac.Env, func(e corev1.EnvVar) string { return e.Name })
		out = appendNew(out, "volumeMounts", ac.Name, bc.VolumeMounts, ac.VolumeMounts, func(m corev1.VolumeMount) string { return m.Name + " at " + m.MountPath })
		out = appendNew(out, "envFrom", ac.Name, bc.EnvFrom, ac.EnvFrom, envFromName)
		if bc.Command == nil && ac.Command != nil {
			out = append(out, Change{Field: "command", Container: ac.Name, Entry: fmt.Sprint(ac.Command)})
		}
		if bc.Args == nil && ac.Args != nil {
			out = append(out, Change{Field: "args", Container: ac.Name, Entry: fmt.Sprint(ac.Args)})
		}
	}
	out = appendNew(out, "sidecars", "", b.Containers, a.Containers, func(c corev1.Container) string { return c.Name })
	out = appendNew(out, "initContainers", "", b.InitContainers, a.InitContainers, func(c corev1.Container) string { return c.Name })
	return out
}

func appendNew[T any](out []Change, field, container string, before, after []T, name func(T) string) []Change {
	for _, v := range after[min(len(before), len(after)):] {
		out = append(out, Change{Field: field, Container: container, Entry: name(v)})
	}
	return out
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

// onlyMarker: a PodDefault whose only change is its marker annotation
// found everything it brings already present.
func onlyMarker(cs []Change) bool {
	for _, c := range cs {
		if c.Field != "annotations" || len(c.Entry) < len(annotationBase) || c.Entry[:len(annotationBase)] != annotationBase {
			return false
		}
	}
	return true
}
