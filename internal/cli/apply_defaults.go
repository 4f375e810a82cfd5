package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"runtime/debug"
	"runtime/metrics"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"k8s.io/apimachinery/pkg/util/validation"

	"github.com/podctl/podctl/internal/apply"
	"github.com/podctl/podctl/internal/manifest"
	"github.com/podctl/podctl/internal/output"
	"github.com/podctl/podctl/internal/poddefault"
	"github.com/podctl/podctl/internal/workload"
)

// inputOptions are the flags that name the input, shared by the commands
// that read manifests and PodDefaults.
type inputOptions struct {
	filenames []string
	defaults  []string
	namespace string
	recursive bool
	exclude   []string
	workloads []string
	// manifestsOptional: without -f the command reads no manifests
	// (lint reads PodDefaults alone), not standard input.
	manifestsOptional  bool
	allowEmptyDefaults bool
}

// complete takes the file arguments and validates the input flags and one
// output-format flag of a command that only reads (explain, preview),
// reporting every problem at once.
func (in *inputOptions) complete(args []string, formatFlag, format string, formats []string) error {
	in.filenames = append(in.filenames, args...)
	problems := in.validate()
	if !slices.Contains(formats, format) {
		problems = append(problems, fmt.Sprintf("%s must be %s, not %q", formatFlag, oneOf(formats), format))
	}
	if len(problems) > 0 {
		return &exitError{code: ExitInput, err: errors.New(strings.Join(problems, "\n"))}
	}
	return nil
}

func (in *inputOptions) addFlags(cmd *cobra.Command) {
	f := cmd.Flags()
	f.StringArrayVarP(&in.filenames, "filename", "f", nil, "manifests: a file, a folder (its .yaml, .yml and .json files) or - for standard input (repeatable; default: standard input)")
	f.StringArrayVarP(&in.defaults, "defaults", "d", nil, "PodDefaults: a file, a folder or - (repeatable)")
	f.StringVarP(&in.namespace, "namespace", "n", "", `namespace of objects and PodDefaults that name none (default "default")`)
	f.BoolVarP(&in.recursive, "recursive", "R", false, "read the folders of -f and -d with their subfolders")
	f.StringArrayVar(&in.exclude, "exclude", nil, "skip files and folders whose name or path below the folder matches this glob; ** stands for any number of folders (repeatable)")
	f.BoolVar(&in.allowEmptyDefaults, "allow-empty-defaults", false, "-d may hold no PodDefault: an empty -d - or -d folder is an error without it (a failed kubectl get or an empty folder would pass silently)")
	f.StringArrayVar(&in.workloads, "workload-config", nil, "a WorkloadConfig file: kinds with pod templates to add to podctl's table, or to replace in it (repeatable; see docs/workloads.md)")
}

// validate reports problems with the input flags.
func (in *inputOptions) validate() []string {
	if in.namespace != "" {
		if msgs := validation.IsDNS1123Label(in.namespace); len(msgs) > 0 {
			return []string{fmt.Sprintf("-n %q is not a namespace name: %s", in.namespace, strings.Join(msgs, "; "))}
		}
	}
	if len(in.filenames) == 0 && slices.Contains(in.defaults, "-") && !in.manifestsOptional {
		return []string{"standard input can feed -f or -d, not both: name the manifests with -f"}
	} else if slices.Contains(in.filenames, "-") && slices.Contains(in.defaults, "-") {
		return []string{"standard input can feed -f or -d, not both"}
	}
	return nil
}

// read reads the input and sets the memory limit for a run on it (see
// limitMemory); the caller restores it when the run is done.
func (in *inputOptions) read(s streams) (req apply.Request, restore func(), err error) {
	if len(in.filenames) == 0 && !in.manifestsOptional {
		if isTerminal(s.in) && !slices.Contains(in.defaults, "-") {
			return apply.Request{}, nil, &exitError{code: ExitInput,
				err: errors.New("no -f given, and standard input is a terminal: name the manifests with -f, or pipe them in")}
		}
		in.filenames = []string{"-"}
	}
	reader := &manifest.Reader{Stdin: s.in, Recursive: in.recursive, Exclude: in.exclude}
	workloads, err := reader.Read(in.filenames)
	if err == nil {
		var defaults []*manifest.Source
		reader.AllowEmptyFolders = in.allowEmptyDefaults
		defaults, err = reader.Read(in.defaults)
		if err == nil {
			req := apply.Request{Workloads: workloads, Defaults: defaults, Namespace: in.namespace, ReadWarnings: reader.Warnings}
			if !in.allowEmptyDefaults {
				req.DefaultsFromStdin = slices.Contains(in.defaults, "-")
			}
			req.Registry, err = in.registry()
			if err == nil {
				return req, limitMemory(req), nil
			}
		}
	}
	return apply.Request{}, nil, &exitError{code: ExitInput, err: err}
}

// registry is podctl's table of kinds with the --workload-config files.
func (in *inputOptions) registry() (*workload.Registry, error) {
	reader := &manifest.Reader{}
	sources, err := reader.Read(in.workloads)
	if err != nil {
		return nil, err
	}
	return apply.RegistryFrom(sources)
}

// applyDefaultsOptions are the flags of apply-defaults.
type applyDefaultsOptions struct {
	inputOptions
	check        bool
	diff         bool
	inPlace      bool
	color        string
	markExcluded bool
	strict       bool
	quiet        bool
	verbose      bool
	report       string
	reportFile   string
}

// newApplyDefaultsCommand builds apply-defaults. runF, when not nil, runs
// instead of the command once the flags are parsed and valid: tests see
// the options the flags give.
func newApplyDefaultsCommand(s streams, runF func(*applyDefaultsOptions) error) *cobra.Command {
	o := &applyDefaultsOptions{}
	cmd := &cobra.Command{
		Use:   "apply-defaults [-f FILE|DIR|-]... [-d FILE|DIR|-]... [-n NAMESPACE] [--check|--diff|-i] [FILE...]",
		Short: "Apply PodDefaults to the pod templates of manifests",
		Long: `Apply every matching PodDefault to the pod templates of the manifests, exactly as the
PodDefault admission webhook would when the pods are created, and print the manifests.

Pod templates are found in the kinds of podctl's table (docs/workloads.md): the Kubernetes
workloads, Kubeflow Notebooks and training jobs, Trainer runtimes, JobSets, Ray clusters, jobs
and services, and Argo Rollouts, also inside a List; --workload-config adds kinds. PodDefaults are
read from -d and from the manifests themselves (where they pass through unchanged); a
PodDefault applies to the templates of its own namespace. Documents podctl does not change
are printed byte for byte; changed documents differ only where a field was added or changed.
A misspelt field where podctl reads or writes a pod template (spce, lables, contianers, in the
template, on the way to it or in the object's metadata) is an input error that names the field
meant: podctl never writes beside it.

Files may also be given as arguments. --check, --diff and -i do not print the manifests:
--check lists the objects that would change, --diff shows the changes as a unified diff,
-i writes them into the files (all or nothing: one problem leaves every file as it was).

` + exitCodesHelp,
		Example: `  # Apply the PodDefaults of a folder to a manifest
  podctl apply-defaults -f deploy.yaml -d poddefaults/

  # In a pipeline
  kustomize build overlays/prod | podctl apply-defaults -d poddefaults.yaml -n team-ml

  # In CI: fail when committed manifests are not up to date
  podctl apply-defaults --check -R -f manifests/ -d poddefaults/

  # Review, then write
  podctl apply-defaults --diff -f deploy.yaml -d poddefaults/
  podctl apply-defaults -i -f deploy.yaml -d poddefaults/`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.filenames = append(o.filenames, args...)
			if err := o.validate(); err != nil {
				return &exitError{code: ExitInput, err: err}
			}
			if runF != nil {
				return runF(o)
			}
			return o.run(s)
		},
	}
	o.addFlags(cmd)
	f := cmd.Flags()
	f.BoolVar(&o.check, "check", false, "write nothing; list the objects that would change; exit 1 if any would")
	f.BoolVar(&o.diff, "diff", false, "write nothing; print a unified diff of the changes; exit 1 if there are any")
	f.BoolVarP(&o.inPlace, "in-place", "i", false, "write the changes into the files, atomically, all or nothing")
	f.StringVar(&o.color, "color", "auto", "color the diff: auto (on a terminal, unless NO_COLOR is set), always or never")
	f.BoolVar(&o.markExcluded, "mark-excluded", false, `annotate every template a PodDefault applies to with `+poddefault.ExcludeAnnotation+`: "true", so that neither the webhook nor a later run touches it again`)
	f.BoolVar(&o.strict, "strict", false, "treat every warning as a failure: exit 3 and write nothing")
	f.BoolVarP(&o.quiet, "quiet", "q", false, "print no warnings, and no progress on a terminal")
	f.BoolVarP(&o.verbose, "verbose", "v", false, "with -i, list the files written, on stderr")
	f.StringVar(&o.report, "report", "", "also report for CI: "+output.JSON+" (to --report-file) or "+output.GitHub+" (workflow commands on stderr)")
	f.StringVar(&o.reportFile, "report-file", "", "the file for --report "+output.JSON)
	return cmd
}

// validate reports every usage problem at once.
func (o *applyDefaultsOptions) validate() error {
	var problems []string
	modes := 0
	for _, on := range []bool{o.check, o.diff, o.inPlace} {
		if on {
			modes++
		}
	}
	if modes > 1 {
		problems = append(problems, "--check, --diff and -i exclude each other")
	}
	problems = append(problems, o.inputOptions.validate()...)
	if o.inPlace && (len(o.filenames) == 0 || slices.Contains(o.filenames, "-")) {
		problems = append(problems, "-i writes files: name them with -f (standard input cannot be written back)")
	}
	if o.verbose && !o.inPlace {
		problems = append(problems, "-v goes with -i (--check and --diff list the changes themselves)")
	}
	if o.reportFile != "" && o.report != output.JSON {
		problems = append(problems, "--report-file goes with --report "+output.JSON)
	}
	switch {
	case o.report == "":
	case !slices.Contains(reportFormats, o.report):
		problems = append(problems, fmt.Sprintf("--report must be %s, not %q", oneOf(reportFormats), o.report))
	case o.report == output.JSON && o.reportFile == "":
		problems = append(problems, "--report "+output.JSON+" needs --report-file (standard output carries the manifests)")
	}
	switch o.color {
	case "auto", "always", "never":
	default:
		problems = append(problems, fmt.Sprintf("--color must be auto, always or never, not %q", o.color))
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "\n"))
	}
	return nil
}

func (o *applyDefaultsOptions) run(s streams) error {
	progress := newProgress(s, o.quiet)
	progress.run(progressInterval)
	defer progress.end()
	req, restore, err := o.read(s)
	if err != nil {
		return err
	}
	defer restore()
	req.MarkExcluded, req.Strict = o.markExcluded, o.strict
	if progress != nil {
		req.Progress = progress.documents
	}
	res, err := apply.Run(req)
	progress.end()
	var strict *apply.WarningsError
	if errors.As(err, &strict) {
		// the report shows the warnings as warnings; the exit says what they cost
		if rerr := o.writeReport(s, res, nil); rerr != nil {
			return &exitError{code: ExitInput, err: rerr}
		}
		return &exitError{code: ExitConflict, err: fmt.Errorf("--strict: %w", strict)}
	}
	if rerr := o.writeReport(s, res, err); rerr != nil {
		return &exitError{code: ExitInput, err: rerr}
	}
	if err != nil {
		return failureExit(err)
	}
	if !o.quiet {
		_ = output.Warnings(s.err, res.Notes, res.Warnings)
	}
	out := bufio.NewWriterSize(s.out, 1<<16)
	changes := false
	switch {
	case o.check:
		changes, err = output.Check(out, res)
	case o.diff:
		changes, err = output.Diff(out, res, colorOn(o.color, s.out))
	case o.inPlace:
		progress.run(progressInterval)
		var written []string
		written, err = writeInPlace(res, progress)
		progress.end()
		if err == nil && o.verbose {
			for _, name := range written {
				fmt.Fprintln(s.err, "wrote "+name)
			}
		}
	default:
		err = output.Stream(out, res)
	}
	if ferr := out.Flush(); err == nil {
		err = ferr
	}
	if err != nil {
		return &exitError{code: ExitInput, err: err}
	}
	if changes {
		return &exitError{code: ExitChanges, err: errors.New("")}
	}
	return nil
}

// writeInPlace writes the changed files, all or nothing, and gives their
// names as the user gave them. progress (may be nil) hears of each file
// written.
func writeInPlace(res *apply.Result, progress *progressLine) ([]string, error) {
	var writes []manifest.FileWrite
	var names []string
	for i := range res.Outputs {
		out := &res.Outputs[i]
		if out.Changed {
			writes = append(writes, manifest.FileWrite{Path: out.Source.Path, Content: out, Mode: out.Source.Mode, Original: out.Source.Data})
			names = append(names, out.Source.Name)
		}
	}
	if progress != nil {
		for i := range writes {
			writes[i].Content = countedWrite{writes[i].Content, func() { progress.set("files written", i+1, len(writes)) }}
		}
		progress.set("files written", 0, len(writes))
	}
	if err := manifest.WriteFiles(writes); err != nil {
		return nil, fmt.Errorf("nothing was written: %w", err)
	}
	return names, nil
}

// countedWrite is a file's new content that says when it is written.
type countedWrite struct {
	io.WriterTo
	written func()
}

func (c countedWrite) WriteTo(w io.Writer) (int64, error) {
	n, err := c.WriterTo.WriteTo(w)
	if err == nil {
		c.written()
	}
	return n, err
}

// colorAllowedByEnv: NO_COLOR (no-color.org) and TERM=dumb turn colour off.
func colorAllowedByEnv() bool {
	_, noColor := os.LookupEnv("NO_COLOR")
	return !noColor && os.Getenv("TERM") != "dumb"
}

// colorOn decides whether to color: always, never, or on a terminal when
// the environment allows it.
func colorOn(mode string, out io.Writer) bool {
	switch mode {
	case "always":
		return true
	case "never":
		return false
	}
	if !colorAllowedByEnv() {
		return false
	}
	f, ok := out.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// failureExit maps a failed run to its exit code: input errors win over
// conflicts, and every problem is printed.
func failureExit(err error) error {
	var f *apply.Failure
	if !errors.As(err, &f) {
		return &exitError{code: ExitInput, err: err}
	}
	code := ExitConflict
	if len(f.Inputs) > 0 {
		code = ExitInput
	}
	return &exitError{code: code, err: f}
}

// limitMemory sets a soft memory limit in proportion to the input (unless
// GOMEMLIMIT is set), so that the garbage collector works harder before
// the process grows past about three times the input: podctl holds the
// input and what the changes add, not a second copy of the stream. Where
// what it must hold outgrows the limit (a workload of a million small
// fields builds a tree many times its size), the collector would run
// without a pause and bound nothing: a watcher lifts the limit then and
// lets the heap grow by half between collections. The returned func puts
// things back as they were.
func limitMemory(req apply.Request) (restore func()) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	var total int64
	for _, g := range [][]*manifest.Source{req.Workloads, req.Defaults} {
		for _, src := range g {
			total += int64(len(src.Data))
		}
	}
	limit := 2*total + 64<<20
	before := debug.SetMemoryLimit(limit)
	gcPercent := debug.SetGCPercent(-1)
	debug.SetGCPercent(gcPercent)
	done, watched := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(watched)
		live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
			}
			metrics.Read(live)
			if live[0].Value.Kind() == metrics.KindUint64 && live[0].Value.Uint64() > uint64(limit)*19/20 {
				debug.SetGCPercent(50)
				debug.SetMemoryLimit(math.MaxInt64)
				return
			}
		}
	}()
	return func() {
		close(done)
		<-watched
		debug.SetMemoryLimit(before)
		debug.SetGCPercent(gcPercent)
	}
}
