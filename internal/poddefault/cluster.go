package poddefault

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"unicode/utf8"

	corev1 "k8s.io/api/core/v1"
)

// PatchError says that the API server cannot apply the JSON patch the
// webhook returned for a pod: the server refuses the pod with an internal
// error.
type PatchError struct {
	// Err is the patch library's complaint.
	Err error
}

func (e *PatchError) Error() string { return e.Err.Error() }
func (e *PatchError) Unwrap() error { return e.Err }

// Webhook is the PodDefault webhook as it runs in a cluster, with none of
// podctl's departures: given the pod the API server sends it (already
// decoded, defaulted and through the built-in admission plugins, with its
// namespace set) and the PodDefaults of the namespace as the server lists
// them, it returns the pod the server holds after applying the webhook's
// JSON patch, or the webhook's denial (*ConflictError, *SelectorError), or
// a *PatchError when the server cannot apply the patch.
//
// The returned pod is a new value; it equals pod when the webhook leaves
// it alone (excluded, mirror pod, no PodDefault matches).
func Webhook(pod *corev1.Pod, defaults []PodDefault) (*corev1.Pod, error) {
	if Excluded(pod) != "" {
		return pod.DeepCopy(), nil
	}
	matching, _, err := selectFrom(pod, defaults)
	if err != nil {
		return nil, err
	}
	if len(matching) == 0 {
		return pod.DeepCopy(), nil
	}
	if clashes := check(pod, matching, nil); len(clashes) > 0 {
		return nil, &ConflictError{PodName: pod.Name, PodDefaults: Names(matching), Clashes: clashes}
	}
	mutated := webhookMutation(pod.DeepCopy(), matching)
	if patchIsExact(pod, mutated) {
		return withoutEmpty(mutated), nil
	}
	if patched, err, ok := envFromPatched(pod, mutated); ok {
		return patched, err
	}
	return patchedPod(pod, mutated)
}

// envFromPatched is patchedPod where the patch is exact but for envFrom
// lists that grew by entries a container had already (the webhook appends
// envFrom blindly), and no container was added: as the patch diffs those
// lists as sets, an appended entry equal to one the list had is not added,
// and each other one is added at its index in the mutated list, which
// fails past the end of the list the server holds. ok is false where that
// is not all that sets the patch apart, or where JSON could make unequal
// entries equal (strings that are not UTF-8).
func envFromPatched(pod, mutated *corev1.Pod) (patched *corev1.Pod, err error, ok bool) {
	in, out := pod.Spec.Containers, mutated.Spec.Containers
	if len(out) != len(in) {
		return nil, nil, false
	}
	lists := make([][]corev1.EnvFromSource, len(in))
	for i := range in {
		had, grown := in[i].EnvFrom, out[i].EnvFrom
		if len(grown) == len(had) {
			lists[i] = grown
			continue
		}
		if len(grown) < len(had) || !reflect.DeepEqual(had, grown[:len(had)]) || !utf8EnvFrom(grown) {
			return nil, nil, false
		}
		list := slices.Clone(grown[:len(had)]) // the copy's entries, not the pod's
		for k, e := range grown {
			if containsDeepEqual(had, e) {
				continue
			}
			if k > len(list) {
				// applyPatch's words for an add past the end
				at := strconv.Itoa(k)
				return nil, &PatchError{Err: fmt.Errorf("error in %s for path: '%s': %w", "add", "/spec/containers/"+strconv.Itoa(i)+"/envFrom/"+at,
					fmt.Errorf("Unable to access invalid index: %s: invalid index referenced", at))}, true
			}
			list = slices.Insert(list, k, e)
		}
		lists[i] = list
	}
	for i := range out {
		out[i].EnvFrom = lists[i]
	}
	return withoutEmpty(mutated), nil, true
}

// utf8EnvFrom reports whether every string of the entries is valid UTF-8,
// which JSON keeps as it is.
func utf8EnvFrom(list []corev1.EnvFromSource) bool {
	for _, e := range list {
		if !utf8.ValidString(e.Prefix) {
			return false
		}
		if r := e.ConfigMapRef; r != nil && !utf8.ValidString(r.Name) {
			return false
		}
		if r := e.SecretRef; r != nil && !utf8.ValidString(r.Name) {
			return false
		}
	}
	return true
}

// patchedPod is the pod the API server makes by applying the webhook's
// JSON patch for mutated to pod, as the webhook builds it and the server
// applies it.
func patchedPod(pod, mutated *corev1.Pod) (*corev1.Pod, error) {
	before, err := toGeneric(pod)
	if err != nil {
		return nil, fmt.Errorf("encoding the pod: %w", err)
	}
	after, err := toGeneric(mutated)
	if err != nil {
		return nil, fmt.Errorf("encoding the mutated pod: %w", err)
	}
	patched, err := applyPatch(before, createPatch(before, after, ""))
	if err != nil {
		return nil, &PatchError{Err: err}
	}
	b, err := json.Marshal(patched)
	if err != nil {
		return nil, fmt.Errorf("encoding the patched pod: %w", err)
	}
	out := &corev1.Pod{}
	if err := json.Unmarshal(b, out); err != nil {
		return nil, &PatchError{Err: err}
	}
	return out, nil
}

// patchIsExact reports whether the webhook's JSON patch gives mutated
// exactly, so that it need not be built: it does for maps, for lists of
// equal length, and for lists that only grow by items unlike the old ones
// (keyed merges never append an item equal to one there). It goes wrong
// only where existing containers change while sidecars are added, where
// an envFrom entry the container had is added again, or where the
// containers were wiped.
func patchIsExact(pod, mutated *corev1.Pod) bool {
	in, out := pod.Spec.Containers, mutated.Spec.Containers
	if len(out) < len(in) {
		return false
	}
	for i := range in {
		if len(out) > len(in) && !sameInJSON(&in[i], &out[i]) {
			return false
		}
		had := in[i].EnvFrom
		for _, e := range out[i].EnvFrom[min(len(had), len(out[i].EnvFrom)):] {
			if containsDeepEqual(had, e) {
				return false
			}
		}
	}
	return true
}

// sameInJSON reports whether a container the mutation may have changed
// is the one it was, as the patch sees them: the mutation makes every
// container's env and volumeMounts a list, empty where there was none,
// which JSON, omitting empty lists, does not tell from none.
func sameInJSON(was, is *corev1.Container) bool {
	if reflect.DeepEqual(was, is) {
		return true
	}
	a, b := *was, *is // shallow: only their list headers change
	for _, c := range []*corev1.Container{&a, &b} {
		c.Env = nilIfEmpty(c.Env)
		c.VolumeMounts = nilIfEmpty(c.VolumeMounts)
		c.EnvFrom = nilIfEmpty(c.EnvFrom)
		c.Command = nilIfEmpty(c.Command)
		c.Args = nilIfEmpty(c.Args)
	}
	return reflect.DeepEqual(&a, &b)
}

// withoutEmpty sets the empty lists and maps the webhook's mutation leaves
// to nil, as the JSON patch (which omits them) does. The pod the webhook
// is sent has none of its own: the server's decoding dropped them.
func withoutEmpty(p *corev1.Pod) *corev1.Pod {
	if len(p.Labels) == 0 {
		p.Labels = nil
	}
	if len(p.Annotations) == 0 {
		p.Annotations = nil
	}
	s := &p.Spec
	s.Volumes = nilIfEmpty(s.Volumes)
	s.Tolerations = nilIfEmpty(s.Tolerations)
	s.ImagePullSecrets = nilIfEmpty(s.ImagePullSecrets)
	s.InitContainers = nilIfEmpty(s.InitContainers)
	s.Containers = nilIfEmpty(s.Containers)
	for i := range s.Containers {
		c := &s.Containers[i]
		c.Env = nilIfEmpty(c.Env)
		c.VolumeMounts = nilIfEmpty(c.VolumeMounts)
		c.EnvFrom = nilIfEmpty(c.EnvFrom)
		c.Command = nilIfEmpty(c.Command) // a PodDefault's command: []
		c.Args = nilIfEmpty(c.Args)
	}
	return p
}

func nilIfEmpty[T any](list []T) []T {
	if len(list) == 0 {
		return nil
	}
	return list
}
