package splice

import (
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/podctl/podctl/internal/yamldoc"
)

// Patch describes additions to a node: keys to set or to descend into (for
// a mapping), items to descend into and items to append (for a sequence).
// A key or item that does not exist yet is created.
type Patch struct {
	Keys   []KeyPatch
	Items  []ItemPatch
	Append []*yaml.Node
}

// KeyPatch sets a mapping key to Set, or applies Patch to its value.
type KeyPatch struct {
	Key   string
	Set   *yaml.Node
	Patch *Patch
}

// ItemPatch applies Patch to the existing item at Index of a sequence.
type ItemPatch struct {
	Index int
	Patch *Patch
}

// Empty reports whether the patch changes nothing.
func (p *Patch) Empty() bool {
	return p == nil || len(p.Keys) == 0 && len(p.Items) == 0 && len(p.Append) == 0
}

// Key returns the patch for the value of key, adding it when missing.
func (p *Patch) Key(key string) *Patch {
	for i := range p.Keys {
		if p.Keys[i].Key == key && p.Keys[i].Patch != nil {
			return p.Keys[i].Patch
		}
	}
	sub := &Patch{}
	p.Keys = append(p.Keys, KeyPatch{Key: key, Patch: sub})
	return sub
}

// Item returns the patch for the existing item at index, adding it when
// missing.
func (p *Patch) Item(index int) *Patch {
	for i := range p.Items {
		if p.Items[i].Index == index {
			return p.Items[i].Patch
		}
	}
	sub := &Patch{}
	p.Items = append(p.Items, ItemPatch{Index: index, Patch: sub})
	return sub
}

// Set sets key to value.
func (p *Patch) Set(key string, value *yaml.Node) {
	p.Keys = append(p.Keys, KeyPatch{Key: key, Set: value})
}

// prune drops the parts of the patch that change nothing.
func (p *Patch) prune() {
	keys := p.Keys[:0]
	for _, k := range p.Keys {
		if k.Patch != nil {
			k.Patch.prune()
			if k.Patch.Empty() {
				continue
			}
		}
		keys = append(keys, k)
	}
	p.Keys = keys
	items := p.Items[:0]
	for _, it := range p.Items {
		it.Patch.prune()
		if !it.Patch.Empty() {
			items = append(items, it)
		}
	}
	p.Items = items
}

// applyInMemory applies the patch to a node tree and returns the result.
// n may be nil or null (the value is created) or an alias (its target is
// copied, so the anchor and its other users keep their value).
func applyInMemory(n *yaml.Node, p *Patch, budget *int) (*yaml.Node, error) {
	if n != nil && n.Kind == yaml.AliasNode {
		c, err := yamldoc.ExpandWithin(n, budget)
		if err != nil {
			return nil, err
		}
		n = c
	}
	if n == nil || yamldoc.IsNull(n) {
		if len(p.Keys) > 0 {
			n = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		} else {
			n = &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
		}
	}
	switch n.Kind {
	case yaml.MappingNode:
		for _, kp := range p.Keys {
			i := localKey(n, kp.Key)
			if i >= 0 && kp.Set != nil {
				n.Content[i+1] = kp.Set
				continue
			}
			if i >= 0 {
				v, err := applyInMemory(n.Content[i+1], kp.Patch, budget)
				if err != nil {
					return nil, err
				}
				n.Content[i+1] = v
				continue
			}
			v := kp.Set
			if v == nil {
				base, err := inherited(n, kp.Key, budget)
				if err != nil {
					return nil, err
				}
				if v, err = applyInMemory(base, kp.Patch, budget); err != nil {
					return nil, err
				}
			}
			n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: kp.Key}, v)
		}
	case yaml.SequenceNode:
		for _, ip := range p.Items {
			if ip.Index >= len(n.Content) {
				return nil, errNotFound(n, "item "+itoa(ip.Index))
			}
			v, err := applyInMemory(n.Content[ip.Index], ip.Patch, budget)
			if err != nil {
				return nil, err
			}
			n.Content[ip.Index] = v
		}
		n.Content = append(n.Content, p.Append...)
	default:
		return nil, errNotFound(n, "a mapping or a list")
	}
	return n, nil
}

// inherited returns a copy of the value a merge key gives key, or nil.
func inherited(m *yaml.Node, key string, budget *int) (*yaml.Node, error) {
	v := yamldoc.Field(m, key)
	if v == nil {
		return nil, nil
	}
	return yamldoc.ExpandWithin(v, budget)
}

// localKey returns the index of key among the mapping's own keys, or -1.
func localKey(m *yaml.Node, key string) int {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key && !yamldoc.IsMerge(m.Content[i]) {
			return i
		}
	}
	return -1
}

// At returns the patch for the node at steps below the patch's node,
// creating the patches on the way.
func (p *Patch) At(steps yamldoc.Steps) *Patch {
	for _, s := range steps {
		if s.IsIndex {
			p = p.Item(s.Index)
		} else {
			p = p.Key(s.Key)
		}
	}
	return p
}
