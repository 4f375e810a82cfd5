package output

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/podctl/podctl/internal/apply"
	"github.com/podctl/podctl/internal/lint"
	"github.com/podctl/podctl/internal/manifest"
)

// workflowCommand formats "::kind file=…,line=…,title=…::message", with
// GitHub's escapes for properties and data.
func workflowCommand(kind string, loc apply.Location, object, message string) string {
	var props []string
	if loc.File != "" && loc.File != manifest.StdinName {
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

// LintGitHub writes a GitHub Actions workflow command per finding:
// error, warning, or notice for info.
func LintGitHub(w io.Writer, findings []lint.Finding) error {
	b := bufio.NewWriter(w)
	for _, f := range findings {
		kind := f.Severity.String()
		if f.Severity == lint.Info {
			kind = "notice"
		}
		props := ""
		if f.File != "" && f.File != manifest.StdinName {
			props = "file=" + escapeProperty(f.File)
			if f.Line > 0 {
				props += fmt.Sprintf(",line=%d", f.Line)
			}
			props += ","
		}
		r, _ := lint.Lookup(f.Rule)
		props += "title=" + escapeProperty("podctl "+f.Rule+" "+r.Name)
		fmt.Fprintf(b, "::%s %s::%s\n", kind, props, escapeData(f.Message+"\nfix: "+f.Fix))
	}
	return b.Flush()
}
