package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/podctl/podctl/internal/krm"
	"github.com/podctl/podctl/internal/suggest"
)

// streams are the process's standard streams, injected for tests.
type streams struct {
	in       io.Reader
	out, err io.Writer
	// errTerminal: err is a terminal, where a long run shows its progress
	// after progressAfter; now is the clock (nil: time.Now)
	errTerminal   bool
	progressAfter time.Duration
	now           func() time.Time
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
	s := streams{in: stdin, out: stdout, err: stderr, progressAfter: progressAfter}
	if f, ok := stderr.(*os.File); ok {
		s.errTerminal = isTerminal(f)
	}
	if len(args) == 0 && stdin != nil && !isTerminal(stdin) {
		// kustomize and kpt run an exec function without arguments
		return mainWithoutArgs(s)
	}
	root := newRootCommand(s)
	root.SetArgs(args)
	return exitCode(s, root.Execute())
}

// exitCode prints an error once and returns its exit code.
func exitCode(s streams, err error) int {
	stderr := s.err
	if err == nil {
		return ExitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil && ee.err.Error() != "" {
			printError(stderr, ee.err.Error())
		}
		return ee.code
	}
	// cobra's own errors: unknown flags, commands and arguments.
	printError(stderr, err.Error())
	fmt.Fprintln(stderr, "Run 'podctl --help' for usage.")
	return ExitInput
}

// suggestFlag adds "did you mean" to an unknown flag, as cobra does for
// unknown commands: the command's flag nearest to it.
func suggestFlag(cmd *cobra.Command, err error) error {
	name, ok := strings.CutPrefix(err.Error(), "unknown flag: --")
	if !ok {
		return err
	}
	var names []string
	cmd.Flags().VisitAll(func(f *pflag.Flag) { names = append(names, f.Name) })
	best, ok := suggest.Closest(name, names)
	if !ok {
		return err
	}
	return fmt.Errorf("%w (did you mean --%s?)", err, best)
}

// printError prints an error: each problem on a line of its own that
// starts with "error:", its indented details under it.
func printError(w io.Writer, msg string) {
	for _, line := range strings.Split(msg, "\n") {
		if line != "" && line[0] != ' ' && line[0] != '\t' {
			line = "error: " + line
		}
		fmt.Fprintln(w, line)
	}
}

// mainWithoutArgs runs the KRM function when standard input holds a
// ResourceList, and otherwise says how podctl is used.
func mainWithoutArgs(s streams) int {
	in, err := readUnlessIdle(s.in, 3*time.Second)
	if err != nil {
		fmt.Fprintln(s.err, "error: reading standard input: "+err.Error())
		return ExitInput
	}
	root := newRootCommand(s)
	switch {
	case len(in) == 0:
		root.SetArgs(nil)
		return exitCode(s, root.Execute()) // the help, as on a terminal
	case krm.IsResourceList(in):
		return exitCode(s, runFn(s, in))
	}
	root.SetOut(s.err)
	_ = root.Usage()
	fmt.Fprintln(s.err, "error: no command given, and standard input holds no ResourceList")
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
	root.SetFlagErrorFunc(suggestFlag)
	root.AddCommand(newApplyDefaultsCommand(s, nil), newExplainCommand(s, nil), newPreviewCommand(s, nil), newLintCommand(s), newFnCommand(s), newVersionCommand(s))
	root.AddCommand(newDocsCommand(s))
	addCompletions(root)
	return root
}

// readUnlessIdle reads r to its end, unless nothing at all arrives within
// wait: kustomize and kpt write the ResourceList at once, while a standard
// input left open and idle must not keep podctl waiting (it then reads
// as empty, and podctl shows its help).
func readUnlessIdle(r io.Reader, wait time.Duration) ([]byte, error) {
	type chunk struct {
		b   []byte
		err error
	}
	first := make(chan chunk, 1)
	go func() {
		buf := make([]byte, 64<<10)
		n, err := r.Read(buf)
		first <- chunk{buf[:n], err}
	}()
	select {
	case c := <-first:
		if c.err != nil {
			if errors.Is(c.err, io.EOF) {
				return c.b, nil
			}
			return nil, c.err
		}
		rest, err := io.ReadAll(r)
		return append(c.b, rest...), err
	case <-time.After(wait):
		return nil, nil
	}
}
