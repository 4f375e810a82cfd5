package poddefault

import (
	"fmt"
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

	excludedBy := Excluded(pod)
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
			v.Changes = By(res.Changes, pd)
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
