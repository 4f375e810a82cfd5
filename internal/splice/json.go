package splice

import (
	"bytes"

	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/podctl/podctl/internal/yamldoc"
)

// renderJSON writes the (patched) root as JSON in the document's own
// indentation: one line if it was one line, keeping what stood before and
// after the root object.
func renderJSON(p *yamldoc.Parsed, root *yaml.Node) []byte {
	e := &editor{p: p}
	start := openBracket(p, p.Root)
	end, err := e.flowClose(p.Root)
	if err != nil {
		end = len(p.Src) - 1
	}
	unit := ""
	if nl := bytes.IndexByte(p.Src[start:end], '\n'); nl >= 0 {
		next := p.Src[start+nl+1:]
		i := 0
		for i < len(next) && (next[i] == ' ' || next[i] == '\t') {
			i++
		}
		unit = string(next[:i])
		if unit == "" {
			unit = "  "
		}
	}
	var b bytes.Buffer
	b.Write(p.Src[:start])
	writeJSONNode(&b, root, unit, "", p.EOL())
	b.Write(p.Src[end+1:])
	return b.Bytes()
}

func writeJSONNode(b *bytes.Buffer, n *yaml.Node, unit, ind, eol string) {
	n = yamldoc.Resolve(n)
	open, close := byte('{'), byte('}')
	if n.Kind == yaml.SequenceNode {
		open, close = '[', ']'
	}
	switch n.Kind {
	case yaml.MappingNode, yaml.SequenceNode:
		b.WriteByte(open)
		if len(n.Content) == 0 {
			b.WriteByte(close)
			return
		}
		inner := ind + unit
		step := 1
		if n.Kind == yaml.MappingNode {
			step = 2
		}
		for i := 0; i < len(n.Content); i += step {
			if i > 0 {
				b.WriteByte(',')
			}
			if unit != "" {
				b.WriteString(eol)
				b.WriteString(inner)
			}
			if step == 2 {
				yamldoc.WriteJSONString(b, n.Content[i].Value)
				b.WriteByte(':')
				if unit != "" {
					b.WriteByte(' ')
				}
				writeJSONNode(b, n.Content[i+1], unit, inner, eol)
			} else {
				writeJSONNode(b, n.Content[i], unit, inner, eol)
			}
		}
		if unit != "" {
			b.WriteString(eol)
			b.WriteString(ind)
		}
		b.WriteByte(close)
	default:
		if isStr(n) {
			yamldoc.WriteJSONString(b, n.Value)
		} else {
			b.WriteString(n.Value)
		}
	}
}
