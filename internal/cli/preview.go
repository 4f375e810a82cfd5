package cli

import (
	"encoding/json"
	"errors"
	"io"
	"strconv"

	"github.com/spf13/cobra"
	"sigs.k8s.io/yaml"

	"github.com/podctl/podctl/internal/apply"
)

// The annotations preview puts on each pod: where it comes from, and why
// the cluster would refuse it.
const (
	previewAnnotationBase     = "preview.podctl.dev/"
	previewSourceAnnotation   = previewAnnotationBase + "source"
	previewObjectAnnotation   = previewAnnotationBase + "object"
	previewTemplateAnnotation = previewAnnotationBase + "template"
	previewRefusedAnnotation  = previewAnnotationBase + "refused"
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
		Use:   "preview [-f FILE|DIR|-]... [-d FILE|DIR|-]... [-n NAMESPACE] [-o yaml|json] [FILE...]",
		Short: "Print, for every pod template, the Pod the cluster would create from it",
		Long: `Preview the pods the cluster would run: for every pod template of the manifests, the Pod the
API server would store — the controller's labels, Kubernetes' defaults, the built-in admission
plugins (ServiceAccount, Priority, DefaultTolerationSeconds) and the PodDefault webhook, in the
cluster's order — as a v1 List of Pods. Each Pod carries annotations naming its source file and
line (` + previewSourceAnnotation + `), object and template path; a pod the cluster would refuse
is the pod as the template gives it, with the reason in ` + previewRefusedAnnotation + `. The
random part of generated names (kube-api-access-xxxxx, a controller's pod names) is xxxxx.

It reads the same input as apply-defaults and changes nothing.

Exit codes: 0 done; 2 usage or input error; 3 the cluster would refuse a pod.`,
		Example: `  podctl preview -f notebook.yaml -d poddefaults/
  kustomize build overlays/prod | podctl preview -d poddefaults/ -o json | jq '.items[].spec.volumes'`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := o.inputOptions.complete(args, "-o", o.output, "yaml", "json"); err != nil {
				return err
			}
			if runF != nil {
				return runF(o)
			}
			return o.run(s)
		},
	}
	o.addFlags(cmd)
	cmd.Flags().StringVarP(&o.output, "output", "o", "yaml", "yaml or json")
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
	if err := writePreview(s.out, previewed, o.output); err != nil {
		return &exitError{code: ExitInput, err: err}
	}
	for _, p := range previewed {
		if p.Refused != "" {
			return &exitError{code: ExitConflict, err: errors.New("")}
		}
	}
	return nil
}

// writePreview writes the previewed pods as one v1 List, in YAML or JSON.
func writePreview(w io.Writer, previewed []apply.Previewed, format string) error {
	items := make([]any, 0, len(previewed))
	for _, p := range previewed {
		pod := p.Pod.DeepCopy()
		if pod.Annotations == nil {
			pod.Annotations = map[string]string{}
		}
		pod.Annotations[previewSourceAnnotation] = p.File + ":" + strconv.Itoa(p.Line)
		pod.Annotations[previewObjectAnnotation] = p.Object
		pod.Annotations[previewTemplateAnnotation] = p.Template
		if p.Refused != "" {
			pod.Annotations[previewRefusedAnnotation] = p.Refused
		}
		item, err := withoutNullTimestamp(pod)
		if err != nil {
			return err
		}
		items = append(items, item)
	}
	list := map[string]any{"apiVersion": "v1", "kind": "List", "items": items}
	if format == "json" {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(list)
	}
	data, err := yaml.Marshal(list)
	if err != nil {
		return err
	}
	_, err = w.Write(data)
	return err
}

// withoutNullTimestamp is the object as JSON values, without the
// creationTimestamp: null that an unset time marshals to.
func withoutNullTimestamp(v any) (map[string]any, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, err
	}
	if md, ok := m["metadata"].(map[string]any); ok && md["creationTimestamp"] == nil {
		delete(md, "creationTimestamp")
	}
	return m, nil
}
