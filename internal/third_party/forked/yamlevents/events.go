package yamlevents

import (
	"strconv"
	"sync"
	"unsafe"
)

// Kind is the kind of an event.
type Kind int8

// The events of a stream, in the order the YAML spec names them, and the
// tail comment yaml.v3 adds: a comment after a mapping's last value.
const (
	StreamStart Kind = iota + 1
	StreamEnd
	DocumentStart
	DocumentEnd
	Alias
	Scalar
	SequenceStart
	SequenceEnd
	MappingStart
	MappingEnd
	TailComment
)

// Style is how a scalar or a collection is written.
type Style int8

// The styles of scalars, and Flow for collections ([a] and {a: b}).
const (
	Block Style = iota // a block collection
	Flow
	Plain
	SingleQuoted
	DoubleQuoted
	Literal
	Folded
)

// Event is one parser event. Its byte slices belong to the parser and are
// valid until the next call to Next.
type Event struct {
	Kind Kind
	// Line and Column are 1-based, as in a yaml.v3 node; Column counts runes.
	Line, Column int
	// Anchor is the anchor an alias names, or the one a node defines.
	Anchor []byte
	Tag    []byte
	// Value is a scalar's value, its escapes resolved.
	Value []byte
	Style Style
	// Cut is true when Value is only the start of a value longer than
	// the parser's limit (see LimitValues).
	Cut bool
	// The comments yaml.v3 attaches to the event.
	HeadComment, LineComment, FootComment []byte
}

// Parser reads a stream's events one at a time, in constant memory but
// for the longest scalar.
type Parser struct {
	parser yaml_parser_t
	event  yaml_event_t
	err    error
}

// parsers keeps released parsers, whose buffers and stacks a stream of
// many small documents would otherwise allocate anew for each.
var parsers = sync.Pool{New: func() any { return new(Parser) }}

// NewParser returns a parser over src, which it reads and does not keep
// beyond the parse. Release it when done.
func NewParser(src []byte) *Parser {
	p := parsers.Get().(*Parser)
	p.reset()
	if len(src) == 0 {
		src = []byte{'\n'} // as yaml.v3 does
	}
	yaml_parser_set_input_string(&p.parser, src)
	return p
}

// Release hands the parser back for reuse: neither it nor the slices of
// its last event may be used after. Values (see ValueString) stay valid:
// each has a buffer of its own.
func (p *Parser) Release() { parsers.Put(p) }

// reset makes the parser new, keeping the memory of its buffers and
// stacks, cleared so that they hold no value of an earlier document.
func (p *Parser) reset() {
	old := &p.parser
	if old.raw_buffer == nil {
		yaml_parser_initialize(old)
	} else {
		clear(old.tokens[:cap(old.tokens)])
		clear(old.comments[:cap(old.comments)])
		clear(old.tag_directives[:cap(old.tag_directives)])
		clear(old.simple_keys_by_tok)
		*old = yaml_parser_t{
			raw_buffer:         old.raw_buffer[:0],
			buffer:             old.buffer[:0],
			tokens:             old.tokens[:0],
			comments:           old.comments[:0],
			indents:            old.indents[:0],
			simple_keys:        old.simple_keys[:0],
			simple_keys_by_tok: old.simple_keys_by_tok,
			states:             old.states[:0],
			marks:              old.marks[:0],
			tag_directives:     old.tag_directives[:0],
		}
	}
	p.event = yaml_event_t{}
	p.err = nil
}

// LimitValues makes the parser keep only the first n bytes of a longer
// scalar, so that a long value costs no memory: its event is Cut.
func (p *Parser) LimitValues(n int) { p.parser.value_limit = n }

// Next reads the next event into ev. After StreamEnd or an error it keeps
// returning that. Errors read as yaml.v3's do ("yaml: line N: …").
func (p *Parser) Next(ev *Event) error {
	if p.err != nil {
		return p.err
	}
	yaml_event_delete(&p.event)
	if !yaml_parser_parse(&p.parser, &p.event) || p.parser.error != yaml_NO_ERROR {
		p.err = p.failure()
		return p.err
	}
	e := &p.event
	*ev = Event{
		Kind:        Kind(e.typ), // the two enumerations agree
		Line:        e.start_mark.line + 1,
		Column:      e.start_mark.column + 1,
		Anchor:      e.anchor,
		Tag:         e.tag,
		Value:       e.value,
		HeadComment: e.head_comment,
		LineComment: e.line_comment,
		FootComment: e.foot_comment,
	}
	switch e.typ {
	case yaml_SCALAR_EVENT:
		switch style := e.scalar_style(); {
		case style&yaml_DOUBLE_QUOTED_SCALAR_STYLE != 0:
			ev.Style = DoubleQuoted
		case style&yaml_SINGLE_QUOTED_SCALAR_STYLE != 0:
			ev.Style = SingleQuoted
		case style&yaml_LITERAL_SCALAR_STYLE != 0:
			ev.Style = Literal
		case style&yaml_FOLDED_SCALAR_STYLE != 0:
			ev.Style = Folded
		default:
			ev.Style = Plain
		}
	case yaml_SEQUENCE_START_EVENT:
		if e.sequence_style()&yaml_FLOW_SEQUENCE_STYLE != 0 {
			ev.Style = Flow
		}
	case yaml_MAPPING_START_EVENT:
		if e.mapping_style()&yaml_FLOW_MAPPING_STYLE != 0 {
			ev.Style = Flow
		}
	}
	if limit := p.parser.value_limit; limit > 0 && len(ev.Value) > limit {
		ev.Value, ev.Cut = ev.Value[:limit], true
	}
	return nil
}

// ValueString returns the current event's Value as a string without a
// copy: the scanner builds each value in a buffer of its own that nothing
// writes to after, so a long value is held once, not twice.
func (p *Parser) ValueString() string {
	v := p.event.value
	if limit := p.parser.value_limit; limit > 0 && len(v) > limit {
		v = v[:limit]
	}
	if len(v) == 0 {
		return ""
	}
	return unsafe.String(&v[0], len(v))
}

// Error is a scanner or parser error, worded as yaml.v3 words it.
type Error struct{ msg string }

func (e *Error) Error() string { return e.msg }

// failure words the parser's error as yaml.v3's decoder does, line
// numbering included: scanner errors are a line short there.
func (p *Parser) failure() error {
	line := 0
	if p.parser.context_mark.line != 0 {
		line = p.parser.context_mark.line
		if p.parser.error == yaml_SCANNER_ERROR {
			line++
		}
	} else if p.parser.problem_mark.line != 0 {
		line = p.parser.problem_mark.line
		if p.parser.error == yaml_SCANNER_ERROR {
			line++
		}
	}
	where := ""
	if line != 0 {
		where = "line " + strconv.Itoa(line) + ": "
	}
	msg := p.parser.problem
	if msg == "" {
		msg = "unknown problem parsing YAML content"
	}
	return &Error{msg: "yaml: " + where + msg}
}
