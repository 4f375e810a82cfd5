package apply

import (
	"errors"
	"strings"

	corev1 "k8s.io/api/core/v1"

	"github.com/podctl/podctl/internal/poddefault"
	"github.com/podctl/podctl/internal/splice"
)

// Explained is the explanation for one pod template: a verdict for every
// PodDefault of its namespace, and for those of other namespaces whose
// selector matches it.
type Explained struct {
	Location
	Object   string `json:"object"`
	Template string `json:"template"`
	// Note says why podctl has no pod to explain here (a TrainJob whose
	// runtime is not among the inputs).
	Note     string               `json:"note,omitempty"`
	Excluded string               `json:"excluded,omitempty"`
	Rejected string               `json:"rejected,omitempty"`
	Verdicts []poddefault.Verdict `json:"verdicts"`
	// Warnings are the warnings apply-defaults gives for the template.
	Warnings []string `json:"warnings,omitempty"`
}

// Explanation is what Explain gives: every pod template explained, and
// the warnings and notes apply-defaults gives about no template in
// particular (what reading skipped, objects of kinds podctl does not know).
type Explanation struct {
	Templates []Explained
	Warnings  []Warning
	Notes     []Warning
}

// Explain reads the same input as Run and explains, for every pod
// template, what each PodDefault does to it and why. Bad input gives a
// *Failure; a template the webhook would reject is explained, not failed.
func Explain(req Request) (*Explanation, error) {
	r := newRunner(req)
	e := &Explanation{Warnings: r.readWarnings()}
	for _, o := range r.visitAll(r.explainOne) {
		r.fail.Inputs = append(r.fail.Inputs, o.inputs...)
		e.Templates = append(e.Templates, o.explained...)
		e.Warnings = append(e.Warnings, o.warnings...)
		e.Notes = append(e.Notes, o.notes...)
	}
	if len(r.fail.Inputs) > 0 {
		return nil, r.fail
	}
	return e, nil
}

// visitEach visits every template of a read-only run (preview)
// and gives what each gave, or a *Failure listing every input error.
func visitEach[T any](r *runner, visit visitFunc, what func(*outcome) []T) ([]T, error) {
	var out []T
	for _, o := range r.visitAll(visit) {
		r.fail.Inputs = append(r.fail.Inputs, o.inputs...)
		out = append(out, what(&o)...)
	}
	if len(r.fail.Inputs) > 0 {
		return nil, r.fail
	}
	return out, nil
}

// ignoredLabelsReason ends the verdict of a PodDefault that would select a
// Notebook's pod by its template's labels.
const ignoredLabelsReason = "the label it needs is under spec.template.metadata.labels, which the Notebook controller does not give the pod (see the warning)"

func (r *runner) explainOne(pod *corev1.Pod, t template, _ *splice.Patch, o *outcome) {
	verdicts, err := poddefault.Explain(pod, r.defaults)
	e := Explained{Location: t.loc, Object: t.object, Template: t.steps.String(), Verdicts: verdicts}
	if len(verdicts) > 0 && verdicts[0].Outcome == poddefault.OutcomeExcluded {
		e.Excluded = verdicts[0].Reason
	}
	var ce *poddefault.ConflictError
	var se *poddefault.SelectorError
	switch {
	case errors.As(err, &ce):
		e.Rejected = "the PodDefaults that select it clash"
	case errors.As(err, &se):
		e.Rejected = "PodDefault " + se.PodDefault + " has a selector that cannot be converted"
	}
	// what apply-defaults decides and warns of, the cluster's view included
	var applied outcome
	r.applyOne(pod, t, &splice.Patch{}, &applied)
	for _, rj := range applied.rejections {
		var cr *ClusterRefusal
		var fr *FieldRefusal
		if e.Rejected == "" && errors.As(rj.Err, &fr) {
			e.Rejected = fr.Error()
		}
		if e.Rejected == "" && errors.As(rj.Err, &cr) {
			e.Rejected = cr.Error()
			for i := range e.Verdicts {
				if v := &e.Verdicts[i]; v.Outcome == poddefault.OutcomeAlreadyPresent {
					v.Reason = "the selector matches and every item it brings is present as written, but the cluster refuses the pod (above)"
				}
			}
		}
	}
	for name := range r.ignoredLabelHints(pod, t) { // the hints are among the warnings
		for i := range e.Verdicts {
			if v := &e.Verdicts[i]; v.PodDefault == name && v.Outcome == poddefault.OutcomeNoMatch {
				v.Reason += "; " + ignoredLabelsReason
			}
		}
	}
	for _, w := range applied.warnings {
		e.Warnings = append(e.Warnings, w.Message)
		if !strings.HasPrefix(w.Message, "where the PodDefault webhook also runs") {
			continue
		}
		for i := range e.Verdicts {
			if v := &e.Verdicts[i]; v.Outcome == poddefault.OutcomeAlreadyPresent {
				v.Reason = "every item it brings is present in the manifest, but " + w.Message
			}
		}
	}
	o.explained = append(o.explained, e)
}
