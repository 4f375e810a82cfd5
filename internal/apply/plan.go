package apply

import (
	"encoding/json"
	"fmt"
	"sort"

	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/podctl/podctl/internal/manifest"
	"github.com/podctl/podctl/internal/poddefault"
)

// plan records in md and spec, the patches of a pod template's (or a
// Pod's) metadata and spec, the changes the engine made to pod: map keys,
// list items and fields that were unset are added; marker annotations, the
// service account and automountServiceAccountToken are overwritten.
// extra holds annotations podctl itself sets (the exclude annotation).
//
// New items are written as the PodDefault that brought them wrote them
// (key order, quantities as given), so that reading the result back gives
// the same typed values and a second run finds them present.
func plan(md, spec *manifest.Patch, pod *corev1.Pod, changes []poddefault.Change, extra map[string]string, written specNodes) {
	byField := map[poddefault.Field][]poddefault.Change{}
	for _, c := range changes {
		byField[c.Field] = append(byField[c.Field], c)
	}
	for _, c := range byField[poddefault.FieldLabels] {
		md.Key("labels").Set(c.Key, strNode(c.Value.(string)))
	}
	planAnnotations(md, byField[poddefault.FieldAnnotations], extra)

	for _, f := range []poddefault.Field{poddefault.FieldVolumes, poddefault.FieldTolerations, poddefault.FieldImagePullSecrets} {
		for _, c := range byField[f] {
			appendItem(spec.Key(string(f)), c, written)
		}
	}
	if cs := byField[poddefault.FieldServiceAccountName]; len(cs) > 0 {
		if v := cs[len(cs)-1].Value.(string); v != pod.Spec.ServiceAccountName {
			spec.Set("serviceAccountName", strNode(v))
		}
	}
	if cs := byField[poddefault.FieldAutomountServiceAccountToken]; len(cs) > 0 {
		if v := cs[len(cs)-1].Value.(bool); pod.Spec.AutomountServiceAccountToken == nil || *pod.Spec.AutomountServiceAccountToken != v {
			spec.Set("automountServiceAccountToken", boolNode(v))
		}
	}
	for _, c := range changes {
		if c.ContainerIndex < 0 {
			continue
		}
		container := spec.Key("containers").Item(c.ContainerIndex)
		switch c.Field {
		case poddefault.FieldCommand, poddefault.FieldArgs:
			if v := c.Value.([]string); len(v) > 0 {
				container.Set(string(c.Field), written.field(c, v))
			}
		default:
			appendItem(container.Key(string(c.Field)), c, written)
		}
	}
	// sidecars follow the containers the template has
	for _, c := range byField[poddefault.FieldSidecars] {
		appendItem(spec.Key("containers"), c, written)
	}
	for _, c := range byField[poddefault.FieldInitContainers] {
		appendItem(spec.Key("initContainers"), c, written)
	}
}

// planAnnotations sets the annotations that changed and those podctl
// adds, in key order.
func planAnnotations(md *manifest.Patch, changes []poddefault.Change, extra map[string]string) {
	if len(changes) == 0 && len(extra) == 0 {
		return
	}
	set := make(map[string]string, len(changes)+len(extra))
	for _, c := range changes {
		set[c.Key] = c.Value.(string)
	}
	for k, v := range extra {
		set[k] = v
	}
	keys := make([]string, 0, len(set))
	for k := range set {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	annotations := md.Key("annotations")
	for _, k := range keys {
		annotations.Set(k, strNode(set[k]))
	}
}

// appendItem appends the item a change added, as its PodDefault wrote it.
func appendItem(list *manifest.Patch, c poddefault.Change, written specNodes) {
	list.Append = append(list.Append, written.item(c))
}

// specNodes holds the spec of each PodDefault as written.
type specNodes map[*poddefault.PodDefault]*yaml.Node

// item returns the node of the entry a change added, as its PodDefault
// wrote it; failing that, the entry in its typed form.
func (s specNodes) item(c poddefault.Change) *yaml.Node {
	list := manifest.Field(s[c.From], string(c.Field))
	if list != nil && list.Kind == yaml.SequenceNode && c.Index >= 0 && c.Index < len(list.Content) {
		return list.Content[c.Index]
	}
	return typedNode(c.Value)
}

// field returns a whole field (command or args) as its PodDefault wrote it.
func (s specNodes) field(c poddefault.Change, v []string) *yaml.Node {
	if n := manifest.Field(s[c.From], string(c.Field)); n != nil && n.Kind == yaml.SequenceNode {
		return n
	}
	return typedNode(v)
}

func strNode(s string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
}

func boolNode(b bool) *yaml.Node {
	v := "false"
	if b {
		v = "true"
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: v}
}

// typedNode turns a typed value into nodes, in the field order of its type.
// Typed API values always marshal, so an error here is a bug.
func typedNode(v any) *yaml.Node {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("podctl: cannot marshal %T: %v", v, err))
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		panic(fmt.Sprintf("podctl: cannot read back %T: %v", v, err))
	}
	n := doc.Content[0]
	plainStyle(n)
	return n
}

func plainStyle(n *yaml.Node) {
	n.Style = 0
	for _, c := range n.Content {
		plainStyle(c)
	}
}
