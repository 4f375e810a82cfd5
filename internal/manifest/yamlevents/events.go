package yamlevents

import (
	"strconv"
)

// Kind is the kind of an event.
type Kind int8

// The events of a stream, in the order the YAML spec names them.
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
	// Plain is true for a plain (unquoted, non-block) scalar.
	Plain bool
	// Cut is true when Value is only the start of a value longer than
	// the parser's limit (see LimitValues).
	Cut bool
}

// Parser reads a stream's events one at a time, in constant memory but
// for the longest scalar.
type Parser struct {
	parser yaml_parser_t
	event  yaml_event_t
	err    error
}

// NewParser returns a parser over src, which it reads and does not keep
// beyond the parse.
func NewParser(src []byte) *Parser {
	p := &Parser{}
	yaml_parser_initialize(&p.parser)
	if len(src) == 0 {
		src = []byte{'\n'} // as yaml.v3 does
	}
	yaml_parser_set_input_string(&p.parser, src)
	return p
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
	for {
		yaml_event_delete(&p.event)
		if !yaml_parser_parse(&p.parser, &p.event) || p.parser.error != yaml_NO_ERROR {
			p.err = p.failure()
			return p.err
		}
		if p.event.typ != yaml_TAIL_COMMENT_EVENT {
			break
		}
	}
	e := &p.event
	*ev = Event{
		Kind:   Kind(e.typ), // the two enumerations agree but for the tail comment
		Line:   e.start_mark.line + 1,
		Column: e.start_mark.column + 1,
		Anchor: e.anchor,
		Tag:    e.tag,
		Value:  e.value,
		Plain:  e.typ == yaml_SCALAR_EVENT && e.scalar_style()&yaml_PLAIN_SCALAR_STYLE != 0,
	}
	if limit := p.parser.value_limit; limit > 0 && len(ev.Value) > limit {
		ev.Value, ev.Cut = ev.Value[:limit], true
	}
	return nil
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
