package apply

import (
	corev1 "k8s.io/api/core/v1"

	"github.com/podctl/podctl/internal/lint"
	"github.com/podctl/podctl/internal/splice"
)

// Inventory is what a request holds, read exactly as Run reads it: every
// PodDefault and every pod template, each where it stands. It is the
// input of checks that look at PodDefaults before they are applied
// (podctl lint).
type Inventory struct {
	// Defaults are the PodDefaults of -d and those among the manifests,
	// with their namespace set, in the order they were found.
	Defaults []lint.Default
	// Templates are the pod templates of the manifests, as the engine
	// sees them (with the labels their controller adds, a Notebook's pod
	// as its controller builds it), in order.
	Templates []lint.Template
	// Warnings are what reading skipped or could not place: files left
	// out, objects of unknown kinds that look like workloads.
	Warnings []Warning
}

// Read reads the PodDefaults and pod templates of a request and changes
// nothing. Bad input gives a *Failure listing every problem.
func Read(req Request) (*Inventory, error) {
	r := newRunner(req)
	inv := &Inventory{Warnings: r.readWarnings()}
	for _, o := range r.visitAll(r.collectTemplate) {
		r.fail.Inputs = append(r.fail.Inputs, o.inputs...)
		inv.Templates = append(inv.Templates, o.templates...)
		inv.Warnings = append(inv.Warnings, o.warnings...)
	}
	if !r.fail.empty() {
		return nil, r.fail
	}
	for i := range r.defaults {
		inv.Defaults = append(inv.Defaults, lint.Default{Location: lintLocation(r.origin[i]), PodDefault: r.defaults[i]})
	}
	return inv, nil
}

func (r *runner) collectTemplate(pod *corev1.Pod, t template, _ *splice.Patch, o *outcome) {
	o.templates = append(o.templates, lint.Template{Location: lintLocation(t.loc), Object: t.object, Template: t.steps.String(),
		Namespace: pod.Namespace, Notebook: t.notebook, Pod: pod})
}

// lintLocation is where a finding points: a file and a line.
func lintLocation(l Location) lint.Location { return lint.Location{File: l.File, Line: l.Line} }
