package cluster

import (
	"errors"
	"fmt"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/podctl/podctl/internal/poddefault"
)

// WebhookName is the name under which the PodDefault webhook is registered
// in Kubeflow's MutatingWebhookConfiguration; the server names it in
// denials.
const WebhookName = "poddefaults-webhook-deployment.kubeflow.org"

// Reason says which part of the API server refuses a pod.
type Reason string

const (
	// ReasonWebhookDenied: the PodDefault webhook denied the pod (a
	// conflict, an invalid selector). Err is a *poddefault.ConflictError
	// or *poddefault.SelectorError.
	ReasonWebhookDenied Reason = "webhook-denied"
	// ReasonPatchFailed: the server could not apply the webhook's JSON
	// patch. Err is a *poddefault.PatchError.
	ReasonPatchFailed Reason = "patch-failed"
	// ReasonInvalid: the pod fails validation. Fields holds why.
	ReasonInvalid Reason = "invalid"
	// ReasonForbidden: an admission plugin refused the pod (a missing
	// ServiceAccount or PriorityClass, a mirror pod naming secrets, ...).
	ReasonForbidden Reason = "forbidden"
	// ReasonBadRequest: the request itself is wrong (a namespace other
	// than the request's).
	ReasonBadRequest Reason = "bad-request"
)

// Refusal is the API server's refusal of a pod.
type Refusal struct {
	Reason Reason
	// Fields are the validation errors of an invalid pod, with
	// Kubernetes' field paths, in the server's order.
	Fields field.ErrorList
	// Err is the cause, when it is not a list of field errors.
	Err error
	// Message is what the server answers, as kubectl prints it after
	// "Error from server (...): error when creating ...: ". For a webhook
	// conflict, the details after "err: " are podctl's account of the
	// clashes, not the webhook's Go dumps.
	Message string
}

func (r *Refusal) Error() string { return r.Message }
func (r *Refusal) Unwrap() error { return r.Err }

func forbidden(pod *corev1.Pod, msg string) *Refusal {
	prefix := "pods is forbidden: "
	if pod.Name != "" {
		prefix = fmt.Sprintf("pods %q is forbidden: ", pod.Name)
	}
	return &Refusal{Reason: ReasonForbidden, Err: errors.New(msg), Message: prefix + msg}
}

func invalid(pod *corev1.Pod, errs field.ErrorList) *Refusal {
	return &Refusal{Reason: ReasonInvalid, Fields: errs,
		Message: fmt.Sprintf("Pod %q is invalid: %v", pod.Name, errs.ToAggregate())}
}

// webhookRefusal wraps what poddefault.Webhook returns.
func webhookRefusal(err error) *Refusal {
	var patchErr *poddefault.PatchError
	if errors.As(err, &patchErr) {
		return &Refusal{Reason: ReasonPatchFailed, Err: err, Message: "Internal error occurred: " + err.Error()}
	}
	msg := err.Error()
	var selErr *poddefault.SelectorError
	if errors.As(err, &selErr) {
		// the webhook's own wording, which names no PodDefault
		msg = fmt.Sprintf("label selector conversion failed: %s for selector: %v", selErr.Selector, selErr.Err)
	}
	return &Refusal{Reason: ReasonWebhookDenied, Err: err,
		Message: fmt.Sprintf("admission webhook %q denied the request: %s", WebhookName, msg)}
}
