package apply

import (
	"reflect"

	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/podctl/podctl/internal/manifest"
	"github.com/podctl/podctl/internal/poddefault"
)

// writtenItems maps each PodDefault to its spec as written.
type writtenItems map[*poddefault.PodDefault]*yaml.Node

// from gives the item source for one template: its applied PodDefaults,
// in order.
func (w writtenItems) from(applied []*poddefault.PodDefault) itemSource {
	return itemSource{applied: applied, specs: w}
}

// itemSource finds, for a value the engine added, the text of the
// PodDefault that brought it.
type itemSource struct {
	applied []*poddefault.PodDefault
	specs   writtenItems
}

// item returns the node of the first applied PodDefault's entry in field
// that equals v; failing that, v in its typed form.
func (s itemSource) item(field string, v any) *yaml.Node {
	for _, pd := range s.applied {
		list := specList(pd, field)
		for i := 0; i < list.Len(); i++ {
			if reflect.DeepEqual(list.Index(i).Interface(), v) {
				if n := s.entry(pd, field, i); n != nil {
					return n
				}
			}
		}
	}
	return typedNode(v)
}

// node returns the node of the first applied PodDefault's field (command or
// args) that equals v.
func (s itemSource) node(field string, v []string) *yaml.Node {
	for _, pd := range s.applied {
		if got := specList(pd, field); got.IsValid() && reflect.DeepEqual(got.Interface(), v) {
			if n := manifest.Field(s.specs[pd], field); n != nil && n.Kind == yaml.SequenceNode {
				return n
			}
		}
	}
	return typedNode(v)
}

func (s itemSource) entry(pd *poddefault.PodDefault, field string, i int) *yaml.Node {
	list := manifest.Field(s.specs[pd], field)
	if list == nil || list.Kind != yaml.SequenceNode || i >= len(list.Content) {
		return nil
	}
	return list.Content[i]
}

// specList returns the list a PodDefault's spec holds under a JSON name.
func specList(pd *poddefault.PodDefault, field string) reflect.Value {
	sp := &pd.Spec
	switch field {
	case "env":
		return reflect.ValueOf(sp.Env)
	case "envFrom":
		return reflect.ValueOf(sp.EnvFrom)
	case "volumes":
		return reflect.ValueOf(sp.Volumes)
	case "volumeMounts":
		return reflect.ValueOf(sp.VolumeMounts)
	case "tolerations":
		return reflect.ValueOf(sp.Tolerations)
	case "imagePullSecrets":
		return reflect.ValueOf(sp.ImagePullSecrets)
	case "initContainers":
		return reflect.ValueOf(sp.InitContainers)
	case "sidecars":
		return reflect.ValueOf(sp.Sidecars)
	case "command":
		return reflect.ValueOf(sp.Command)
	case "args":
		return reflect.ValueOf(sp.Args)
	}
	return reflect.ValueOf([]int(nil))
}
