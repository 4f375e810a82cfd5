package apply

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"

	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/podctl/podctl/internal/manifest"
)

// plan records in pt, the patch of a pod template (or a Pod), what the
// engine changed between before and after. The engine only adds: map
// keys, list items, fields that were unset; and it overwrites marker
// annotations, the service account and automountServiceAccountToken.
func plan(pt *manifest.Patch, before, after *corev1.Pod) error {
	md := pt.Key("metadata")
	planMap(md.Key("labels"), before.Labels, after.Labels)
	planMap(md.Key("annotations"), before.Annotations, after.Annotations)

	spec := pt.Key("spec")
	b, a := &before.Spec, &after.Spec
	steps := []error{
		planList(spec, "volumes", b.Volumes, a.Volumes),
		planList(spec, "tolerations", b.Tolerations, a.Tolerations),
		planList(spec, "imagePullSecrets", b.ImagePullSecrets, a.ImagePullSecrets),
	}
	if a.ServiceAccountName != b.ServiceAccountName {
		spec.Set("serviceAccountName", strNode(a.ServiceAccountName))
	}
	if !reflect.DeepEqual(a.AutomountServiceAccountToken, b.AutomountServiceAccountToken) && a.AutomountServiceAccountToken != nil {
		spec.Set("automountServiceAccountToken", boolNode(*a.AutomountServiceAccountToken))
	}
	if len(a.Containers) < len(b.Containers) {
		return fmt.Errorf("internal error: containers were removed")
	}
	containers := spec.Key("containers")
	for i := range b.Containers {
		bc, ac := &b.Containers[i], &a.Containers[i]
		c := containers.Item(i)
		steps = append(steps,
			planList(c, "env", bc.Env, ac.Env),
			planList(c, "volumeMounts", bc.VolumeMounts, ac.VolumeMounts),
			planList(c, "envFrom", bc.EnvFrom, ac.EnvFrom))
		if bc.Command == nil && len(ac.Command) > 0 {
			c.Set("command", mustNode(ac.Command))
		}
		if bc.Args == nil && len(ac.Args) > 0 {
			c.Set("args", mustNode(ac.Args))
		}
	}
	containers.Append = containerNodes(a.Containers[len(b.Containers):])
	if len(a.InitContainers) > len(b.InitContainers) {
		steps = append(steps, prefixCheck("initContainers", b.InitContainers, a.InitContainers))
		spec.Key("initContainers").Append = containerNodes(a.InitContainers[len(b.InitContainers):])
	}
	for _, err := range steps {
		if err != nil {
			return err
		}
	}
	return nil
}

// planMap adds the keys after has and before has not, and sets the keys
// whose value changed (marker annotations are rewritten).
func planMap(pt *manifest.Patch, before, after map[string]string) {
	keys := make([]string, 0, len(after))
	for k, v := range after {
		if old, ok := before[k]; !ok || old != v {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		pt.Set(k, strNode(after[k]))
	}
}

// planList appends the items after has beyond before.
func planList[T any](pt *manifest.Patch, key string, before, after []T) error {
	if len(after) == len(before) {
		return nil
	}
	if err := prefixCheck(key, before, after); err != nil {
		return err
	}
	items := make([]*yaml.Node, 0, len(after)-len(before))
	for _, v := range after[len(before):] {
		items = append(items, mustNode(v))
	}
	pt.Key(key).Append = items
	return nil
}

func prefixCheck[T any](key string, before, after []T) error {
	if len(after) < len(before) {
		return fmt.Errorf("internal error: %s lost items", key)
	}
	for i := range before {
		if !reflect.DeepEqual(before[i], after[i]) {
			return fmt.Errorf("internal error: %s changed other than by appending", key)
		}
	}
	return nil
}

// containerNodes renders new containers without the empty resources the
// typed form always carries.
func containerNodes(cs []corev1.Container) []*yaml.Node {
	var out []*yaml.Node
	for i := range cs {
		n := mustNode(cs[i])
		for j := 0; j+1 < len(n.Content); j += 2 {
			if v := n.Content[j+1]; n.Content[j].Value == "resources" && v.Kind == yaml.MappingNode && len(v.Content) == 0 {
				n.Content = append(n.Content[:j], n.Content[j+2:]...)
				break
			}
		}
		out = append(out, n)
	}
	return out
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

// mustNode turns a typed value into nodes, in the field order of its type.
// Typed API values always marshal, so an error here is a bug.
func mustNode(v any) *yaml.Node {
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
