package output

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"

	"github.com/podctl/podctl/internal/lint"
)

// LintText writes findings as go vet does, one a line, each followed
// by the other objects involved and the fix, indented.
func LintText(w io.Writer, findings []lint.Finding) error {
	b := bufio.NewWriter(w)
	for _, f := range findings {
		fmt.Fprintln(b, f.String())
		for _, r := range f.Related {
			fmt.Fprintf(b, "\t%s: %s\n", r.Location, r.Object)
		}
		fmt.Fprintf(b, "\tfix: %s\n", f.Fix)
	}
	return b.Flush()
}

// LintSummary counts the findings by severity, in one line for people
// (podctl lint writes it on standard error, after the text).
func LintSummary(w io.Writer, findings []lint.Finding) error {
	if len(findings) == 0 {
		_, err := fmt.Fprintln(w, "podctl lint: no findings")
		return err
	}
	c := lint.Count(findings)
	_, err := fmt.Fprintf(w, "podctl lint: %d %s, %d %s, %d %s\n", c.Errors, plural(c.Errors, "error", "errors"),
		c.Warnings, plural(c.Warnings, "warning", "warnings"), c.Infos, plural(c.Infos, "info", "infos"))
	return err
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// LintJSON writes the report docs/lint.md documents.
func LintJSON(w io.Writer, findings []lint.Finding) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(lint.NewReport(findings))
}
