package yamlevents

import (
	"fmt"
	"strings"

	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// Composer builds yaml.v3 node trees from the event parser, node for node
// as yaml.v3's own decoder builds them: the same kinds, tags, styles,
// positions and comments. Its logic follows the parser of decode.go in
// go.yaml.in/yaml/v3 (Copyright 2011-2016 Canonical Ltd, Apache 2.0).
// What it does better is memory: a scalar's string is the scanner's
// buffer, not a copy of it, which halves what a document of a few huge
// values costs.
type Composer struct {
	events  *Parser
	ev      Event
	have    bool // ev is read and not consumed
	anchors map[string]*yaml.Node
	aliases int // alias nodes built
}

// composeError carries an error out of the recursion.
type composeError struct{ err error }

// NewComposer reads src. Release its parser when done.
func NewComposer(src []byte) *Composer {
	return &Composer{events: NewParser(src), anchors: map[string]*yaml.Node{}}
}

// Document composes the next document of the stream: its document node,
// or nil at the end of the stream. Errors read as yaml.v3's decoder's.
func (c *Composer) Document() (doc *yaml.Node, err error) {
	defer func() {
		if r := recover(); r != nil {
			ce, ok := r.(composeError)
			if !ok {
				panic(r)
			}
			doc, err = nil, ce.err
		}
	}()
	if c.peek() == StreamStart {
		c.expect(StreamStart)
	}
	if c.peek() == StreamEnd {
		return nil, nil
	}
	return c.parse(), nil
}

// Aliases is how many alias nodes the documents composed so far hold.
func (c *Composer) Aliases() int { return c.aliases }

// Release hands the event parser back to its pool.
func (c *Composer) Release() { c.events.Release() }

func (c *Composer) fail(err error) { panic(composeError{err}) }

func (c *Composer) peek() Kind {
	if !c.have {
		if err := c.events.Next(&c.ev); err != nil {
			c.fail(err)
		}
		c.have = true
	}
	return c.ev.Kind
}

func (c *Composer) expect(k Kind) {
	if c.peek() != k {
		c.fail(fmt.Errorf("yaml: expected event %d but got %d", k, c.ev.Kind))
	}
	c.have = false
}

func (c *Composer) parse() *yaml.Node {
	switch c.peek() {
	case Scalar:
		return c.scalar()
	case Alias:
		return c.alias()
	case MappingStart:
		return c.mapping()
	case SequenceStart:
		return c.sequence()
	case DocumentStart:
		return c.documentNode()
	}
	c.fail(fmt.Errorf("yaml: unexpected event %d", c.ev.Kind))
	return nil
}

func (c *Composer) node(kind yaml.Kind, defaultTag, tag, value string) *yaml.Node {
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
	if v == "" {
		return "!!null"
	}
	switch c := v[0]; {
	case c >= '0' && c <= '9' || c == '-' || c == '+':
		if strings.IndexFunc(v, func(r rune) bool { return !strings.ContainsRune(numberRunes, r) }) >= 0 {
			return "!!str"
		}
	case c == '.':
	case strings.IndexByte(mapFirst, c) >= 0:
		// yaml.v3 looks these up in its map of words, else it is a string
		return plainWord(v)
	default:
		return "!!str" // no hint in yaml.v3's table: a string
	}
	return n.ShortTag()
}

// mapFirst are the first bytes for which yaml.v3's resolver looks a plain
// scalar up in its map of words (its hint 'M'), and nothing else.
const mapFirst = "yYnNtTfFoO~"

// plainWord is the tag yaml.v3 resolves a plain scalar starting with one
// of mapFirst to: a word of its map, else a string.
func plainWord(v string) string {
	switch v {
	case "true", "True", "TRUE", "false", "False", "FALSE":
		return "!!bool"
	case "~", "null", "Null", "NULL":
		return "!!null"
	}
	return "!!str"
}

// numberRunes are the runes of YAML's integers (decimal, 0x, 0o, 0b, with
// underscores), floats (exponents, .inf, .nan) and timestamps.
const numberRunes = "0123456789+-._: \tabcdefABCDEFxXoOtTzZiInN"

func (c *Composer) anchor(n *yaml.Node) {
	if c.ev.Anchor != nil {
		n.Anchor = string(c.ev.Anchor)
		c.anchors[n.Anchor] = n
	}
}

func (c *Composer) parseChild(parent *yaml.Node) *yaml.Node {
	child := c.parse()
	parent.Content = append(parent.Content, child)
	return child
}

func (c *Composer) documentNode() *yaml.Node {
	n := c.node(yaml.DocumentNode, "", "", "")
	c.expect(DocumentStart)
	c.parseChild(n)
	if c.peek() == DocumentEnd {
		n.FootComment = string(c.ev.FootComment)
	}
	c.expect(DocumentEnd)
	return n
}

func (c *Composer) alias() *yaml.Node {
	n := c.node(yaml.AliasNode, "", "", string(c.ev.Anchor))
	c.aliases++
	n.Alias = c.anchors[n.Value]
	if n.Alias == nil {
		c.fail(fmt.Errorf("yaml: unknown anchor '%s' referenced", n.Value))
	}
	c.expect(Alias)
	return n
}

var scalarStyles = map[Style]yaml.Style{
	DoubleQuoted: yaml.DoubleQuotedStyle,
	SingleQuoted: yaml.SingleQuotedStyle,
	Literal:      yaml.LiteralStyle,
	Folded:       yaml.FoldedStyle,
}

func (c *Composer) scalar() *yaml.Node {
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
	c.expect(Scalar)
	return n
}

func (c *Composer) sequence() *yaml.Node {
	n := c.node(yaml.SequenceNode, "!!seq", string(c.ev.Tag), "")
	if c.ev.Style == Flow {
		n.Style |= yaml.FlowStyle
	}
	c.anchor(n)
	c.expect(SequenceStart)
	for c.peek() != SequenceEnd {
		c.parseChild(n)
	}
	n.LineComment = string(c.ev.LineComment)
	n.FootComment = string(c.ev.FootComment)
	c.expect(SequenceEnd)
	return n
}

func (c *Composer) mapping() *yaml.Node {
	n := c.node(yaml.MappingNode, "!!map", string(c.ev.Tag), "")
	block := c.ev.Style != Flow
	if !block {
		n.Style |= yaml.FlowStyle
	}
	c.anchor(n)
	c.expect(MappingStart)
	for c.peek() != MappingEnd {
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
		if c.peek() == TailComment {
			if k.FootComment == "" {
				k.FootComment = string(c.ev.FootComment)
			}
			c.expect(TailComment)
		}
	}
	n.LineComment = string(c.ev.LineComment)
	n.FootComment = string(c.ev.FootComment)
	if block && n.FootComment != "" && len(n.Content) > 1 {
		n.Content[len(n.Content)-2].FootComment = n.FootComment
		n.FootComment = ""
	}
	c.expect(MappingEnd)
	return n
}
