package output

import (
	"encoding/json"
	"io"
	"strconv"

	"sigs.k8s.io/yaml"

	"github.com/podctl/podctl/internal/apply"
)

// The annotations preview puts on each pod: where it comes from, and why
// the cluster would refuse it.
const (
	previewAnnotationBase     = "preview.podctl.dev/"
	PreviewSourceAnnotation   = previewAnnotationBase + "source"
	PreviewObjectAnnotation   = previewAnnotationBase + "object"
	PreviewTemplateAnnotation = previewAnnotationBase + "template"
	PreviewRefusedAnnotation  = previewAnnotationBase + "refused"
)

// PreviewYAML writes the previewed pods as one v1 List, in YAML.
func PreviewYAML(w io.Writer, previewed []apply.Previewed) error {
	list, err := previewList(previewed)
	if err != nil {
		return err
	}
	data, err := yaml.Marshal(list)
	if err != nil {
		return err
	}
	_, err = w.Write(data)
	return err
}

// PreviewJSON writes the previewed pods as one v1 List, in JSON.
func PreviewJSON(w io.Writer, previewed []apply.Previewed) error {
	list, err := previewList(previewed)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(list)
}

// previewList is the v1 List of the previewed pods, each annotated with
// where it comes from and why the cluster would refuse it.
func previewList(previewed []apply.Previewed) (map[string]any, error) {
	items := make([]any, 0, len(previewed))
	for _, p := range previewed {
		pod := p.Pod.DeepCopy()
		if pod.Annotations == nil {
			pod.Annotations = map[string]string{}
		}
		pod.Annotations[PreviewSourceAnnotation] = p.File + ":" + strconv.Itoa(p.Line)
		pod.Annotations[PreviewObjectAnnotation] = p.Object
		pod.Annotations[PreviewTemplateAnnotation] = p.Template
		if p.Refused != "" {
			pod.Annotations[PreviewRefusedAnnotation] = p.Refused
		}
		item, err := withoutNullTimestamp(pod)
		if err != nil {
			return nil, err
		}
		items = append(items, item)
	}
	return map[string]any{"apiVersion": "v1", "kind": "List", "items": items}, nil
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
