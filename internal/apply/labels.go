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
			return yamldoc.At(obj, steps[:i+1]), yamldoc.Resolve(yamldoc.At(obj, steps[:i])), steps[:i]
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
	if item == nil || !yamldoc.IsList(list) {
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
	for i, it := range yamldoc.List(list) {
		it = yamldoc.Resolve(it)
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
	if n = yamldoc.Resolve(n); n == nil || yamldoc.IsNull(n) {
		return nil, nil
	}
	if !yamldoc.IsMapping(n) {
		return nil, fmt.Errorf("not a map")
	}
	var out [][2]string
	for k, v := range yamldoc.Entries(n) {
		value, ok := yamldoc.Scalar(v)
		if k.Kind != yaml.ScalarNode || !ok {
			return nil, fmt.Errorf("%s: a label's key and value must be strings", k.Value)
		}
		if yamldoc.IsNull(yamldoc.Resolve(v)) {
			continue
		}
		out = append(out, [2]string{k.Value, value})
	}
	return out, nil
}

func scalarAt(n *yaml.Node, keys []string) (string, bool, error) {
	for _, k := range keys {
		n = yamldoc.Field(n, k)
	}
	if n = yamldoc.Resolve(n); n == nil || yamldoc.IsNull(n) {
		return "", false, nil
	}
	v, ok := yamldoc.Scalar(n)
	if !ok {
		return "", false, fmt.Errorf("%s is not a scalar", strings.Join(keys, "."))
	}
	return v, true, nil
}
