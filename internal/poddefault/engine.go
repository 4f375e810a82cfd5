package poddefault

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"sync"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
)

// Result is what applying PodDefaults to one pod gives.
type Result struct {
	// Pod is the mutated pod: a copy, equal to the input when nothing applies.
	Pod *corev1.Pod
	// Excluded says why the pod was left alone before any PodDefault was
	// looked at: the exclude annotation or the mirror-pod annotation.
	Excluded string
	// Applied are the matching PodDefaults, in the order they were applied.
	Applied []*PodDefault
	// Skipped are the PodDefaults of the pod's namespace whose selector
	// does not match it.
	Skipped []*PodDefault
	// PresentSidecars names the containers that already equal a sidecar of
	// a matching PodDefault: they count as that sidecar and receive nothing.
	PresentSidecars []string
	// Defects say where the in-cluster webhook would not produce Pod.
	Defects []Defect
	// Chains are PodDefaults that a label added by another would select:
	// they apply on a second pass only.
	Chains []Chain
	// Changes are what the applied PodDefaults added or set, each with the
	// PodDefault that brought it: labels and annotations by key, then the
	// spec's fields, container by container, then sidecars and init
	// containers.
	Changes []Change
}

// Chain is a PodDefault that does not select the pod, but would select it
// with the labels the applied PodDefaults add.
type Chain struct {
	PodDefault string
	// AddedBy names the PodDefaults that add labels, Labels the labels
	// ("k=v") they add.
	AddedBy []string
	Labels  []string
}

// Changed reports whether the pod differs from the input.
func (r *Result) Changed(input *corev1.Pod) bool { return !reflect.DeepEqual(r.Pod, input) }

// Excluded reasons.
const (
	ExcludedByAnnotation = "annotation " + ExcludeAnnotation + ` is "true"`
	ExcludedMirrorPod    = "mirror pod (annotation " + MirrorAnnotation + ")"
)

// Apply does what the webhook does when the pod is created: skip excluded
// and mirror pods, select the PodDefaults of the pod's namespace whose
// selector matches its labels, check them all for clashes, and merge them.
//
// pod.Namespace must already be set (the webhook falls back to the request
// namespace). defaults may hold PodDefaults of any namespace, in any order:
// they are taken in name order, as the API server lists them.
//
// A clash gives a *ConflictError, an unconvertible selector a *SelectorError;
// then nothing is applied.
func Apply(pod *corev1.Pod, defaults []PodDefault) (*Result, error) {
	res := &Result{Pod: pod.DeepCopy()}
	if reason := Excluded(pod); reason != "" {
		res.Excluded = reason
		return res, nil
	}
	matching, inNamespace, err := selectFrom(pod, defaults)
	if err != nil {
		return nil, err
	}
	if len(matching) == 0 {
		return res, nil
	}
	present := presentSidecars(pod, matching)
	merge := &pass{pds: matching, mode: intended, present: present}
	merge.run(res.Pod)
	if len(merge.clashes) > 0 {
		return nil, &ConflictError{PodName: pod.Name, PodDefaults: Names(matching), Clashes: merge.clashes}
	}
	res.Applied = matching
	res.Changes = merge.changes
	for _, pd := range inNamespace {
		if !slices.Contains(matching, pd) {
			res.Skipped = append(res.Skipped, pd)
		}
	}
	for i := range pod.Spec.Containers {
		if present[i] {
			res.PresentSidecars = append(res.PresentSidecars, pod.Spec.Containers[i].Name)
		}
	}
	res.Defects = webhookDefects(pod, matching, res.Pod, present)
	res.Chains = labelChains(pod, res.Pod, inNamespace, matching)
	return res, nil
}

// labelChains finds the PodDefaults of the namespace that do not select
// the pod but would select it with the labels the applied ones added.
// Selection happens once, on the input labels (the webhook's rule), so
// such a PodDefault applies only when the result passes a webhook again.
func labelChains(before, after *corev1.Pod, inNamespace, applied []*PodDefault) []Chain {
	if len(after.Labels) == len(before.Labels) {
		return nil
	}
	var added []string
	for _, k := range sortedKeys(after.Labels) {
		if _, ok := before.Labels[k]; !ok {
			added = append(added, k+"="+after.Labels[k])
		}
	}
	var addedBy []string
	for _, pd := range applied {
		for k := range pd.Spec.Labels {
			if _, ok := before.Labels[k]; !ok {
				addedBy = append(addedBy, pd.Name)
				break
			}
		}
	}
	var chains []Chain
	for _, pd := range inNamespace {
		if slices.Contains(applied, pd) {
			continue
		}
		selector, err := selectorOf(&pd.Spec.Selector)
		if err == nil && selector.Matches(labels.Set(after.Labels)) {
			chains = append(chains, Chain{PodDefault: pd.Name, AddedBy: addedBy, Labels: added})
		}
	}
	return chains
}

// Excluded says why the webhook leaves a pod alone before it looks at any
// PodDefault (ExcludedByAnnotation, ExcludedMirrorPod), or is "".
func Excluded(pod *corev1.Pod) string {
	if pod.Annotations[ExcludeAnnotation] == "true" {
		return ExcludedByAnnotation
	}
	if _, ok := pod.Annotations[MirrorAnnotation]; ok {
		return ExcludedMirrorPod
	}
	return ""
}

// SortByName orders PodDefaults as the API server lists them within a
// namespace: by the bytes of their names.
func SortByName(pds []*PodDefault) {
	sort.SliceStable(pds, func(i, j int) bool { return pds[i].Name < pds[j].Name })
}

// Select returns the PodDefaults of the pod's namespace whose selector
// matches the pod's labels, in name order. Like the webhook, it fails on the
// first PodDefault of the namespace (in name order) whose selector cannot
// be converted, whether or not it would have matched.
func Select(pod *corev1.Pod, defaults []PodDefault) ([]*PodDefault, error) {
	matching, _, err := selectFrom(pod, defaults)
	return matching, err
}

// selectFrom is Select that also returns all PodDefaults of the pod's
// namespace, in name order.
func selectFrom(pod *corev1.Pod, defaults []PodDefault) (matching, inNamespace []*PodDefault, err error) {
	for i := range defaults {
		if defaults[i].Namespace == pod.Namespace {
			inNamespace = append(inNamespace, &defaults[i])
		}
	}
	SortByName(inNamespace)
	for _, pd := range inNamespace {
		selector, err := selectorOf(&pd.Spec.Selector)
		if err != nil {
			return nil, nil, &SelectorError{PodDefault: pd.Name, Selector: fmt.Sprintf("%v", pd.Spec.Selector), Err: err}
		}
		if selector.Matches(labels.Set(pod.Labels)) {
			matching = append(matching, pd)
		}
	}
	return matching, inNamespace, nil
}

// selectorOf is metav1.LabelSelectorAsSelector, which validates every key
// and value each time; the webhook's selection and its model convert the
// same few selectors for every pod. The answers are kept by the
// selector's content, up to maxSelectors of them.
func selectorOf(s *metav1.LabelSelector) (labels.Selector, error) {
	var buf [256]byte
	key := appendSelectorKey(buf[:0], s)
	selectors.RLock()
	c, ok := selectors.m[string(key)]
	selectors.RUnlock()
	if ok {
		return c.selector, c.err
	}
	selector, err := metav1.LabelSelectorAsSelector(s)
	selectors.Lock()
	if len(selectors.m) < maxSelectors {
		selectors.m[string(key)] = converted{selector, err}
	}
	selectors.Unlock()
	return selector, err
}

type converted struct {
	selector labels.Selector
	err      error
}

var selectors = struct {
	sync.RWMutex
	m map[string]converted // by appendSelectorKey
}{m: map[string]converted{}}

const maxSelectors = 4096

// appendSelectorKey writes what LabelSelectorAsSelector reads of a
// selector, each string and list with its length before it, each number
// ended by a mark: the labels in key order, the expressions in order (nil
// and empty alike, as there).
func appendSelectorKey(b []byte, s *metav1.LabelSelector) []byte {
	count := func(b []byte, n int) []byte {
		return append(strconv.AppendInt(b, int64(n), 10), '#')
	}
	str := func(b []byte, v string) []byte {
		return append(append(strconv.AppendInt(b, int64(len(v)), 10), ':'), v...)
	}
	b = count(b, len(s.MatchLabels))
	if len(s.MatchLabels) == 1 {
		for k, v := range s.MatchLabels {
			b = str(str(b, k), v)
		}
	} else {
		for _, k := range sortedKeys(s.MatchLabels) {
			b = str(str(b, k), s.MatchLabels[k])
		}
	}
	for _, e := range s.MatchExpressions {
		b = append(b, '|')
		b = str(str(b, e.Key), string(e.Operator))
		b = count(b, len(e.Values))
		for _, v := range e.Values {
			b = str(b, v)
		}
	}
	return b
}

// presentSidecars marks the containers that deep-equal a sidecar of a
// matching PodDefault. podctl treats such a container as that sidecar
// (injected by an earlier run, or written by hand): it is skipped as
// present and receives nothing, which keeps a second run a no-op.
func presentSidecars(pod *corev1.Pod, pds []*PodDefault) map[int]bool {
	present := map[int]bool{}
	for i := range pod.Spec.Containers {
		for _, pd := range pds {
			for j := range pd.Spec.Sidecars {
				if reflect.DeepEqual(pod.Spec.Containers[i], pd.Spec.Sidecars[j]) {
					present[i] = true
				}
			}
		}
	}
	return present
}

// Names lists the names of PodDefaults, in order.
func Names(pds []*PodDefault) []string {
	out := make([]string, len(pds))
	for i, pd := range pds {
		out[i] = pd.Name
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Check is the webhook's clash check on its own
// (safeToApplyPodDefaultsOnPod), for callers that only need the verdict:
// every merge of pds on the pod as it is, every clash kept, in the
// webhook's order; none means the webhook admits the pod. pds are the
// PodDefaults that select the pod, in name order, as Select gives them.
// Containers that equal a sidecar of pds are skipped, as Apply skips
// them. It changes nothing and builds no result: it costs the merge alone.
func Check(pod *corev1.Pod, pds []*PodDefault) []Clash {
	return check(pod, pds, presentSidecars(pod, pds))
}

// check is Check with the containers to skip given: none for the webhook
// as a cluster runs it.
func check(pod *corev1.Pod, pds []*PodDefault, present map[int]bool) []Clash {
	p := &pass{pds: pds, mode: intended, present: present}
	p.run(scratch(pod))
	return p.clashes
}

// scratch is a copy of pod for a pass whose result is dropped, with what
// the pass writes into copied and the rest shared: a pass replaces the
// pod's lists and maps instead of changing them, but for the containers,
// whose fields it sets, and the annotations, where it writes the markers.
func scratch(pod *corev1.Pod) *corev1.Pod {
	p := *pod
	p.Annotations = maps.Clone(pod.Annotations)
	p.Spec.Containers = slices.Clone(pod.Spec.Containers)
	return &p
}
