package apply

import (
	"github.com/podctl/podctl/internal/lint"
)

// Linted is what linting a request gives.
type Linted struct {
	Findings []lint.Finding
	// Warnings are what reading skipped or could not place.
	Warnings []Warning
}

// Lint reads a request as Read does and lints its PodDefaults with the
// pod templates of its manifests (package lint). notebooks applies the
// notebook-form rules to every namespace. Bad input gives a *Failure.
func Lint(req Request, notebooks bool) (*Linted, error) {
	inv, err := Read(req)
	if err != nil {
		return nil, err
	}
	in := lint.Input{Notebooks: notebooks}
	for _, d := range inv.Defaults {
		in.Defaults = append(in.Defaults, lint.Default{Location: lintLocation(d.Location), PodDefault: d.PodDefault})
	}
	for _, t := range inv.Templates {
		in.Templates = append(in.Templates, lint.Template{Location: lintLocation(t.Location), Object: t.Object,
			Template: t.Template, Namespace: t.Namespace, Notebook: t.Notebook, Pod: t.Pod})
	}
	return &Linted{Findings: lint.Run(in), Warnings: inv.Warnings}, nil
}

func lintLocation(l Location) lint.Location { return lint.Location{File: l.File, Line: l.Line} }
