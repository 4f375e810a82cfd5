package yamldoc

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"

	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// Nodes to write into a document: a patch of package splice sets them,
// and splice renders them in the document's own style.

// String is a string scalar.
func String(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }

// Bool is a boolean scalar.
func Bool(b bool) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(b)}
}

// Int is an integer scalar.
func Int(i int) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.Itoa(i)}
}

// Mapping is a mapping of the given keys and values, in order (a copy of
// the slice: the caller's may grow on).
func Mapping(keysAndValues ...*yaml.Node) *yaml.Node {
	return &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Content: slices.Clone(keysAndValues)}
}

// Sequence is a list of the given items (a copy of the slice).
func Sequence(items ...*yaml.Node) *yaml.Node {
	return &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Content: slices.Clone(items)}
}

// Encode turns a typed value into nodes, through its JSON form: in the
// field order of its type, every scalar plain, so that it is rendered in
// the document's own style.
func Encode(v any) (*yaml.Node, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("cannot marshal %T: %w", v, err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("cannot read back %T: %w", v, err)
	}
	n := doc.Content[0]
	plainStyle(n)
	return n, nil
}

func plainStyle(n *yaml.Node) {
	n.Style = 0
	for _, c := range n.Content {
		plainStyle(c)
	}
}
