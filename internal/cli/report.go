package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/podctl/podctl/internal/apply"
)

// writeReport writes the CI report a run asked for, also when it failed.
func (o *applyDefaultsOptions) writeReport(s streams, res *apply.Result, runErr error) error {
	if o.report == "" {
		return nil
	}
	rep := apply.NewReport(res, runErr)
	if o.report == "github" {
		writeGitHub(s.err, rep, o.check)
		return nil
	}
	b, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return err
	}
	if o.reportFile == "-" { // standard output, as for -f and -d
		_, err := s.out.Write(append(b, '\n'))
		return err
	}
	if err := os.WriteFile(o.reportFile, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("writing the report: %w", err)
	}
	return nil
}

// writeGitHub writes GitHub Actions workflow commands: errors for
// conflicts and bad input, warnings, and (under --check) a notice for each
// object that would change.
func writeGitHub(w io.Writer, rep *apply.Report, check bool) {
	for _, p := range rep.Errors {
		fmt.Fprintln(w, workflowCommand("error", p.Location, p.Object, p.Message))
	}
	for _, p := range rep.Warnings {
		fmt.Fprintln(w, workflowCommand("warning", p.Location, p.Object, p.Message))
	}
	if !check {
		return
	}
	for _, obj := range rep.Objects {
		if obj.Changed {
			fmt.Fprintln(w, workflowCommand("notice", obj.Location, obj.Object, "PodDefaults "+strings.Join(obj.Applied, ", ")+" would change this object: run podctl apply-defaults -i"))
		}
	}
}

// workflowCommand formats "::kind file=…,line=…,title=…::message", with
// GitHub's escapes for properties and data.
func workflowCommand(kind string, loc apply.Location, object, message string) string {
	var props []string
	if loc.File != "" && loc.File != "<stdin>" {
		props = append(props, "file="+escapeProperty(loc.File))
		if loc.Line > 0 {
			props = append(props, fmt.Sprintf("line=%d", loc.Line))
		}
	}
	title := "podctl"
	if object != "" {
		title += ": " + object
	}
	props = append(props, "title="+escapeProperty(title))
	return "::" + kind + " " + strings.Join(props, ",") + "::" + escapeData(message)
}

func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
