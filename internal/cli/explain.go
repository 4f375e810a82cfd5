package cli

import (
	"errors"
	"strings"

	"github.com/spf13/cobra"

	"github.com/podctl/podctl/internal/apply"
	"github.com/podctl/podctl/internal/output"
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
		Use:   "explain [-f FILE|DIR|-]... [-d FILE|DIR|-]... [-n NAMESPACE] [-o " + strings.Join(explainFormats, "|") + "] [FILE...]",
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
			if err := o.inputOptions.complete(args, "-o", o.output, explainFormats); err != nil {
				return err
			}
			if runF != nil {
				return runF(o)
			}
			return o.run(s)
		},
	}
	o.addFlags(cmd)
	cmd.Flags().StringVarP(&o.output, "output", "o", explainFormats[0], output.Text+" for people, "+output.JSON+" for machines (one JSON document)")
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
	_ = output.Warnings(s.err, explanation.Notes, explanation.Warnings)
	explained := explanation.Templates
	if o.output == output.JSON {
		err = output.ExplainJSON(s.out, explained)
	} else {
		err = output.ExplainText(s.out, explained)
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
