package apply

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"

	"github.com/podctl/podctl/internal/cluster"
	"github.com/podctl/podctl/internal/poddefault"
	"github.com/podctl/podctl/internal/splice"
)

// applyOne runs the engine on one template and records its outcome: a
// rejection, or the template's changes in patch and what applied. Where
// the webhook acts on the template's pod, the decision is the cluster's:
// the model of the API server runs the pod through decoding, defaulting,
// the built-in admission plugins, the webhook and validation, and the
// engine then works on the pod the server sent the webhook.
func (r *runner) applyOne(pod *corev1.Pod, t template, patch *splice.Patch, o *outcome) {
	loc, object, steps, template := t.loc, t.object, t.steps, t.steps.String()
	reject := func(err error) {
		o.rejections = append(o.rejections, &Rejection{Location: loc, Object: object, Template: template, Err: err})
	}
	result, engineErr := poddefault.Apply(pod, r.defaults)
	input := pod // what result was computed on
	var warnings []string
	var created *cluster.Outcome
	if engineErr != nil || len(result.Applied) > 0 || t.isPod {
		// the webhook acts on this pod, or a Pod is created as written:
		// the decision is the cluster's
		var err error
		if created, err = r.create(pod, t, true); err != nil {
			o.inputs = append(o.inputs, &InputError{Location: loc, Object: object, Err: err})
			return
		}
		switch {
		case engineErr == nil && ownOutput(pod, created, result.PresentSidecars):
			// podctl's own earlier output: what it brings is present; the
			// webhook would refuse it, which the warning says
			if !r.req.MarkExcluded { // the output will carry the exclude annotation
				warnings = append(warnings, r.refusesOutput(created))
			}
			created = nil
		case created.Refusal != nil && r.judged(pod, t, created):
			if engineErr != nil {
				reject(engineErr) // the webhook's rules on the pod as written say why
			} else {
				reject(&ClusterRefusal{Refusal: created.Refusal, Because: explainRefusal(created)})
			}
			return
		case created.Refusal == nil && created.Sent != nil:
			// the webhook compares and adds against the pod the server sends it
			sent := engineInput(created.Sent, pod)
			if onSent, err := poddefault.Apply(sent, r.defaults); err == nil {
				result, engineErr, input = onSent, nil, sent
			}
		}
	}
	if engineErr != nil {
		reject(engineErr)
		return
	}
	obj := Object{Location: loc, Object: object, Template: template, Applied: poddefault.Names(result.Applied), Skipped: poddefault.Names(result.Skipped)}
	if len(result.Applied) > 0 {
		var extra map[string]string
		if r.req.MarkExcluded && pod.Annotations[poddefault.ExcludeAnnotation] != "true" {
			extra = map[string]string{poddefault.ExcludeAnnotation: "true"}
		}
		if result.Changed(input) || extra != nil {
			l := t.layout
			if l == nil {
				l = templateLayout(stepsTo(steps, "metadata"), stepsTo(steps, "spec"), len(pod.Spec.Containers))
			}
			changes, err := l.writable(result.Changes, extra)
			if err != nil {
				if fr := (*FieldRefusal)(nil); errors.As(err, &fr) && fr.PodDefault == "" {
					fr.PodDefault = "(" + r.req.Wording.markExcluded() + ")" // the exclude annotation
				}
				reject(err)
				return
			}
			obj.Changed = true
			plan(patch, l, pod, changes, extra, r.written)
			if t.knative {
				if w := knativeCaution(result.Pod, changes); w != "" {
					warnings = append(warnings, w)
				}
			}
			if created != nil {
				// with every change, marker annotations too: where the kind has
				// no annotations, the webhook meeting the output again finds
				// every item present and adds only its marker
				alone, w := r.reapplied(pod, t, result.Changes)
				for _, w := range []string{w, differs(created.Pod, alone, result.Changes)} {
					if w != "" {
						warnings = append(warnings, w)
					}
				}
			}
		}
	}
	for _, c := range result.Chains {
		warnings = append(warnings, fmt.Sprintf("PodDefault %s would also apply on a second pass: %s %s label %s (labels that PodDefaults add never select, so the webhook applies %s only if this pod passes it again)",
			c.PodDefault, strings.Join(c.AddedBy, ", "), pluralAdds(len(c.AddedBy)), strings.Join(c.Labels, ", "), c.PodDefault))
	}
	for _, d := range result.Defects {
		if d.OwnSidecar {
			continue
		}
		warnings = append(warnings, d.Message+"; podctl writes the intended pod (PodDefaults "+strings.Join(obj.Applied, ", ")+
			"). To keep the webhook off this pod, annotate its template with "+poddefault.ExcludeAnnotation+`: "true", or split the PodDefault`)
	}
	hints := r.ignoredLabelHints(pod, t)
	for _, name := range slices.Sorted(maps.Keys(hints)) {
		warnings = append(warnings, hints[name])
	}
	for _, w := range warnings {
		o.warnings = append(o.warnings, Warning{Location: loc, Object: object, Message: w})
	}
	obj.Warnings = warnings
	o.objects = append(o.objects, obj)
}
