package apply

import (
	"fmt"
	"strings"

	"github.com/podctl/podctl/internal/poddefault"
)

// Location names a place in the input: a file, a document, a line.
type Location struct {
	File     string `json:"file"`
	Document int    `json:"document,omitempty"` // 1-based index of the document in the file; 0 if unknown
	Line     int    `json:"line,omitempty"`     // 1-based line in the file; 0 if unknown
	// Item is the 1-based index of the object among the items of a List
	// or ResourceList; 0 when the object is a document of its own.
	Item int `json:"item,omitempty"`
}

func (l Location) String() string {
	var b strings.Builder
	b.WriteString(l.File)
	if l.Line > 0 {
		fmt.Fprintf(&b, ":%d", l.Line)
	}
	if l.Document > 0 {
		fmt.Fprintf(&b, " (document %d)", l.Document)
	}
	return b.String()
}

// InputError is input podctl cannot use: bad YAML, a bad PodDefault, a
// template that is not a mapping.
type InputError struct {
	Location
	Object string // Kind/namespace/name, when known
	Err    error
}

func (e *InputError) Error() string {
	if e.File == "" { // about the run, not a place in it
		return e.Detail()
	}
	return e.Location.String() + ": " + e.Detail()
}

// Detail is the error without its location.
func (e *InputError) Detail() string {
	if e.Object != "" {
		return fmt.Sprintf("%s: %v", e.Object, e.Err)
	}
	return e.Err.Error()
}

func (e *InputError) Unwrap() error { return e.Err }

// Rejection is a pod template the webhook would reject: a clash between
// PodDefaults, or a PodDefault whose selector cannot be converted.
type Rejection struct {
	Location
	Object   string // Kind/namespace/name
	Template string // the template's path in the object
	Err      error  // *poddefault.ConflictError or *poddefault.SelectorError
}

func (r *Rejection) Error() string { return r.Location.String() + ": " + r.Detail() }

// Detail is the rejection without its location.
func (r *Rejection) Detail() string {
	var b strings.Builder
	b.WriteString(r.Object)
	if r.Template != "" && r.Template != "." {
		fmt.Fprintf(&b, " (%s)", r.Template)
	}
	switch err := r.Err.(type) {
	case *poddefault.ConflictError:
		fmt.Fprintf(&b, ": the webhook would reject this pod: PodDefaults %s conflict", strings.Join(err.PodDefaults, ", "))
		for _, c := range err.Clashes {
			b.WriteString("\n  - ")
			b.WriteString(c.String())
		}
	case *poddefault.SelectorError:
		fmt.Fprintf(&b, ": the webhook would reject this pod: PodDefault %s has a selector that cannot be converted: %v (selector %s)", err.PodDefault, err.Err, err.Selector)
	default:
		fmt.Fprintf(&b, ": %v", r.Err)
	}
	return b.String()
}

func (r *Rejection) Unwrap() error { return r.Err }

// Failure is every problem found in one run: podctl checks everything
// before it writes anything.
type Failure struct {
	Inputs     []*InputError
	Rejections []*Rejection
}

func (f *Failure) Error() string {
	var lines []string
	for _, e := range f.Inputs {
		lines = append(lines, e.Error())
	}
	for _, r := range f.Rejections {
		lines = append(lines, r.Error())
	}
	return strings.Join(lines, "\n")
}

func (f *Failure) empty() bool { return len(f.Inputs) == 0 && len(f.Rejections) == 0 }

// WarningsError is a Strict run that gave warnings: nothing is to be
// written.
type WarningsError struct {
	Warnings []Warning
}

func (e *WarningsError) Error() string {
	lines := make([]string, len(e.Warnings))
	for i, w := range e.Warnings {
		lines[i] = w.String()
	}
	return "nothing was written, for these warnings:\n" + strings.Join(lines, "\n")
}
