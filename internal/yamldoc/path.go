package yamldoc

import (
	"strconv"
	"strings"

	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// Step is one step of a path in a document: a mapping key, or an index
// into a list.
type Step struct {
	Key     string
	Index   int
	IsIndex bool
}

// Steps is a path in a document.
type Steps []Step

func (s Steps) String() string {
	var b strings.Builder
	for i, st := range s {
		switch {
		case st.IsIndex:
			b.WriteString("[" + strconv.Itoa(st.Index) + "]")
		default:
			if i > 0 {
				b.WriteByte('.')
			}
			b.WriteString(st.Key)
		}
	}
	return b.String()
}

// Found is a node found at a path.
type Found struct {
	Node  *yaml.Node
	Steps Steps
}

// Match finds the nodes at a path pattern below n: each element is a
// mapping key, "[]" for every item of a list, or "*" for every value of a
// mapping. Aliases and merge keys are followed.
func Match(n *yaml.Node, pattern []string) []Found {
	return match(n, pattern, nil)
}

func match(n *yaml.Node, pattern []string, at Steps) []Found {
	if n == nil || IsNull(Resolve(n)) {
		return nil
	}
	if len(pattern) == 0 {
		return []Found{{Node: n, Steps: append(Steps(nil), at...)}}
	}
	r := Resolve(n)
	var out []Found
	switch pattern[0] {
	case "[]":
		if r.Kind != yaml.SequenceNode {
			return nil
		}
		for i, item := range r.Content {
			out = append(out, match(item, pattern[1:], append(at, Step{Index: i, IsIndex: true}))...)
		}
	case "*":
		if r.Kind != yaml.MappingNode {
			return nil
		}
		d := decoder{budget: 1 << 20}
		pairs, err := d.pairs(r, "")
		if err != nil {
			return nil
		}
		for _, kv := range pairs {
			out = append(out, match(kv[1], pattern[1:], append(at, Step{Key: kv[0].Value}))...)
		}
	default:
		out = match(Field(r, pattern[0]), pattern[1:], append(at, Step{Key: pattern[0]}))
	}
	return out
}
