package output

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/podctl/podctl/internal/apply"
)

// Report is the machine-readable account of an apply-defaults run, for
// CI: every pod template with the PodDefaults applied and skipped, every
// problem and every warning. docs/ci.md shows an example.
type Report struct {
	// Changed is true when a run without --check would change a file.
	Changed  bool           `json:"changed"`
	Objects  []apply.Object `json:"objects"`
	Errors   []Problem      `json:"errors"`
	Warnings []Problem      `json:"warnings"`
}

// Problem is an error or a warning, where it was found.
type Problem struct {
	apply.Location
	Object string `json:"object,omitempty"`
	// Kind is "input" (bad input), "conflict" (the webhook would reject
	// the pod) or "warning".
	Kind    string `json:"kind"`
	Message string `json:"message"`
}

// NewReport builds the report of a run from its result and error.
func NewReport(res *apply.Result, err error) *Report {
	rep := &Report{Objects: []apply.Object{}, Errors: []Problem{}, Warnings: []Problem{}}
	if res != nil {
		rep.Objects = append(rep.Objects, res.Objects...)
		for _, out := range res.Outputs {
			rep.Changed = rep.Changed || out.Changed
		}
		for _, w := range res.Warnings {
			rep.Warnings = append(rep.Warnings, Problem{Location: w.Location, Object: w.Object, Kind: "warning", Message: w.Message})
		}
	}
	var f *apply.Failure
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

// ReportJSON writes the report as one indented JSON object, the fields
// docs/ci.md describes.
func ReportJSON(w io.Writer, rep *Report) error {
	b, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// ReportGitHub writes GitHub Actions workflow commands: errors for
// conflicts and bad input, warnings, and (for --check) a notice for each
// object that would change. It returns the first write error.
func ReportGitHub(w io.Writer, rep *Report, check bool) error {
	var first error
	command := func(kind string, loc apply.Location, object, message string) {
		if _, err := fmt.Fprintln(w, workflowCommand(kind, loc, object, message)); err != nil && first == nil {
			first = err
		}
	}
	for _, p := range rep.Errors {
		command("error", p.Location, p.Object, p.Message)
	}
	for _, p := range rep.Warnings {
		command("warning", p.Location, p.Object, p.Message)
	}
	if check {
		for _, obj := range rep.Objects {
			if obj.Changed {
				command("notice", obj.Location, obj.Object, "PodDefaults "+strings.Join(obj.Applied, ", ")+" would change this object: run podctl apply-defaults -i")
			}
		}
	}
	return first
}
