package apply

import (
	"fmt"
	"sort"

	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/podctl/podctl/internal/poddefault"
	"github.com/podctl/podctl/internal/splice"
	"github.com/podctl/podctl/internal/yamldoc"
)

// plan records in root, the patch of the object at the root, the changes
// the engine made to pod, where the layout l says each field is written:
// map keys, list items and fields that were unset are added; marker
// annotations, the service account and automountServiceAccountToken are
// overwritten. extra holds annotations podctl itself sets (the exclude
// annotation). Every change must have a slot (layout.writable).
//
// New items are written as the PodDefault that brought them wrote them
// (key order, quantities as given), so that reading the result back gives
// the same typed values and a second run finds them present.
func plan(root *splice.Patch, l *layout, pod *corev1.Pod, changes []poddefault.Change, extra map[string]string, written specNodes) {
	byField := map[poddefault.Field][]poddefault.Change{}
	for _, c := range changes {
		byField[c.Field] = append(byField[c.Field], c)
	}
	at := func(f poddefault.Field) *splice.Patch {
		s := l.field(f)
		return root.At(s.at).Key(s.key)
	}
	if cs := byField[poddefault.FieldLabels]; len(cs) > 0 {
		labels := at(poddefault.FieldLabels)
		for _, c := range cs {
			labels.Set(c.Key, yamldoc.String(c.Value.(string)))
		}
	}
	if len(byField[poddefault.FieldAnnotations]) > 0 || len(extra) > 0 {
		planAnnotations(at(poddefault.FieldAnnotations), byField[poddefault.FieldAnnotations], extra)
	}
	for _, f := range []poddefault.Field{poddefault.FieldVolumes, poddefault.FieldTolerations, poddefault.FieldImagePullSecrets} {
		for _, c := range byField[f] {
			appendItem(l.field(f), root, c, written)
		}
	}
	set := func(f poddefault.Field, v *yaml.Node) {
		s := l.field(f)
		root.At(s.at).Set(s.key, v)
	}
	if cs := byField[poddefault.FieldServiceAccountName]; len(cs) > 0 {
		if v := cs[len(cs)-1].Value.(string); v != pod.Spec.ServiceAccountName {
			set(poddefault.FieldServiceAccountName, yamldoc.String(v))
		}
	}
	if cs := byField[poddefault.FieldAutomountServiceAccountToken]; len(cs) > 0 {
		if v := cs[len(cs)-1].Value.(bool); pod.Spec.AutomountServiceAccountToken == nil || *pod.Spec.AutomountServiceAccountToken != v {
			set(poddefault.FieldAutomountServiceAccountToken, yamldoc.Bool(v))
		}
	}
	for _, c := range changes {
		if c.ContainerIndex < 0 {
			continue
		}
		cs := l.container(c.ContainerIndex)
		container, s := root, slot{at: cs.at, key: string(c.Field)}
		if fs, ok := cs.fieldSlots[c.Field]; ok {
			s = fs
		}
		switch c.Field {
		case poddefault.FieldCommand, poddefault.FieldArgs:
			if v := c.Value.([]string); len(v) > 0 {
				container.At(s.at).Set(s.key, written.field(c, v))
			}
		default:
			appendItem(s, container, c, written)
		}
	}
	// sidecars follow the containers the template has
	for _, f := range []poddefault.Field{poddefault.FieldSidecars, poddefault.FieldInitContainers} {
		for _, c := range byField[f] {
			appendItem(l.field(f), root, c, written)
		}
	}
}

// planAnnotations sets, in annotations, the annotations that changed and
// those podctl adds, in key order.
func planAnnotations(annotations *splice.Patch, changes []poddefault.Change, extra map[string]string) {
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
	for _, k := range keys {
		annotations.Set(k, yamldoc.String(set[k]))
	}
}

// appendItem appends the item a change added, as its PodDefault wrote it,
// to the list of slot s below the patch from: after the slot's seed items
// when the list is new.
func appendItem(s slot, from *splice.Patch, c poddefault.Change, written specNodes) {
	list := from.At(s.at).Key(s.key)
	if len(list.Append) == 0 {
		list.Append = append(list.Append, s.seed...)
	}
	if s.shared {
		// a list several pods draw on: the item once
		for _, n := range list.Append {
			if name, ok := yamldoc.Scalar(yamldoc.Field(n, "name")); ok && name == c.Key {
				return
			}
		}
	}
	list.Append = append(list.Append, written.item(c))
}

// specNodes holds the spec of each PodDefault as written.
type specNodes map[*poddefault.PodDefault]*yaml.Node

// item returns the node of the entry a change added, as its PodDefault
// wrote it; failing that, the entry in its typed form.
func (s specNodes) item(c poddefault.Change) *yaml.Node {
	if list := yamldoc.List(yamldoc.Field(s[c.From], string(c.Field))); c.Index >= 0 && c.Index < len(list) {
		return list[c.Index]
	}
	return typedNode(c.Value)
}

// field returns a whole field (command or args) as its PodDefault wrote it.
func (s specNodes) field(c poddefault.Change, v []string) *yaml.Node {
	if n := yamldoc.Field(s[c.From], string(c.Field)); yamldoc.IsList(n) {
		return n
	}
	return typedNode(v)
}

// typedNode turns a typed value into nodes, in the field order of its type.
// Typed API values always encode, so an error here is a bug.
func typedNode(v any) *yaml.Node {
	n, err := yamldoc.Encode(v)
	if err != nil {
		panic(fmt.Sprintf("podctl: %v", err))
	}
	return n
}
