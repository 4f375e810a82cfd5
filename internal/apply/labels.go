package apply

import (
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/podctl/podctl/internal/manifest"
	"github.com/podctl/podctl/internal/workload"
)

// addControllerLabels gives the pod the labels its controller puts on
// every pod it makes, where the manifest fixes their value: selectors
// match them in the cluster, so they match them here. They are the
// controller's, never written into the template.
func addControllerLabels(pod *corev1.Pod, obj *yaml.Node, path workload.Path, steps manifest.Steps, labels []workload.LabelEntry) error {
	if len(labels) == 0 {
		return nil
	}
	if pod.Labels == nil {
		pod.Labels = map[string]string{}
	}
	for _, l := range labels {
		v, ok, err := labelValue(obj, path, steps, l)
		if err != nil {
			return fmt.Errorf("label %s: %w", l.Key, err)
		}
		if !ok {
			continue // the manifest does not fix it
		}
		if l.Transform == "lower" {
			v = strings.ToLower(v)
		}
		if _, has := pod.Labels[l.Key]; has && l.IfAbsent {
			continue
		}
		pod.Labels[l.Key] = v
	}
	return nil
}

func labelValue(obj *yaml.Node, path workload.Path, steps manifest.Steps, l workload.LabelEntry) (string, bool, error) {
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
		for i := len(path) - 1; i >= 0; i-- {
			if path[i] == "[]" {
				item := nodeAt(obj, steps[:i+1])
				return scalarAt(item, strings.Split(strings.TrimPrefix(l.ValueFrom, "$item."), "."))
			}
		}
	default:
		return scalarAt(obj, strings.Split(l.ValueFrom, "."))
	}
	return "", false, nil
}

// nodeAt follows steps from n.
func nodeAt(n *yaml.Node, steps manifest.Steps) *yaml.Node {
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
			n = manifest.Field(n, s.Key)
		}
	}
	return n
}

func scalarAt(n *yaml.Node, keys []string) (string, bool, error) {
	for _, k := range keys {
		n = manifest.Field(n, k)
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

// templateShapes finds what looks like a pod template in an object of a
// kind podctl does not know: a "template" whose spec has containers.
func templateShapes(obj *yaml.Node) []string {
	var found []string
	seen := map[string]bool{}
	var walk func(n *yaml.Node, path string, depth int)
	walk = func(n *yaml.Node, path string, depth int) {
		if n == nil || depth > 12 {
			return
		}
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				key, v := n.Content[i].Value, n.Content[i+1]
				p := key
				if path != "" {
					p = path + "." + key
				}
				if key == "template" {
					if c := manifest.Field(manifest.Field(v, "spec"), "containers"); c != nil && c.Kind == yaml.SequenceNode {
						if !seen[p] {
							seen[p] = true
							found = append(found, p)
						}
						continue
					}
				}
				walk(v, p, depth+1)
			}
		case yaml.SequenceNode:
			for _, item := range n.Content {
				walk(item, path+"[]", depth+1)
			}
		}
	}
	walk(obj, "", 0)
	return found
}
