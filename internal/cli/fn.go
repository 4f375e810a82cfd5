package cli

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/podctl/podctl/internal/krm"
)

func newFnCommand(s streams) *cobra.Command {
	return &cobra.Command{
		Use:   "fn",
		Short: "Run as a KRM function: a ResourceList on standard input, the same with PodDefaults applied on standard output",
		Long: `Run as a KRM function for kustomize and kpt. podctl reads a ResourceList (config.kubernetes.io/v1)
on standard input and writes it back with the PodDefaults applied to every pod template among
its items, and a result for each: info for PodDefaults applied, warning for warnings, error for
bad input or a pod the webhook would reject (the items then stay unchanged and podctl exits
non-zero).

PodDefaults come from the functionConfig (a PodDefault, a PodDefaultList or a v1 List of them)
and from PodDefault items, which stay in the output. A functionConfig of kind ConfigMap may set
data.namespace: the namespace of objects that name none (else "default"). The annotation
podctl.dev/mark-excluded: "true" (or data.markExcluded) marks the templates a PodDefault applies
to excluded, podctl.dev/strict (or data.strict) makes warnings errors. A data key or a
podctl.dev/ annotation that podctl does not know is an error result.

With a ConfigMap functionConfig that sets data.mode: lint, podctl is a validator: it lints the
PodDefaults among the items (as podctl lint does, with the items' pod templates), changes no item,
returns a result per finding (error, warning or info, with the rule as tag "rule"), and fails
(exit 1) when a finding is at or above data.failOn (default error). data.notebooks: "true" applies
the notebook-form rules to every namespace.

Run without arguments and with a ResourceList on standard input, podctl is this function: that
is how kustomize and kpt call an exec function.

` + exitCodesHelp,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			in, err := io.ReadAll(s.in)
			if err != nil {
				return &exitError{code: ExitInput, err: fmt.Errorf("reading standard input: %w", err)}
			}
			return runFn(s, in)
		},
	}
}

func runFn(s streams, in []byte) error {
	out, err := krm.Run(in)
	var failed *krm.Failed
	if err != nil && !errors.As(err, &failed) {
		return &exitError{code: ExitInput, err: err}
	}
	if _, werr := s.out.Write(out); werr != nil {
		return &exitError{code: ExitInput, err: werr}
	}
	if failed != nil {
		code := ExitInput
		switch {
		case failed.Conflicts:
			code = ExitConflict
		case failed.Findings:
			code = ExitFindings
		}
		return &exitError{code: code, err: failed}
	}
	return nil
}

// isTerminal reports whether r is a terminal.
func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	if err != nil || info.Mode()&os.ModeCharDevice == 0 {
		return false
	}
	null, err := os.Stat(os.DevNull) // a character device, but no terminal
	return err != nil || !os.SameFile(info, null)
}
