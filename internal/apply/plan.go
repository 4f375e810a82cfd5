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

// plan records in md and spec, the patches of a pod template's (or a
// Pod's) metadata and spec, what the engine changed between before and
// after. The engine only adds: map
// keys, list items, fields that were unset; and it overwrites marker
// annotations, the service account and automountServiceAccountToken.
//
// New items are written as the PodDefault that brought them wrote them
// (key order, quantities as given), so that reading the result back gives
// the same typed values and a second run finds them present.
func plan(md, spec *manifest.Patch, before, after *corev1.Pod, src itemSource) error {
	planMap(md.Key("labels"), before.Labels, after.Labels)
	planMap(md.Key("annotations"), before.Annotations, after.Annotations)

	b, a := &before.Spec, &after.Spec
	steps := []error{
		planList(spec, "volumes", b.Volumes, a.Volumes, src),
		planList(spec, "tolerations", b.Tolerations, a.Tolerations, src),
		planList(spec, "imagePullSecrets", b.ImagePullSecrets, a.ImagePullSecrets, src),
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
			planList(c, "env", bc.Env, ac.Env, src),
			planList(c, "volumeMounts", bc.VolumeMounts, ac.VolumeMounts, src),
			planList(c, "envFrom", bc.EnvFrom, ac.EnvFrom, src))
		if bc.Command == nil && len(ac.Command) > 0 {
			c.Set("command", src.node("command", ac.Command))
		}
		if bc.Args == nil && len(ac.Args) > 0 {
			c.Set("args", src.node("args", ac.Args))
		}
	}
	// existing containers were patched above; sidecars follow them
	appendItems(containers, a.Containers[len(b.Containers):], "sidecars", src)
	steps = append(steps, planList(spec, "initContainers", b.InitContainers, a.InitContainers, src))
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
func planList[T any](pt *manifest.Patch, key string, before, after []T, src itemSource) error {
	if len(after) == len(before) {
		return nil
	}
	if err := prefixCheck(key, before, after); err != nil {
		return err
	}
	appendItems(pt.Key(key), after[len(before):], key, src)
	return nil
}

// appendItems appends new items to a list, as written in the PodDefault
// field that brought them.
func appendItems[T any](pt *manifest.Patch, items []T, field string, src itemSource) {
	for _, v := range items {
		pt.Append = append(pt.Append, src.item(field, v))
	}
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
