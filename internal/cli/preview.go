package cli

import (
	"errors"
	"strings"

	"github.com/spf13/cobra"

	"github.com/podctl/podctl/internal/apply"
	"github.com/podctl/podctl/internal/output"
)

// previewOptions are the flags of preview.
type previewOptions struct {
	inputOptions
	output string
}

// newPreviewCommand builds preview; runF is as for apply-defaults.
func newPreviewCommand(s streams, runF func(*previewOptions) error) *cobra.Command {
	o := &previewOptions{}
	cmd := &cobra.Command{
		Use:   "preview [-f FILE|DIR|-]... [-d FILE|DIR|-]... [-n NAMESPACE] [-o " + strings.Join(previewFormats, "|") + "] [FILE...]",
		Short: "Print, for every pod template, the Pod the cluster would create from it",
		Long: `Preview the pods the cluster would run: for every pod template of the manifests, the Pod the
API server would store — the controller's labels, Kubernetes' defaults, the built-in admission
plugins (ServiceAccount, Priority, DefaultTolerationSeconds) and the PodDefault webhook, in the
cluster's order — as a v1 List of Pods. Each Pod carries annotations naming its source file and
line (` + output.PreviewSourceAnnotation + `), object and template path; a pod the cluster would refuse
is the pod as the template gives it, with the reason in ` + output.PreviewRefusedAnnotation + `. The
random part of generated names (kube-api-access-xxxxx, a controller's pod names) is xxxxx.

It reads the same input as apply-defaults and changes nothing.

Exit codes: 0 done; 2 usage or input error; 3 the cluster would refuse a pod.`,
		Example: `  podctl preview -f notebook.yaml -d poddefaults/
  kustomize build overlays/prod | podctl preview -d poddefaults/ -o json | jq '.items[].spec.volumes'`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := o.inputOptions.complete(args, "-o", o.output, previewFormats); err != nil {
				return err
			}
			if runF != nil {
				return runF(o)
			}
			return o.run(s)
		},
	}
	o.addFlags(cmd)
	cmd.Flags().StringVarP(&o.output, "output", "o", previewFormats[0], oneOf(previewFormats))
	return cmd
}

func (o *previewOptions) run(s streams) error {
	req, restore, err := o.read(s)
	if err != nil {
		return err
	}
	defer restore()
	previewed, err := apply.Preview(req)
	if err != nil {
		return failureExit(err)
	}
	write := output.PreviewYAML
	if o.output == output.JSON {
		write = output.PreviewJSON
	}
	if err := write(s.out, previewed); err != nil {
		return &exitError{code: ExitInput, err: err}
	}
	for _, p := range previewed {
		if p.Refused != "" {
			return &exitError{code: ExitConflict, err: errors.New("")}
		}
	}
	return nil
}
