package output

import (
	"fmt"
	"io"

	"github.com/podctl/podctl/internal/apply"
)

// Warnings writes a run's notes, then its warnings, for people: one a
// line, "note: " or "warning: " before each (podctl writes them on
// standard error). It returns the first write error.
func Warnings(w io.Writer, notes, warnings []apply.Warning) error {
	var first error
	line := func(prefix string, warning apply.Warning) {
		if _, err := fmt.Fprintln(w, prefix+warning.String()); err != nil && first == nil {
			first = err
		}
	}
	for _, n := range notes {
		line("note: ", n)
	}
	for _, warning := range warnings {
		line("warning: ", warning)
	}
	return first
}
