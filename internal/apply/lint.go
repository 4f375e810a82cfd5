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
	in := lint.Input{Notebooks: notebooks, Defaults: inv.Defaults, Templates: inv.Templates}
	return &Linted{Findings: lint.Run(in), Warnings: inv.Warnings}, nil
}
