package cli

import (
	"bufio"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/podctl/podctl/internal/apply"
	"github.com/podctl/podctl/internal/manifest"
)

// applyDefaultsOptions are the flags of apply-defaults.
type applyDefaultsOptions struct {
	filenames []string
	defaults  []string
	namespace string
}

func newApplyDefaultsCommand(s streams) *cobra.Command {
	o := &applyDefaultsOptions{}
	cmd := &cobra.Command{
		Use:   "apply-defaults [-f FILE|DIR|-]... [-d FILE|DIR|-]... [-n NAMESPACE]",
		Short: "Apply PodDefaults to the pod templates of manifests",
		Long: `Apply every matching PodDefault to the pod templates of the manifests, exactly as the
PodDefault admission webhook would when the pods are created, and print the manifests.

Pod templates are found in Pods, PodTemplates, Deployments, StatefulSets, DaemonSets,
ReplicaSets, ReplicationControllers, Jobs and CronJobs, also inside a List. PodDefaults are
read from -d and from the manifests themselves (where they pass through unchanged); a
PodDefault applies to the templates of its own namespace. Documents podctl does not change
are printed byte for byte; changed documents differ only where a field was added or changed.

` + exitCodesHelp,
		Example: `  # Apply the PodDefaults of a folder to a manifest
  podctl apply-defaults -f deploy.yaml -d poddefaults/

  # In a pipeline
  kustomize build overlays/prod | podctl apply-defaults -d poddefaults.yaml -n team-ml`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return o.run(s)
		},
	}
	f := cmd.Flags()
	f.StringArrayVarP(&o.filenames, "filename", "f", nil, "manifests: a file, a folder (its .yaml, .yml and .json files) or - for standard input (repeatable; default: standard input)")
	f.StringArrayVarP(&o.defaults, "defaults", "d", nil, "PodDefaults: a file, a folder or - (repeatable)")
	f.StringVarP(&o.namespace, "namespace", "n", "", `namespace of objects and PodDefaults that name none (default "default")`)
	return cmd
}

func (o *applyDefaultsOptions) run(s streams) error {
	if len(o.filenames) == 0 {
		if contains(o.defaults, "-") {
			return &exitError{code: ExitInput, err: errors.New("standard input can feed -f or -d, not both: name the manifests with -f")}
		}
		o.filenames = []string{"-"}
	}
	if contains(o.filenames, "-") && contains(o.defaults, "-") {
		return &exitError{code: ExitInput, err: errors.New("standard input can feed -f or -d, not both")}
	}
	reader := &manifest.Reader{Stdin: s.in}
	workloads, err := reader.Read(o.filenames)
	if err != nil {
		return &exitError{code: ExitInput, err: err}
	}
	defaults, err := reader.Read(o.defaults)
	if err != nil {
		return &exitError{code: ExitInput, err: err}
	}
	res, err := apply.Run(apply.Request{Workloads: workloads, Defaults: defaults, Namespace: o.namespace})
	if err != nil {
		return failureExit(err)
	}
	for _, w := range res.Warnings {
		fmt.Fprintln(s.err, "warning: "+w.String())
	}
	out := bufio.NewWriterSize(s.out, 1<<16)
	err = res.WriteStream(out)
	if err == nil {
		err = out.Flush()
	}
	if err != nil {
		return &exitError{code: ExitInput, err: fmt.Errorf("writing the output: %w", err)}
	}
	return nil
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

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
