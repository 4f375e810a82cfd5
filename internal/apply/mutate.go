package apply

import (
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"

	"github.com/podctl/podctl/internal/manifest"
	"github.com/podctl/podctl/internal/poddefault"
)

// applyOne runs the engine on one template and records its outcome: a
// rejection, or the template's changes in patch and what applied.
func (r *runner) applyOne(pod *corev1.Pod, t template, patch *manifest.Patch, o *outcome) {
	loc, object, steps, template := t.loc, t.object, t.steps, t.steps.String()
	result, err := poddefault.Apply(pod, r.defaults)
	if err != nil {
		o.rejections = append(o.rejections, &Rejection{Location: loc, Object: object, Template: template, Err: err})
		return
	}
	obj := Object{Location: loc, Object: object, Template: template, Applied: poddefault.Names(result.Applied), Skipped: poddefault.Names(result.Skipped)}
	if len(result.Applied) > 0 {
		var extra map[string]string
		if r.req.MarkExcluded && pod.Annotations[poddefault.ExcludeAnnotation] != "true" {
			extra = map[string]string{poddefault.ExcludeAnnotation: "true"}
		}
		if result.Changed(pod) || extra != nil {
			obj.Changed = true
			md, spec := patch.At(steps).Key("metadata"), patch.At(steps).Key("spec")
			if t.notebook {
				// the Notebook controller copies the Notebook's labels and
				// annotations to the pod, and builds its spec from the template
				md = patch.Key("metadata")
			}
			plan(md, spec, pod, result.Changes, extra, r.written)
		}
		if !r.req.MarkExcluded && bringsSidecars(result.Applied) {
			o.sidecars++
		}
	}
	var warnings []string
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
	for _, w := range warnings {
		o.warnings = append(o.warnings, Warning{Location: loc, Object: object, Message: w})
	}
	obj.Warnings = warnings
	o.objects = append(o.objects, obj)
}

func bringsSidecars(pds []*poddefault.PodDefault) bool {
	for _, pd := range pds {
		if len(pd.Spec.Sidecars) > 0 {
			return true
		}
	}
	return false
}
