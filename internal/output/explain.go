package output

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/podctl/podctl/internal/apply"
	"github.com/podctl/podctl/internal/poddefault"
)

// ExplainJSON writes the verdicts as one JSON list, empty rather than
// null when there is no template.
func ExplainJSON(w io.Writer, explained []apply.Explained) error {
	if explained == nil {
		explained = []apply.Explained{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(explained)
}

// outcomeWords are the words the text gives each outcome.
var outcomeWords = map[poddefault.Outcome]string{
	poddefault.OutcomeApplied:         "applied",
	poddefault.OutcomeAlreadyPresent:  "present",
	poddefault.OutcomeNoMatch:         "no match",
	poddefault.OutcomeOtherNamespace:  "other ns",
	poddefault.OutcomeExcluded:        "excluded",
	poddefault.OutcomeConflict:        "CONFLICT",
	poddefault.OutcomeInvalidSelector: "INVALID",
}

// ExplainText writes the verdicts for people: one block per template.
func ExplainText(w io.Writer, explained []apply.Explained) error {
	var b strings.Builder
	if len(explained) == 0 {
		b.WriteString("no pod templates found\n")
	}
	for i, e := range explained {
		if i > 0 {
			b.WriteByte('\n')
		}
		fmt.Fprintf(&b, "%s:%d %s", e.File, e.Line, e.Object)
		if e.Template != "" && e.Template != "." {
			fmt.Fprintf(&b, " (%s)", e.Template)
		}
		b.WriteByte('\n')
		if e.Note != "" {
			fmt.Fprintf(&b, "  note: %s\n", e.Note)
			continue
		}
		switch {
		case strings.HasPrefix(e.Rejected, "the API server") || strings.HasPrefix(e.Rejected, "the webhook would"):
			// the cluster's refusal, in its own words
			fmt.Fprintf(&b, "  %s\n", e.Rejected)
		case e.Rejected != "":
			fmt.Fprintf(&b, "  the webhook would reject this pod: %s\n", e.Rejected)
		}
		for _, w := range e.Warnings {
			fmt.Fprintf(&b, "  warning: %s\n", w)
		}
		if len(e.Verdicts) == 0 {
			b.WriteString("  no PodDefault in its namespace\n")
		}
		for _, v := range e.Verdicts {
			name := v.PodDefault
			if v.Outcome == poddefault.OutcomeOtherNamespace {
				name = v.Namespace + "/" + name
			}
			fmt.Fprintf(&b, "  %-9s %s: %s\n", outcomeWords[v.Outcome], name, v.Reason)
			for _, c := range v.Changes {
				fmt.Fprintf(&b, "              + %s\n", c)
			}
			for _, c := range v.Clashes {
				fmt.Fprintf(&b, "              ! %s\n", c)
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
