package manifest

import (
	"bytes"
	"encoding/json"

	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// IsJSON reports whether the document is a JSON object: such a document
// stays JSON when it changes.
func (p *Parsed) IsJSON() bool {
	if p.Root == nil || p.Root.Kind != yaml.MappingNode || p.Root.Style&yaml.FlowStyle == 0 {
		return false
	}
	body := bytes.TrimLeft(bytes.TrimPrefix(p.Src, []byte("\xef\xbb\xbf")), " \t\r\n")
	// a YAML flow mapping that is not JSON ({a: b}, comments) is edited as YAML
	return len(body) > 0 && body[0] == '{' && json.Valid(body)
}

// jsonSlashes turns the JSON escape "\/" (which YAML lacks) into "/" in a
// JSON document, so that the YAML parser reads what a JSON parser reads.
func jsonSlashes(src []byte) []byte {
	body := bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	if !bytes.Contains(body, []byte(`\/`)) || !json.Valid(body) {
		return src
	}
	out := make([]byte, 0, len(src))
	for i := 0; i < len(src); i++ {
		if src[i] == '\\' && i+1 < len(src) {
			if src[i+1] == '/' {
				out = append(out, '/')
			} else {
				out = append(out, src[i], src[i+1])
			}
			i++
			continue
		}
		out = append(out, src[i])
	}
	return out
}

// renderJSON writes the (patched) root as JSON in the document's own
// indentation: one line if it was one line, keeping what stood before and
// after the root object.
func (p *Parsed) renderJSON(root *yaml.Node) []byte {
	e := &editor{p: p}
	start := p.openBracket(p.Root)
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
	writeJSONNode(&b, root, unit, "", p.eol)
	b.Write(p.Src[end+1:])
	return b.Bytes()
}

func writeJSONNode(b *bytes.Buffer, n *yaml.Node, unit, ind, eol string) {
	n = resolve(n)
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
				writeJSONString(b, n.Content[i].Value)
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
			writeJSONString(b, n.Value)
		} else {
			b.WriteString(n.Value)
		}
	}
}
