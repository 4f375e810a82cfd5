package yamldoc

import (
	"iter"

	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// Reading nodes: every accessor follows aliases to the node they name, so
// that a caller never walks a node's Content by hand.

// IsMapping reports whether n is (an alias of) a mapping.
func IsMapping(n *yaml.Node) bool { n = Resolve(n); return n != nil && n.Kind == yaml.MappingNode }

// IsList reports whether n is (an alias of) a list.
func IsList(n *yaml.Node) bool { n = Resolve(n); return n != nil && n.Kind == yaml.SequenceNode }

// Scalar returns the value of (an alias of) a scalar; ok is false for
// anything else.
func Scalar(n *yaml.Node) (value string, ok bool) {
	n = Resolve(n)
	if n == nil || n.Kind != yaml.ScalarNode {
		return "", false
	}
	return n.Value, true
}

// StringField returns the value of a key of a mapping where it is a
// scalar, else "".
func StringField(m *yaml.Node, key string) string {
	v, _ := Scalar(Field(m, key))
	return v
}

// List returns the items of (an alias of) a list, or nil.
func List(n *yaml.Node) []*yaml.Node {
	if n = Resolve(n); n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	return n.Content
}

// Entries yields the keys and values of (an alias of) a mapping's own
// entries, in order, a merge key as written (see Merged).
func Entries(m *yaml.Node) iter.Seq2[*yaml.Node, *yaml.Node] {
	return func(yield func(k, v *yaml.Node) bool) {
		if m = Resolve(m); m == nil || m.Kind != yaml.MappingNode {
			return
		}
		for i := 0; i+1 < len(m.Content); i += 2 {
			if !yield(m.Content[i], m.Content[i+1]) {
				return
			}
		}
	}
}

// Keys returns the keys of a mapping's own entries, in order.
func Keys(m *yaml.Node) []string {
	var keys []string
	for k := range Entries(m) {
		keys = append(keys, k.Value)
	}
	return keys
}

// At follows steps from n: keys through Field, indexes into lists; nil
// where a step finds nothing.
func At(n *yaml.Node, steps Steps) *yaml.Node {
	for _, s := range steps {
		if s.IsIndex {
			items := List(n)
			if s.Index < 0 || s.Index >= len(items) {
				return nil
			}
			n = items[s.Index]
		} else {
			n = Field(n, s.Key)
		}
		if n == nil {
			return nil
		}
	}
	return n
}
