package yamldoc

import "sigs.k8s.io/kustomize/kyaml/yaml"

// IsNull reports whether a node is a null scalar.
func IsNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

// ExpandWithin is Expand, spending budget on each node it creates. Its
// error speaks of changing the node: it is the budget of an edit that
// expands an alias (package splice) and of the copies apply makes to write
// elsewhere.
func ExpandWithin(n *yaml.Node, budget *int) (*yaml.Node, error) {
	n = Resolve(n)
	if *budget--; *budget < 0 {
		return nil, &PosError{Line: n.Line, Msg: "cannot change this node: expected fewer nodes: too many after expanding aliases"}
	}
	c := *n
	c.Anchor = ""
	c.Content = nil
	if n.Kind == yaml.MappingNode {
		d := decoder{budget: *budget}
		pairs, err := d.pairs(n, "")
		if err != nil {
			return nil, err
		}
		for _, kv := range pairs {
			k := *kv[0]
			v, err := ExpandWithin(kv[1], budget)
			if err != nil {
				return nil, err
			}
			c.Content = append(c.Content, &k, v)
		}
		return &c, nil
	}
	for _, item := range n.Content {
		v, err := ExpandWithin(item, budget)
		if err != nil {
			return nil, err
		}
		c.Content = append(c.Content, v)
	}
	return &c, nil
}

// Expand returns a copy of n with every alias expanded and merge keys
// resolved, ready to be written elsewhere.
func Expand(n *yaml.Node) (*yaml.Node, error) {
	budget := 1_000_000
	return ExpandWithin(n, &budget)
}
