package cluster

import (
	"encoding/json"
	"fmt"

	corev1 "k8s.io/api/core/v1"
)

// RoundTrip returns the pod as the API server decodes it from JSON and
// encodes it again: every field marked omitempty that is empty is gone
// (`command: []` and `env: []` become nil, `resources: {limits: {}}` loses
// its map), fields Kubernetes does not know are dropped, and quantities are
// in canonical form. pod is not changed.
//
// The result is the one of json.Marshal and json.Unmarshal (roundTripJSON),
// down to reflect.DeepEqual; the typed round trip (roundTripTyped) gives it
// without the text, which took half of Create's time, and leaves the pods
// it cannot tell exactly to the JSON path.
func RoundTrip(pod *corev1.Pod) (*corev1.Pod, error) {
	if out, ok := roundTripTyped(pod); ok {
		return out, nil
	}
	return roundTripJSON(pod)
}

// roundTripJSON is the round trip itself, through JSON text: the reference
// the typed one is tested against, and its fallback.
func roundTripJSON(pod *corev1.Pod) (*corev1.Pod, error) {
	b, err := json.Marshal(pod)
	if err != nil {
		return nil, fmt.Errorf("encoding the pod: %w", err)
	}
	out := &corev1.Pod{}
	if err := json.Unmarshal(b, out); err != nil {
		return nil, fmt.Errorf("decoding the pod: %w", err)
	}
	return out, nil
}

// initContainerAnnotations are the alpha and beta annotations that once
// held init containers; the conversion of a v1 Pod drops them.
var initContainerAnnotations = []string{
	"pod.beta.kubernetes.io/init-containers",
	"pod.alpha.kubernetes.io/init-containers",
	"pod.beta.kubernetes.io/init-container-statuses",
	"pod.alpha.kubernetes.io/init-container-statuses",
}

// Convert does to pod, in place, what the server's conversion of a v1 Pod
// to its internal form and back does: the deprecated spec.serviceAccount
// stands in for an empty serviceAccountName and then always mirrors it, the
// old init-container annotations are dropped, and a negative
// terminationGracePeriodSeconds becomes 1.
func Convert(pod *corev1.Pod) {
	if pod.Spec.ServiceAccountName == "" {
		pod.Spec.ServiceAccountName = pod.Spec.DeprecatedServiceAccount
	}
	pod.Spec.DeprecatedServiceAccount = pod.Spec.ServiceAccountName
	for _, k := range initContainerAnnotations {
		delete(pod.Annotations, k)
	}
	if g := pod.Spec.TerminationGracePeriodSeconds; g != nil && *g < 0 {
		one := int64(1)
		pod.Spec.TerminationGracePeriodSeconds = &one
	}
}
