package splice

import (
	"bytes"
	"strconv"
	"strings"

	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/podctl/podctl/internal/yamldoc"
)

// layout is how a document indents: new text follows it.
type layout struct {
	indent    int    // spaces per nesting level of mappings
	compact   bool   // a list under a key starts at the key's column
	seqIndent int    // else how far right of the key its dashes stand
	eol       string // "\n" or "\r\n"
}

// detectLayout reads the indentation of the first nested block mapping
// and the placement of the first block list under a key.
func detectLayout(root *yaml.Node, eol string) layout {
	l := layout{indent: 2, compact: true, seqIndent: 2, eol: eol}
	foundIndent, foundSeq := false, false
	var walk func(n *yaml.Node, depth int)
	walk = func(n *yaml.Node, depth int) {
		if n == nil || depth > 64 || foundIndent && foundSeq || n.Style&yaml.FlowStyle != 0 {
			return
		}
		if n.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i], n.Content[i+1]
				if v.Style&yaml.FlowStyle != 0 || v.Line == k.Line {
					walk(v, depth+1)
					continue
				}
				switch v.Kind {
				case yaml.MappingNode:
					if !foundIndent && v.Column > k.Column {
						l.indent, foundIndent = v.Column-k.Column, true
					}
				case yaml.SequenceNode:
					if !foundSeq {
						l.compact, foundSeq = v.Column == k.Column, true
						if !l.compact && v.Column > k.Column {
							l.seqIndent = v.Column - k.Column
						}
					}
				}
				walk(v, depth+1)
			}
			return
		}
		for _, c := range n.Content {
			walk(c, depth+1)
		}
	}
	walk(root, 0)
	return l
}

// refineLayout takes the layout of a block mapping's own entries, where
// they show it: a list under a key, a mapping under a key.
func refineLayout(m *yaml.Node, l layout) layout {
	if m.Style&yaml.FlowStyle != 0 {
		return l
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if v.Line == k.Line || v.Style&yaml.FlowStyle != 0 || len(v.Content) == 0 {
			continue
		}
		switch v.Kind {
		case yaml.SequenceNode:
			dash := v.Column // the first dash, unless an anchor or a tag stands there
			if v.Anchor != "" || v.Tag != "!!seq" {
				dash = v.Content[0].Column - 2
			}
			l.compact = dash == k.Column
			if dash > k.Column {
				l.seqIndent = dash - k.Column
			}
		case yaml.MappingNode:
			if d := v.Content[0].Column - k.Column; d > 0 {
				l.indent = d
			}
		}
	}
	return l
}

// renderer writes new nodes as text in a document's layout.
type renderer struct {
	layout
	b strings.Builder
	// noLiteral writes multi-line strings quoted: text that ends a
	// document without a final line break cannot end in a literal block,
	// whose value would lose its last line break.
	noLiteral bool
}

func (r *renderer) pad(col int) { r.b.WriteString(strings.Repeat(" ", col)) }

// entry writes "key: value" at col, ending with a line break.
func (r *renderer) entry(key string, v *yaml.Node, col int) {
	r.pad(col)
	r.b.WriteString(quoteString(key, false))
	r.b.WriteByte(':')
	r.value(v, col)
}

// value writes what follows "key:" or "-" (the space included) for a
// value whose key or dash stands at col.
func (r *renderer) value(v *yaml.Node, col int) {
	v = yamldoc.Resolve(v)
	switch {
	case v.Kind == yaml.MappingNode && len(v.Content) > 0:
		r.b.WriteString(r.eol)
		for i := 0; i+1 < len(v.Content); i += 2 {
			r.entry(v.Content[i].Value, v.Content[i+1], col+r.indent)
		}
	case v.Kind == yaml.SequenceNode && len(v.Content) > 0:
		r.b.WriteString(r.eol)
		seqCol := col
		if !r.compact {
			seqCol += r.seqIndent
		}
		r.items(v.Content, seqCol)
	default:
		r.b.WriteByte(' ')
		r.scalarOrBlock(v, col+r.indent)
	}
}

// items writes list items at col.
func (r *renderer) items(items []*yaml.Node, col int) {
	for _, it := range items {
		r.pad(col)
		r.b.WriteByte('-')
		r.itemBody(it, col+2)
	}
}

// itemBody writes what follows "-": the item's first line goes on the
// dash's line, the rest at col.
func (r *renderer) itemBody(v *yaml.Node, col int) {
	v = yamldoc.Resolve(v)
	switch {
	case v.Kind == yaml.MappingNode && len(v.Content) > 0:
		sub := renderer{layout: r.layout, noLiteral: r.noLiteral}
		for i := 0; i+1 < len(v.Content); i += 2 {
			sub.entry(v.Content[i].Value, v.Content[i+1], col)
		}
		r.b.WriteByte(' ')
		r.b.WriteString(sub.b.String()[col:])
	case v.Kind == yaml.SequenceNode && len(v.Content) > 0:
		sub := renderer{layout: r.layout, noLiteral: r.noLiteral}
		sub.items(v.Content, col)
		r.b.WriteByte(' ')
		r.b.WriteString(sub.b.String()[col:])
	default:
		r.b.WriteByte(' ')
		r.scalarOrBlock(v, col)
	}
}

// scalarOrBlock writes a scalar or an empty collection and the line break;
// a multi-line string becomes a literal block indented at col.
func (r *renderer) scalarOrBlock(v *yaml.Node, col int) {
	if v.Kind == yaml.ScalarNode && isStr(v) && !r.noLiteral && literalOK(v.Value) {
		header := "|"
		body := v.Value
		if !strings.HasSuffix(body, "\n") {
			header = "|-"
		} else {
			body = strings.TrimSuffix(body, "\n")
		}
		r.b.WriteString(header)
		r.b.WriteString(r.eol)
		for _, line := range strings.Split(body, "\n") {
			if line != "" {
				r.pad(col)
				r.b.WriteString(line)
			}
			r.b.WriteString(r.eol)
		}
		return
	}
	r.b.WriteString(inline(v, false))
	r.b.WriteString(r.eol)
}

// inline renders a node on one line: a scalar, or a flow collection.
func inline(v *yaml.Node, flow bool) string {
	v = yamldoc.Resolve(v)
	switch v.Kind {
	case yaml.MappingNode:
		var parts []string
		for i := 0; i+1 < len(v.Content); i += 2 {
			parts = append(parts, quoteString(v.Content[i].Value, true)+": "+inline(v.Content[i+1], true))
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case yaml.SequenceNode:
		var parts []string
		for _, it := range v.Content {
			parts = append(parts, inline(it, true))
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	if isStr(v) {
		return quoteStyled(v, flow)
	}
	if v.Value == "" && yamldoc.IsNull(v) {
		return "null"
	}
	return v.Value
}

// quoteStyled keeps the quotes a string was written with, where they can
// carry it; otherwise it quotes only as needed.
func quoteStyled(v *yaml.Node, flow bool) string {
	switch {
	case v.Style&yaml.DoubleQuotedStyle != 0:
		var b bytes.Buffer
		yamldoc.WriteJSONString(&b, v.Value)
		return b.String()
	case v.Style&yaml.SingleQuotedStyle != 0 && !strings.ContainsAny(v.Value, "\n\r\t") && plainPrintable(v.Value):
		return "'" + strings.ReplaceAll(v.Value, "'", "''") + "'"
	}
	return quoteString(v.Value, flow)
}

func isStr(v *yaml.Node) bool {
	switch v.ShortTag() {
	case "!!int", "!!float", "!!bool", "!!null":
		return false
	}
	return true
}

// literalOK: a multi-line string reads best as a literal block, where it
// can be one.
func literalOK(s string) bool {
	if !strings.Contains(strings.TrimSuffix(s, "\n"), "\n") || strings.HasSuffix(s, "\n\n") {
		return false
	}
	if strings.HasPrefix(s, " ") || strings.HasPrefix(s, "\t") {
		return false
	}
	for _, line := range strings.Split(s, "\n") {
		if strings.HasSuffix(line, " ") || strings.HasSuffix(line, "\t") {
			return false
		}
		for _, c := range line {
			if c < 0x20 && c != '\t' || c == 0x7f || c == '\uFEFF' {
				return false
			}
		}
	}
	return true
}

// quoteString renders a string as a plain scalar where YAML (1.1 and 1.2
// readers alike) reads it back as the same string, else double-quoted.
func quoteString(s string, flow bool) string {
	if plainSafe(s, flow) {
		return s
	}
	var b bytes.Buffer
	yamldoc.WriteJSONString(&b, s)
	return b.String()
}

var nonStringWords = map[string]bool{
	"y": true, "yes": true, "n": true, "no": true, "true": true, "false": true,
	"on": true, "off": true, "null": true, "~": true, "=": true, "<<": true,
}

func plainSafe(s string, flow bool) bool {
	if s == "" || s != strings.TrimSpace(s) || nonStringWords[strings.ToLower(s)] {
		return false
	}
	c0 := s[0]
	switch {
	case strings.IndexByte(",[]{}#&*!|>'\"%@`", c0) >= 0:
		return false
	case c0 == '-' || c0 == '?' || c0 == ':':
		if len(s) == 1 || s[1] == ' ' || s == "---" {
			return false
		}
	}
	if c0 >= '0' && c0 <= '9' || (c0 == '-' || c0 == '+' || c0 == '.') && len(s) > 1 && strings.IndexByte("0123456789.iInN", s[1]) >= 0 {
		return false // numbers, dates, times, .inf and .nan
	}
	if strings.Contains(s, ": ") || strings.Contains(s, " #") || strings.HasSuffix(s, ":") {
		return false
	}
	if flow && strings.ContainsAny(s, ",[]{}") {
		return false
	}
	return plainPrintable(s)
}

// plainPrintable reports whether s has no character that needs escaping.
func plainPrintable(s string) bool {
	for _, c := range s {
		if c < 0x20 || c == 0x7f || c == '\uFEFF' || c == 0x85 || c == 0x2028 || c == 0x2029 {
			return false
		}
	}
	return true
}

func itoa(i int) string { return strconv.Itoa(i) }
