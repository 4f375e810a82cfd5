package poddefault

import (
	"encoding/json"
	"fmt"

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
	if excluded(pod) != "" {
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
