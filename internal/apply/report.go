package apply

import (
	"errors"
)

// Report is the machine-readable account of a run, for CI: every pod
// template with the PodDefaults applied and skipped, every problem and
// every warning. docs/ci.md shows an example.
type Report struct {
	// Changed is true when a run without --check would change a file.
	Changed  bool      `json:"changed"`
	Objects  []Object  `json:"objects"`
	Errors   []Problem `json:"errors"`
	Warnings []Problem `json:"warnings"`
}

// Problem is an error or a warning, where it was found.
type Problem struct {
	Location
	Object string `json:"object,omitempty"`
	// Kind is "input" (bad input), "conflict" (the webhook would reject
	// the pod) or "warning".
	Kind    string `json:"kind"`
	Message string `json:"message"`
}

// NewReport builds the report of a run from its result and error.
func NewReport(res *Result, err error) *Report {
	rep := &Report{Objects: []Object{}, Errors: []Problem{}, Warnings: []Problem{}}
	if res != nil {
		rep.Objects = append(rep.Objects, res.Objects...)
		for _, out := range res.Outputs {
			rep.Changed = rep.Changed || out.Changed
		}
		for _, w := range res.Warnings {
			rep.Warnings = append(rep.Warnings, Problem{Location: w.Location, Object: w.Object, Kind: "warning", Message: w.Message})
		}
	}
	var f *Failure
	if errors.As(err, &f) {
		for _, e := range f.Inputs {
			rep.Errors = append(rep.Errors, Problem{Location: e.Location, Object: e.Object, Kind: "input", Message: e.Err.Error()})
		}
		for _, r := range f.Rejections {
			rep.Errors = append(rep.Errors, Problem{Location: r.Location, Object: r.Object, Kind: "conflict", Message: r.Error()})
		}
	} else if err != nil {
		rep.Errors = append(rep.Errors, Problem{Kind: "input", Message: err.Error()})
	}
	return rep
}
