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

// LintReportVersion is the version of the schema of lint's JSON report.
// It changes only when a field changes meaning or goes away; fields may
// be added.
const LintReportVersion = 1

// LintReport is a lint run for machines (podctl lint -o json).
// docs/lint.md documents its schema.
type LintReport struct {
	Version  int            `json:"version"`
	Findings []lint.Finding `json:"findings"`
	Summary  lint.Summary   `json:"summary"`
}

// NewLintReport builds the report of a run's findings.
func NewLintReport(findings []lint.Finding) LintReport {
	r := LintReport{Version: LintReportVersion, Findings: findings, Summary: lint.Count(findings)}
	if r.Findings == nil {
		r.Findings = []lint.Finding{}
	}
	return r
}

// LintJSON writes the report docs/lint.md documents.
func LintJSON(w io.Writer, findings []lint.Finding) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(NewLintReport(findings))
}
