package cli

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"

	"github.com/podctl/podctl/internal/lint"
)

// writeLintText writes findings as go vet does, one a line, each followed
// by the other objects involved and the fix, indented.
func writeLintText(w io.Writer, findings []lint.Finding) error {
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

// writeLintSummary counts the findings, on standard error.
func writeLintSummary(w io.Writer, findings []lint.Finding) {
	if len(findings) == 0 {
		fmt.Fprintln(w, "podctl lint: no findings")
		return
	}
	c := lint.Count(findings)
	fmt.Fprintf(w, "podctl lint: %d %s, %d %s, %d %s\n", c.Errors, plural(c.Errors, "error", "errors"),
		c.Warnings, plural(c.Warnings, "warning", "warnings"), c.Infos, plural(c.Infos, "info", "infos"))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// writeLintJSON writes the report docs/lint.md documents.
func writeLintJSON(w io.Writer, findings []lint.Finding) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(lint.NewReport(findings))
}
