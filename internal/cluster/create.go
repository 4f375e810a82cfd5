package cluster

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"

	"github.com/podctl/podctl/internal/poddefault"
)

// Options describe the cluster objects the model cannot see in a manifest.
type Options struct {
	// Suffix stands for the five random characters of generated names;
	// GeneratedSuffix when "".
	Suffix string
	// ServiceAccounts are the ServiceAccounts of the pod's namespace, by
	// name. When nil, every ServiceAccount a pod names exists, with no
	// settings of its own.
	ServiceAccounts map[string]ServiceAccount
	// PriorityClasses are the cluster's PriorityClasses besides the two
	// built-in system-cluster-critical and system-node-critical.
	PriorityClasses map[string]PriorityClass
	// Webhook turns the PodDefault webhook off when set to
	// WebhookSkipped: the pod then goes through the server alone, as in a
	// namespace the webhook does not select.
	Webhook WebhookMode
}

// WebhookMode says whether the PodDefault webhook is called.
type WebhookMode int

const (
	// WebhookCalled: the namespace is one the webhook selects.
	WebhookCalled WebhookMode = iota
	// WebhookSkipped: the webhook is not called.
	WebhookSkipped
)

func (o Options) suffix() string {
	if o.Suffix == "" {
		return GeneratedSuffix
	}
	return o.Suffix
}

// ServiceAccount is what the ServiceAccount plugin reads of one.
type ServiceAccount struct {
	AutomountServiceAccountToken *bool
	ImagePullSecrets             []string
}

// Outcome is what the API server does with a pod CREATE.
type Outcome struct {
	// Sent is the pod the webhook receives: decoded, defaulted and through
	// the built-in admission plugins. Nil when the server refuses the pod
	// before.
	Sent *corev1.Pod
	// Patched is the pod after the server applied the webhook's patch,
	// before it defaults it again. Nil when the webhook was not reached or
	// refused.
	Patched *corev1.Pod
	// Changed says that the webhook changed the pod, so that the server
	// ran its built-in plugins a second time.
	Changed bool
	// Pod is the pod the server stores, with generated names masked by
	// Options.Suffix. Nil when refused.
	Pod *corev1.Pod
	// Refusal says why the server refuses the pod; nil when it admits it.
	Refusal *Refusal
}

// Admitted reports whether the server stores the pod.
func (o *Outcome) Admitted() bool { return o.Refusal == nil }

// Create runs pod through the model of the API server's CREATE path in
// namespace, with the namespace's PodDefaults as the webhook lists them:
// decode, defaults, the built-in mutating admission plugins, the webhook
// and its patch, decode, defaults and the plugins again, PrepareForCreate,
// validation and the validating plugins. A refusal is part of the Outcome;
// the error is for a pod the model cannot handle at all. pod is not
// changed, and no pod of the Outcome shares anything with it or with
// another.
func Create(pod *corev1.Pod, namespace string, defaults []poddefault.PodDefault, opt Options) (*Outcome, error) {
	out := &Outcome{}
	p, err := decode(pod)
	if err != nil {
		return nil, err
	}
	switch {
	case p.Namespace == "":
		p.Namespace = namespace
	case p.Namespace != namespace:
		out.Refusal = &Refusal{Reason: ReasonBadRequest,
			Message: "the namespace of the provided object does not match the namespace sent on the request"}
		return out, nil
	}
	if err := Admit(p, opt); err != nil {
		return refused(out, err)
	}
	Convert(p)
	// Sent is p as it is now; p is copied only where it goes on to be
	// changed, not where decoding the webhook's pod replaces it (the
	// webhook changes neither p nor keeps it in what it returns).
	out.Sent = p
	changed := false
	if opt.Webhook == WebhookCalled {
		patched, err := poddefault.Webhook(p, defaults)
		if err != nil {
			return refused(out, webhookRefusal(err))
		}
		out.Patched = patched
		changed = !semanticEqual(p, patched)
	}
	if !changed {
		p = p.DeepCopy()
	} else {
		out.Changed = true
		if p, err = decode(out.Patched); err != nil {
			return nil, err
		}
		if err := Admit(p, opt); err != nil {
			return refused(out, err)
		}
		Convert(p)
	}
	return finish(out, p, opt)
}

// finish is the end of the CREATE path, on the pod p that admission
// gave: PrepareForCreate, validation and the validating plugins.
func finish(out *Outcome, p *corev1.Pod, opt Options) (*Outcome, error) {
	PrepareForCreate(p, opt.suffix())
	if errs := Validate(p); len(errs) > 0 {
		return refused(out, invalid(p, errs))
	}
	if err := ValidateServiceAccount(p, opt); err != nil {
		return refused(out, err)
	}
	out.Pod = p
	return out, nil
}

// WithoutWebhook is the Outcome of the same Create with opt.Webhook set to
// WebhookSkipped, where o is what Create gave with the webhook called and
// opt otherwise the same: up to the webhook the server does the same, so
// the path goes on from o.Sent instead of being run again. Its Sent is
// o.Sent, not a copy; its Pod shares nothing with o. o is not changed.
func (o *Outcome) WithoutWebhook(opt Options) (*Outcome, error) {
	if o.Sent == nil {
		// refused before the webhook, which changes nothing of that
		return &Outcome{Refusal: o.Refusal}, nil
	}
	opt.Webhook = WebhookSkipped
	return finish(&Outcome{Sent: o.Sent}, o.Sent.DeepCopy(), opt)
}

// decode is the server decoding a pod: the JSON round trip, the defaults,
// the conversion to its internal form.
func decode(pod *corev1.Pod) (*corev1.Pod, error) {
	p, err := RoundTrip(pod)
	if err != nil {
		return nil, err
	}
	Default(p)
	Convert(p)
	return p, nil
}

func refused(out *Outcome, err error) (*Outcome, error) {
	r, ok := err.(*Refusal)
	if !ok {
		return nil, fmt.Errorf("unexpected error: %w", err)
	}
	out.Refusal = r
	return out, nil
}
