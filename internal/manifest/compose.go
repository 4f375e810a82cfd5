package manifest

import (
	"fmt"
	"strings"

	"github.com/podctl/podctl/internal/third_party/forked/yamlevents"
	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// composer builds yaml.v3 node trees from the event parser, node for node
// as yaml.v3's own decoder builds them: the same kinds, tags, styles,
// positions and comments. Its logic follows the parser of decode.go in
// go.yaml.in/yaml/v3 (Copyright 2011-2016 Canonical Ltd, Apache 2.0).
// What it does better is memory: a scalar's string is the scanner's
// buffer, not a copy of it, which halves what a document of a few huge
// values costs.
type composer struct {
	events  *yamlevents.Parser
	ev      yamlevents.Event
	have    bool // ev is read and not consumed
	anchors map[string]*yaml.Node
	aliases int // alias nodes built
}

// composeError carries an error out of the recursion.
type composeError struct{ err error }

func newComposer(src []byte) *composer {
	return &composer{events: yamlevents.NewParser(src), anchors: map[string]*yaml.Node{}}
}

// document composes the next document of the stream: its document node,
// or nil at the end of the stream. Errors read as yaml.v3's decoder's.
func (c *composer) document() (doc *yaml.Node, err error) {
	defer func() {
		if r := recover(); r != nil {
			ce, ok := r.(composeError)
			if !ok {
				panic(r)
			}
			doc, err = nil, ce.err
		}
	}()
	if c.peek() == yamlevents.StreamStart {
		c.expect(yamlevents.StreamStart)
	}
	if c.peek() == yamlevents.StreamEnd {
		return nil, nil
	}
	return c.parse(), nil
}

func (c *composer) fail(err error) { panic(composeError{err}) }

func (c *composer) peek() yamlevents.Kind {
	if !c.have {
		if err := c.events.Next(&c.ev); err != nil {
			c.fail(err)
		}
		c.have = true
	}
	return c.ev.Kind
}

func (c *composer) expect(k yamlevents.Kind) {
	if c.peek() != k {
		c.fail(fmt.Errorf("yaml: expected event %d but got %d", k, c.ev.Kind))
	}
	c.have = false
}

func (c *composer) parse() *yaml.Node {
	switch c.peek() {
	case yamlevents.Scalar:
		return c.scalar()
	case yamlevents.Alias:
		return c.alias()
	case yamlevents.MappingStart:
		return c.mapping()
	case yamlevents.SequenceStart:
		return c.sequence()
	case yamlevents.DocumentStart:
		return c.documentNode()
	}
	c.fail(fmt.Errorf("yaml: unexpected event %d", c.ev.Kind))
	return nil
}

func (c *composer) node(kind yaml.Kind, defaultTag, tag, value string) *yaml.Node {
	n := &yaml.Node{Kind: kind, Value: value}
	switch {
	case tag != "" && tag != "!":
		n.Tag = (&yaml.Node{Tag: tag}).ShortTag()
		n.Style = yaml.TaggedStyle
	case defaultTag != "":
		n.Tag = defaultTag
	case kind == yaml.ScalarNode:
		n.Tag = plainTag(n)
	}
	n.Line, n.Column = c.ev.Line, c.ev.Column
	n.HeadComment = string(c.ev.HeadComment)
	n.LineComment = string(c.ev.LineComment)
	n.FootComment = string(c.ev.FootComment)
	return n
}

// plainTag is the tag a plain scalar resolves to, as yaml.v3 resolves it.
// A value that starts like a number but holds a letter no number, date or
// infinity has is a string: that shortcut spares yaml.v3's failed number
// parses on the many values like 500m and 2Gi.
func plainTag(n *yaml.Node) string {
	v := n.Value
	if v != "" && (v[0] >= '0' && v[0] <= '9' || v[0] == '-' || v[0] == '+') &&
		strings.IndexFunc(v, func(r rune) bool { return !strings.ContainsRune(numberRunes, r) }) >= 0 {
		return "!!str"
	}
	return n.ShortTag()
}

// numberRunes are the runes of YAML's integers (decimal, 0x, 0o, 0b, with
// underscores), floats (exponents, .inf, .nan) and timestamps.
const numberRunes = "0123456789+-._: \tabcdefABCDEFxXoOtTzZiInN"

func (c *composer) anchor(n *yaml.Node) {
	if c.ev.Anchor != nil {
		n.Anchor = string(c.ev.Anchor)
		c.anchors[n.Anchor] = n
	}
}

func (c *composer) parseChild(parent *yaml.Node) *yaml.Node {
	child := c.parse()
	parent.Content = append(parent.Content, child)
	return child
}

func (c *composer) documentNode() *yaml.Node {
	n := c.node(yaml.DocumentNode, "", "", "")
	c.expect(yamlevents.DocumentStart)
	c.parseChild(n)
	if c.peek() == yamlevents.DocumentEnd {
		n.FootComment = string(c.ev.FootComment)
	}
	c.expect(yamlevents.DocumentEnd)
	return n
}

func (c *composer) alias() *yaml.Node {
	n := c.node(yaml.AliasNode, "", "", string(c.ev.Anchor))
	c.aliases++
	n.Alias = c.anchors[n.Value]
	if n.Alias == nil {
		c.fail(fmt.Errorf("yaml: unknown anchor '%s' referenced", n.Value))
	}
	c.expect(yamlevents.Alias)
	return n
}

var scalarStyles = map[yamlevents.Style]yaml.Style{
	yamlevents.DoubleQuoted: yaml.DoubleQuotedStyle,
	yamlevents.SingleQuoted: yaml.SingleQuotedStyle,
	yamlevents.Literal:      yaml.LiteralStyle,
	yamlevents.Folded:       yaml.FoldedStyle,
}

func (c *composer) scalar() *yaml.Node {
	style := scalarStyles[c.ev.Style]
	value := c.events.ValueString()
	defaultTag := ""
	if style != 0 {
		defaultTag = "!!str"
	} else if value == "<<" {
		defaultTag = "!!merge"
	}
	n := c.node(yaml.ScalarNode, defaultTag, string(c.ev.Tag), value)
	n.Style |= style
	c.anchor(n)
	c.expect(yamlevents.Scalar)
	return n
}

func (c *composer) sequence() *yaml.Node {
	n := c.node(yaml.SequenceNode, "!!seq", string(c.ev.Tag), "")
	if c.ev.Style == yamlevents.Flow {
		n.Style |= yaml.FlowStyle
	}
	c.anchor(n)
	c.expect(yamlevents.SequenceStart)
	for c.peek() != yamlevents.SequenceEnd {
		c.parseChild(n)
	}
	n.LineComment = string(c.ev.LineComment)
	n.FootComment = string(c.ev.FootComment)
	c.expect(yamlevents.SequenceEnd)
	return n
}

func (c *composer) mapping() *yaml.Node {
	n := c.node(yaml.MappingNode, "!!map", string(c.ev.Tag), "")
	block := c.ev.Style != yamlevents.Flow
	if !block {
		n.Style |= yaml.FlowStyle
	}
	c.anchor(n)
	c.expect(yamlevents.MappingStart)
	for c.peek() != yamlevents.MappingEnd {
		k := c.parseChild(n)
		if block && k.FootComment != "" {
			// a foot comment of the prior value, when dedented
			if len(n.Content) > 2 {
				n.Content[len(n.Content)-3].FootComment = k.FootComment
				k.FootComment = ""
			}
		}
		v := c.parseChild(n)
		if k.FootComment == "" && v.FootComment != "" {
			k.FootComment = v.FootComment
			v.FootComment = ""
		}
		if c.peek() == yamlevents.TailComment {
			if k.FootComment == "" {
				k.FootComment = string(c.ev.FootComment)
			}
			c.expect(yamlevents.TailComment)
		}
	}
	n.LineComment = string(c.ev.LineComment)
	n.FootComment = string(c.ev.FootComment)
	if block && n.FootComment != "" && len(n.Content) > 1 {
		n.Content[len(n.Content)-2].FootComment = n.FootComment
		n.FootComment = ""
	}
	c.expect(yamlevents.MappingEnd)
	return n
}
