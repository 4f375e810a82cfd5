package apply

import (
	corev1 "k8s.io/api/core/v1"

	"github.com/podctl/podctl/internal/cluster"
	"github.com/podctl/podctl/internal/splice"
)

// Previewed is the pod the cluster would create from one pod template,
// or why it would refuse it.
type Previewed struct {
	Location
	Object   string // Kind/namespace/name
	Template string // path of the template in the object
	// Pod is the pod the API server would store: the controller's labels,
	// defaults, the built-in admission plugins and the PodDefault webhook,
	// in the cluster's order, with generated names masked. When Refused,
	// it is the pod as the template gives it.
	Pod *corev1.Pod
	// Refused says why the cluster would refuse the pod; "" when it
	// admits it.
	Refused string
}

// Preview reads the same input as Run and gives, for every pod template,
// the pod the cluster would create from it. Bad input gives a *Failure; a
// pod the cluster would refuse is previewed with the reason, not failed.
func Preview(req Request) ([]Previewed, error) {
	r := newRunner(req)
	return visitEach(r, r.previewOne, func(o *outcome) []Previewed { return o.previewed })
}

func (r *runner) previewOne(pod *corev1.Pod, t template, _ *splice.Patch, o *outcome) {
	p := Previewed{Location: t.loc, Object: t.object, Template: t.steps.String()}
	created, err := r.create(pod, t, true)
	switch {
	case err != nil:
		o.inputs = append(o.inputs, &InputError{Location: t.loc, Object: t.object, Err: err})
		return
	case created.Refusal != nil:
		p.Pod, p.Refused = pod.DeepCopy(), refusalWords(created)
	default:
		p.Pod = created.Pod
	}
	p.Pod.APIVersion, p.Pod.Kind = "v1", "Pod"
	o.previewed = append(o.previewed, p)
}

// refusalWords says why the cluster refuses a pod: what the server did
// where the webhook's rules on the pod as written do not show it, else the
// server's own message.
func refusalWords(out *cluster.Outcome) string {
	if because := explainRefusal(out); len(because) > 0 {
		return (&ClusterRefusal{Refusal: out.Refusal, Because: because}).Error()
	}
	return out.Refusal.Message
}
