package cli

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/podctl/podctl/internal/apply"
	"github.com/podctl/podctl/internal/lint"
	"github.com/podctl/podctl/internal/output"
)

// lintOptions are the flags of lint.
type lintOptions struct {
	inputOptions
	output    string
	failOn    string
	notebooks bool

	failLevel lint.Severity // failOn, read
}

func newLintCommand(s streams) *cobra.Command {
	o := &lintOptions{inputOptions: inputOptions{manifestsOptional: true}}
	cmd := &cobra.Command{
		Use:   "lint [-d FILE|DIR|-]... [-f FILE|DIR]... [-R] [-n NAMESPACE] [-o " + strings.Join(lintFormats, "|") + "] [--fail-on error|warning|info] [--notebooks]",
		Short: "Find the PodDefaults that will break pods, namespaces or the notebook form",
		Long: `Lint PodDefaults before they reach the cluster: say, with file and line, which of them the
webhook will refuse pods for (an invalid selector refuses every pod of the namespace; PodDefaults
that one pod can select together clash; a PodDefault clashes with itself or with what the API
server adds), which items the API server refuses, which overrides depend on name order, which
labels never chain, and what breaks the Kubeflow notebook form. Every verdict about the webhook
comes from the engine apply-defaults runs, on a pod with the smallest labels the selectors accept.

PodDefaults are read as apply-defaults reads them, from -d and from the manifests of -f; without
either, from standard input. With -f, lint also reports PodDefaults that select none of the
manifests' pod templates, and the templates apply-defaults would refuse. The notebook-form rules
run for namespaces that hold a Notebook among -f, or for all with --notebooks.

The rules, with examples and fixes: docs/lint.md.

Exit codes: 0 no finding at or above --fail-on; 1 findings at or above it; 2 usage or input error.`,
		Example: `  podctl lint -d poddefaults/
  podctl lint -R -d profiles/ -f manifests/ --fail-on warning
  podctl lint -d poddefaults/ -o sarif > podctl-lint.sarif`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.complete()
			if err := o.validate(); err != nil {
				return &exitError{code: ExitInput, err: err}
			}
			return o.run(s)
		},
	}
	o.addFlags(cmd)
	f := cmd.Flags()
	f.Lookup("filename").Usage = "manifests: a file, a folder or - (repeatable); their PodDefaults are linted, their pod templates looked at"
	f.Lookup("defaults").Usage = "PodDefaults: a file, a folder or - (repeatable; default: standard input when -f is not given either)"
	f.StringVarP(&o.output, "output", "o", lintFormats[0], output.Text+", "+output.JSON+", "+output.GitHub+" (workflow commands) or "+output.SARIF+" (SARIF 2.1.0)")
	f.StringVar(&o.failOn, "fail-on", "error", "exit 1 when a finding is at or above this severity: error, warning or info")
	f.BoolVar(&o.notebooks, "notebooks", false, "apply the notebook-form rules to every namespace, not only to those with a Notebook among -f")
	return cmd
}

// complete reads standard input for PodDefaults when no input is named.
func (o *lintOptions) complete() {
	if len(o.filenames) == 0 && len(o.defaults) == 0 {
		o.defaults = []string{"-"}
	}
}

// validate reports every usage problem at once.
func (o *lintOptions) validate() error {
	problems := o.inputOptions.validate()
	if !slices.Contains(lintFormats, o.output) {
		problems = append(problems, fmt.Sprintf("-o must be %s, not %q", oneOf(lintFormats), o.output))
	}
	level, err := lint.ParseSeverity(o.failOn)
	if err != nil {
		problems = append(problems, "--fail-on: "+err.Error())
	}
	o.failLevel = level
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "\n"))
	}
	return nil
}

func (o *lintOptions) run(s streams) error {
	req, restore, err := o.read(s)
	if err != nil {
		return err
	}
	defer restore()
	res, err := apply.Lint(req, o.notebooks)
	if err != nil {
		return failureExit(err)
	}
	_ = output.Warnings(s.err, nil, res.Warnings)
	switch o.output {
	case output.JSON:
		err = output.LintJSON(s.out, res.Findings)
	case output.GitHub:
		err = output.LintGitHub(s.out, res.Findings)
	case output.SARIF:
		err = output.LintSARIF(s.out, res.Findings, version)
	default:
		err = output.LintText(s.out, res.Findings)
		if err == nil {
			_ = output.LintSummary(s.err, res.Findings)
		}
	}
	if err != nil {
		return &exitError{code: ExitInput, err: err}
	}
	if lint.AtLeast(res.Findings, o.failLevel) {
		return &exitError{code: ExitFindings, err: errors.New("")}
	}
	return nil
}
