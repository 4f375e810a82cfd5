package cli

import (
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"
)

// version is set at build time with -ldflags "-X ...cli.version=v1.2.3".
var version = "dev"

// streams are the process's standard streams, injected for tests.
type streams struct {
	in       io.Reader
	out, err io.Writer
}

// Main runs podctl with the given arguments (without the program name)
// and returns the process's exit code.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) (code int) {
	defer func() {
		// A bug must not look like success, nor dump a Go stack on users.
		if p := recover(); p != nil {
			fmt.Fprintf(stderr, "error: internal error in podctl: %v\n", p)
			code = ExitInput
		}
	}()
	s := streams{in: stdin, out: stdout, err: stderr}
	root := newRootCommand(s)
	root.SetArgs(args)
	err := root.Execute()
	if err == nil {
		return ExitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil && ee.err.Error() != "" {
			fmt.Fprintln(stderr, "error: "+ee.err.Error())
		}
		return ee.code
	}
	// cobra's own errors: unknown flags, commands and arguments.
	fmt.Fprintln(stderr, "error: "+err.Error())
	fmt.Fprintln(stderr, "Run 'podctl --help' for usage.")
	return ExitInput
}

func newRootCommand(s streams) *cobra.Command {
	root := &cobra.Command{
		Use:   "podctl",
		Short: "Apply Kubeflow PodDefaults to manifests, offline, exactly as the admission webhook would",
		Long: `podctl applies Kubeflow PodDefaults (kubeflow.org/v1alpha1) to the pod templates of your
manifests before you deploy them, with the same selection, order, merge and conflict rules
as the PodDefault admission webhook.

` + exitCodesHelp,
		SilenceErrors: true,
		SilenceUsage:  true,
		Version:       version,
	}
	root.SetIn(s.in)
	root.SetOut(s.out)
	root.SetErr(s.err)
	root.AddCommand(newApplyDefaultsCommand(s), newExplainCommand(s), newVersionCommand(s))
	return root
}

func newVersionCommand(s streams) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print podctl's version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			_, err := fmt.Fprintln(s.out, "podctl "+version)
			return err
		},
	}
}
