package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/podctl/podctl/internal/apply"
	"github.com/podctl/podctl/internal/poddefault"
)

// explainOptions are the flags of explain.
type explainOptions struct {
	inputOptions
	output string
}

// newExplainCommand builds explain; runF is as for apply-defaults.
func newExplainCommand(s streams, runF func(*explainOptions) error) *cobra.Command {
	o := &explainOptions{}
	cmd := &cobra.Command{
		Use:   "explain [-f FILE|DIR|-]... [-d FILE|DIR|-]... [-n NAMESPACE] [-o text|json] [FILE...]",
		Short: "Say, for every pod template, which PodDefaults apply and why the others do not",
		Long: `Explain, for every pod template of the manifests, what each PodDefault of its namespace does
to it and why: applied (and what it changed, field by field), already present, skipped because
its selector does not match (which requirement failed, against which labels), the template opts
out, or a conflict (with which PodDefault, field and entry). PodDefaults of other namespaces
whose selector matches the template are listed too: they do not apply across namespaces.

It reads the same input as apply-defaults and changes nothing.

Exit codes: 0 done; 2 usage or input error; 3 the webhook would reject a pod template.`,
		Example: `  podctl explain -f notebook.yaml -d poddefaults/
  podctl explain -f deploy.yaml -d poddefaults/ -o json | jq '.[].verdicts[] | select(.outcome == "applied")'`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := o.inputOptions.complete(args, "-o", o.output, "text", "json"); err != nil {
				return err
			}
			if runF != nil {
				return runF(o)
			}
			return o.run(s)
		},
	}
	o.addFlags(cmd)
	cmd.Flags().StringVarP(&o.output, "output", "o", "text", "text for people, json for machines (one JSON document)")
	return cmd
}

func (o *explainOptions) run(s streams) error {
	req, restore, err := o.read(s)
	if err != nil {
		return err
	}
	defer restore()
	explanation, err := apply.Explain(req)
	if err != nil {
		return failureExit(err)
	}
	// what apply-defaults warns of about no template in particular; the
	// warnings about a template are printed with it
	for _, n := range explanation.Notes {
		fmt.Fprintln(s.err, "note: "+n.String())
	}
	for _, w := range explanation.Warnings {
		fmt.Fprintln(s.err, "warning: "+w.String())
	}
	explained := explanation.Templates
	if o.output == "json" {
		if explained == nil {
			explained = []apply.Explained{}
		}
		enc := json.NewEncoder(s.out)
		enc.SetIndent("", "  ")
		err = enc.Encode(explained)
	} else {
		err = writeExplanation(s.out, explained)
	}
	if err != nil {
		return &exitError{code: ExitInput, err: err}
	}
	for _, e := range explained {
		if e.Rejected != "" {
			return &exitError{code: ExitConflict, err: errors.New("")}
		}
	}
	return nil
}

var outcomeWords = map[poddefault.Outcome]string{
	poddefault.OutcomeApplied:         "applied",
	poddefault.OutcomeAlreadyPresent:  "present",
	poddefault.OutcomeNoMatch:         "no match",
	poddefault.OutcomeOtherNamespace:  "other ns",
	poddefault.OutcomeExcluded:        "excluded",
	poddefault.OutcomeConflict:        "CONFLICT",
	poddefault.OutcomeInvalidSelector: "INVALID",
}

// writeExplanation prints the verdicts for people: one block per template.
func writeExplanation(w io.Writer, explained []apply.Explained) error {
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
