package apply

import (
	"fmt"
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/podctl/podctl/internal/workload"
	"github.com/podctl/podctl/internal/yamldoc"
)

// addControllerLabels gives the pod the labels its controller puts on
// every pod it makes, where the manifest fixes their value: selectors
// match them in the cluster, so they match them here. They are the
// controller's, never written into the template. obj is the object of the
// template's kind, path the template's path in it and steps the steps that
// matched; embedded says obj is embedded in another object, whose
// controller names it.
func addControllerLabels(pod *corev1.Pod, obj *yaml.Node, path workload.Path, steps yamldoc.Steps, labels []workload.LabelEntry, embedded bool) error {
	if len(labels) == 0 {
		return nil
	}
	if pod.Labels == nil {
		pod.Labels = map[string]string{}
	}
	set := func(key, v string, ifAbsent bool) {
		if _, has := pod.Labels[key]; has && ifAbsent {
			return
		}
		pod.Labels[key] = v
	}
	for i, l := range labels {
		if l.MapFrom != "" {
			entries, err := mapAt(obj, path, steps, l.MapFrom)
			if err != nil {
				return fmt.Errorf("labels of %s: %w", l.MapFrom, err)
			}
			for _, kv := range entries {
				set(kv[0], kv[1], l.IfAbsent)
			}
			continue
		}
		v, ok, err := labelValue(obj, path, steps, l, labels[:i], embedded)
		if err != nil {
			return fmt.Errorf("label %s: %w", l.Key, err)
		}
		if !ok {
			continue // the manifest does not fix it
		}
		set(l.Key, v, l.IfAbsent)
	}
	return nil
}

// labelValue is the value of a label entry, and whether the manifest
// fixes it; before are the template's entries before it (groupBy names one).
func labelValue(obj *yaml.Node, path workload.Path, steps yamldoc.Steps, l workload.LabelEntry, before []workload.LabelEntry, embedded bool) (string, bool, error) {
	v, ok, err := rawValue(obj, path, steps, l, before, embedded)
	if err != nil {
		return "", false, err
	}
	if !ok {
		if l.Default == "" || strings.HasPrefix(l.ValueFrom, "$items.") {
			return "", false, nil
		}
		v = l.Default
	}
	return finish(v, l), true, nil
}

// finish transforms and formats a value.
func finish(v string, l workload.LabelEntry) string {
	if l.Transform == "lower" {
		v = strings.ToLower(v)
	}
	if l.Format != "" {
		v = strings.Replace(l.Format, "{}", v, 1)
	}
	return v
}

func rawValue(obj *yaml.Node, path workload.Path, steps yamldoc.Steps, l workload.LabelEntry, before []workload.LabelEntry, embedded bool) (string, bool, error) {
	switch {
	case l.Value != "":
		return l.Value, true, nil
	case l.ValueFrom == "$key":
		for i := len(path) - 1; i >= 0; i-- {
			if path[i] == "*" {
				return steps[i].Key, true, nil
			}
		}
	case strings.HasPrefix(l.ValueFrom, "$item."):
		if item, _, _ := listAt(obj, path, steps); item != nil {
			return scalarAt(item, strings.Split(strings.TrimPrefix(l.ValueFrom, "$item."), "."))
		}
	case strings.HasPrefix(l.ValueFrom, "$items."):
		return sumOverItems(obj, path, steps, l, before)
	case embedded && (l.ValueFrom == "metadata.name" || l.ValueFrom == "metadata.namespace" || l.ValueFrom == "metadata.generateName"):
		// the controller that creates an embedded object names it
		return "", false, nil
	default:
		return scalarAt(obj, strings.Split(l.ValueFrom, "."))
	}
	return "", false, nil
}

// listAt finds the list item that the nearest "[]" of the template path
// matched, the list it is in, and the steps to the list.
func listAt(obj *yaml.Node, path workload.Path, steps yamldoc.Steps) (item, list *yaml.Node, at yamldoc.Steps) {
	for i := len(path) - 1; i >= 0; i-- {
		if path[i] == "[]" {
			list = nodeAt(obj, steps[:i])
			for list != nil && list.Kind == yaml.AliasNode {
				list = list.Alias
			}
			return nodeAt(obj, steps[:i+1]), list, steps[:i]
		}
	}
	return nil, nil, nil
}

// sumOverItems adds up a field over the items of the list the nearest
// "[]" matched, each item without it counting as the entry's default;
// with groupBy, over the items whose label groupBy has this item's value.
// The manifest fixes no sum where an item lacks the field and there is no
// default.
func sumOverItems(obj *yaml.Node, path workload.Path, steps yamldoc.Steps, l workload.LabelEntry, before []workload.LabelEntry) (string, bool, error) {
	item, list, at := listAt(obj, path, steps)
	if item == nil || list == nil || list.Kind != yaml.SequenceNode {
		return "", false, nil
	}
	var group *workload.LabelEntry
	var want string
	if l.GroupBy != "" {
		for i := range before {
			if before[i].Key == l.GroupBy {
				group = &before[i]
			}
		}
		if group == nil {
			return "", false, fmt.Errorf("groupBy %s names no earlier label", l.GroupBy)
		}
		v, ok, err := itemLabel(item, *group)
		if err != nil || !ok {
			return "", false, err
		}
		want = v
	}
	field := strings.Split(strings.TrimPrefix(l.ValueFrom, "$items."), ".")
	sum := 0
	for i, it := range list.Content {
		for it != nil && it.Kind == yaml.AliasNode {
			it = it.Alias
		}
		if group != nil {
			v, ok, err := itemLabel(it, *group)
			if err != nil || !ok {
				return "", false, err
			}
			if v != want {
				continue
			}
		}
		v, ok, err := scalarAt(it, field)
		if err != nil {
			return "", false, fmt.Errorf("%s: %w", append(at, yamldoc.Step{Index: i, IsIndex: true}), err)
		}
		if !ok {
			if l.Default == "" {
				return "", false, nil
			}
			v = l.Default
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			return "", false, fmt.Errorf("%s.%s: %q is not an integer", append(at, yamldoc.Step{Index: i, IsIndex: true}), strings.Join(field, "."), v)
		}
		sum += n
	}
	return strconv.Itoa(sum), true, nil
}

// itemLabel is the value of a label entry whose valueFrom is
// $item.<field>, for the list item item.
func itemLabel(item *yaml.Node, l workload.LabelEntry) (string, bool, error) {
	v, ok, err := scalarAt(item, strings.Split(strings.TrimPrefix(l.ValueFrom, "$item."), "."))
	if err != nil {
		return "", false, err
	}
	if !ok {
		if l.Default == "" {
			return "", false, nil
		}
		v = l.Default
	}
	return finish(v, l), true, nil
}

// mapAt reads the map of labels at from (a path from obj, or
// $item.<field>): its entries, as key and value.
func mapAt(obj *yaml.Node, path workload.Path, steps yamldoc.Steps, from string) ([][2]string, error) {
	n := obj
	keys := strings.Split(from, ".")
	if field, ok := strings.CutPrefix(from, "$item."); ok {
		n, _, _ = listAt(obj, path, steps)
		keys = strings.Split(field, ".")
	}
	for _, k := range keys {
		n = yamldoc.Field(n, k)
	}
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if n == nil || n.ShortTag() == "!!null" {
		return nil, nil
	}
	if n.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("not a map")
	}
	var out [][2]string
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		for v.Kind == yaml.AliasNode {
			v = v.Alias
		}
		if k.Kind != yaml.ScalarNode || v.Kind != yaml.ScalarNode {
			return nil, fmt.Errorf("%s: a label's key and value must be strings", k.Value)
		}
		if v.ShortTag() == "!!null" {
			continue
		}
		out = append(out, [2]string{k.Value, v.Value})
	}
	return out, nil
}

// nodeAt follows steps from n.
func nodeAt(n *yaml.Node, steps yamldoc.Steps) *yaml.Node {
	for _, s := range steps {
		if n == nil {
			return nil
		}
		for n.Kind == yaml.AliasNode {
			n = n.Alias
		}
		if s.IsIndex {
			if n.Kind != yaml.SequenceNode || s.Index >= len(n.Content) {
				return nil
			}
			n = n.Content[s.Index]
		} else {
			n = yamldoc.Field(n, s.Key)
		}
	}
	return n
}

func scalarAt(n *yaml.Node, keys []string) (string, bool, error) {
	for _, k := range keys {
		n = yamldoc.Field(n, k)
	}
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if n == nil || n.ShortTag() == "!!null" {
		return "", false, nil
	}
	if n.Kind != yaml.ScalarNode {
		return "", false, fmt.Errorf("%s is not a scalar", strings.Join(keys, "."))
	}
	return n.Value, true, nil
}
