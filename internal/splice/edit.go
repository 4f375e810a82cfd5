package splice

import (
	"bytes"
	"fmt"
	"io"
	"sort"
	"strings"

	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/podctl/podctl/internal/yamldoc"
)

func errNotFound(n *yaml.Node, want string) error {
	return &yamldoc.PosError{Line: n.Line, Msg: "cannot change this node: expected " + want}
}

// span replaces Src[start:end] with text.
type span struct {
	start, end int
	text       string
}

// editor turns a patch into splices on the document's own bytes.
type editor struct {
	p       *yamldoc.Parsed
	r       renderer
	splices []span
	budget  int
	// anchored nodes changed in place, and aliases already replaced: the
	// other users of a changed anchor must keep the value it had.
	changedAnchors []*yaml.Node
	replaced       map[*yaml.Node]bool
	// strippedLast: keepLastBlockScalar has run
	strippedLast bool
}

// aliasUse is an alias node and where it stands.
type aliasUse struct {
	node *yaml.Node
	at   slot
}

// Bytes applies a patch (see Apply) and returns the document's new bytes.
func Bytes(p *yamldoc.Parsed, pt *Patch) ([]byte, error) {
	e, err := Apply(p, pt)
	if err != nil {
		return nil, err
	}
	return e.Bytes(), nil
}

// Apply applies a patch to the document's root node. Its Edit holds the
// document's bytes and the text spliced into them, so that a run that
// keeps every changed document until it writes keeps only what the changes
// add. In a YAML document every byte outside the places the patch changes
// is kept; a JSON document is written again as JSON, in its own
// indentation.
func Apply(p *yamldoc.Parsed, pt *Patch) (*Edit, error) {
	pt.prune()
	if pt.Empty() || p.Root == nil {
		return &Edit{src: p.Src}, nil
	}
	budget := 1_000_000 + 4*len(p.Src)
	if p.IsJSON() {
		root, err := applyInMemory(p.Root, pt, &budget)
		if err != nil {
			return nil, p.Relocate(err)
		}
		return &Edit{src: p.Src, splices: []span{{0, len(p.Src), string(renderJSON(p, root))}}}, nil
	}
	e := &editor{p: p, r: renderer{layout: detectLayout(p.Root, p.EOL())}, budget: budget, replaced: map[*yaml.Node]bool{}}
	if err := e.patch(p.Root, pt, slot{}); err != nil {
		return nil, p.Relocate(err)
	}
	if err := e.keepAliasValues(); err != nil {
		return nil, p.Relocate(err)
	}
	return e.result()
}

// Edit is a document's new content: its bytes, with text spliced in.
type Edit struct {
	src     []byte
	splices []span // in order, not overlapping
}

// Merge joins two edits of the same document: the bytes with both sets
// of splices. ok is false when they touch the same place.
func (e *Edit) Merge(other *Edit) (merged *Edit, ok bool) {
	if len(e.src) != len(other.src) || len(e.src) > 0 && &e.src[0] != &other.src[0] {
		return nil, false // not the same document
	}
	// Each edit's splices are in order already; an insertion of one where
	// the other changes or inserts too has no order of its own.
	clash := func(a, b span) bool { return a.start < b.end && b.start < a.end || a.start == b.start }
	splices := make([]span, 0, len(e.splices)+len(other.splices))
	i, j := 0, 0
	for i < len(e.splices) || j < len(other.splices) {
		switch {
		case j == len(other.splices) || i < len(e.splices) && e.splices[i].start < other.splices[j].start:
			if j < len(other.splices) && clash(e.splices[i], other.splices[j]) {
				return nil, false
			}
			splices = append(splices, e.splices[i])
			i++
		default:
			if i < len(e.splices) && clash(e.splices[i], other.splices[j]) {
				return nil, false
			}
			splices = append(splices, other.splices[j])
			j++
		}
	}
	return &Edit{src: e.src, splices: splices}, true
}

// Changed reports whether the edit gives other bytes than the document's.
func (e *Edit) Changed() bool {
	for _, s := range e.splices {
		if s.text != string(e.src[s.start:s.end]) {
			return true
		}
	}
	return false
}

// Len is the length of the new content.
func (e *Edit) Len() int {
	n := len(e.src)
	for _, s := range e.splices {
		n += len(s.text) - (s.end - s.start)
	}
	return n
}

// WriteTo writes the new content.
func (e *Edit) WriteTo(w io.Writer) (int64, error) {
	var total int64
	at := 0
	for _, s := range e.splices {
		n, err := w.Write(e.src[at:s.start])
		total += int64(n)
		if err != nil {
			return total, err
		}
		n, err = io.WriteString(w, s.text)
		total += int64(n)
		if err != nil {
			return total, err
		}
		at = s.end
	}
	n, err := w.Write(e.src[at:])
	return total + int64(n), err
}

// Bytes returns the new content.
func (e *Edit) Bytes() []byte {
	if len(e.splices) == 0 {
		return e.src
	}
	var b bytes.Buffer
	b.Grow(e.Len())
	_, _ = e.WriteTo(&b) // a bytes.Buffer takes every write
	return b.Bytes()
}

func (e *editor) result() (*Edit, error) {
	sort.SliceStable(e.splices, func(i, j int) bool { return e.splices[i].start < e.splices[j].start })
	at := 0
	for _, s := range e.splices {
		if s.start < at {
			return nil, fmt.Errorf("internal error: overlapping edits at offset %d", s.start)
		}
		at = s.end
	}
	return &Edit{src: e.p.Src, splices: e.splices}, nil
}

// slot says where a node stands: the value of a key at keyCol, an item of
// a list whose dash is at dashCol, or inside a flow collection.
type slot struct {
	flow    bool
	item    bool
	keyCol  int
	dashCol int
}

// col is the column of a block collection's keys or dashes. The node's own
// position may be that of its anchor or tag, so it is read from its first
// entry.
func (e *editor) col(n *yaml.Node) int {
	if len(n.Content) == 0 || n.Style&yaml.FlowStyle != 0 {
		return n.Column - 1
	}
	first := n.Content[0]
	if n.Kind == yaml.MappingNode {
		return first.Column - 1
	}
	src := e.p.Src
	off := e.p.Offset(first)
	for off > 0 && (src[off-1] == ' ' || src[off-1] == '\t') {
		off--
	}
	if off > 0 && src[off-1] == '-' {
		return first.Column - 1 - (e.p.Offset(first) - off) - 1
	}
	return n.Column - 1
}

// openBracket is the offset of a flow collection's opening bracket (its
// node may start with an anchor or a tag).
func openBracket(p *yamldoc.Parsed, n *yaml.Node) int {
	off := p.Offset(n)
	if i := bytes.IndexAny(p.Src[off:], "[{"); i >= 0 {
		return off + i
	}
	return off
}

func (e *editor) patch(n *yaml.Node, pt *Patch, at slot) error {
	if n.Anchor != "" {
		e.changedAnchors = append(e.changedAnchors, n)
	}
	switch {
	case n.Kind == yaml.AliasNode || yamldoc.IsNull(n):
		e.replaced[n] = true
		// An alias is expanded here so that its anchor keeps its value.
		v, err := applyInMemory(n, pt, &e.budget)
		if err != nil {
			return err
		}
		return e.replace(n, v, at)
	case n.Kind == yaml.MappingNode:
		return e.patchMapping(n, pt)
	case n.Kind == yaml.SequenceNode:
		return e.patchSequence(n, pt)
	}
	return errNotFound(n, "a mapping or a list")
}

func (e *editor) patchMapping(n *yaml.Node, pt *Patch) error {
	// what this mapping's own entries show of the layout wins over the
	// document's first impression
	saved := e.r.layout
	e.r.layout = refineLayout(n, e.r.layout)
	defer func() { e.r.layout = saved }()
	flow := n.Style&yaml.FlowStyle != 0
	if !flow && e.explicitKeys(n) {
		return errNotFound(n, `a mapping written as "key: value": podctl does not edit one with explicit "? key" entries`)
	}
	inner := slot{flow: flow, keyCol: e.col(n)}
	var added []KeyPatch
	for _, kp := range pt.Keys {
		i := localKey(n, kp.Key)
		switch {
		case i < 0:
			if kp.Set == nil {
				base, err := inherited(n, kp.Key, &e.budget)
				if err != nil {
					return err
				}
				v, err := applyInMemory(base, kp.Patch, &e.budget)
				if err != nil {
					return err
				}
				kp = KeyPatch{Key: kp.Key, Set: v}
			}
			added = append(added, kp)
		case kp.Set != nil:
			if err := e.replace(n.Content[i+1], kp.Set, inner); err != nil {
				return err
			}
		default:
			if err := e.patch(n.Content[i+1], kp.Patch, inner); err != nil {
				return err
			}
		}
	}
	if len(added) == 0 {
		return nil
	}
	if flow {
		parts := make([]string, len(added))
		for i, kp := range added {
			parts[i] = quoteString(kp.Key, true) + ": " + inline(kp.Set, true)
		}
		return e.flowAppend(n, parts)
	}
	at := e.blockEnd(n)
	r := renderer{layout: e.r.layout, noLiteral: e.atUnterminatedEnd(at)}
	for _, kp := range added {
		r.entry(kp.Key, kp.Set, e.col(n))
	}
	e.insertLines(at, r.b.String())
	return nil
}

func (e *editor) patchSequence(n *yaml.Node, pt *Patch) error {
	flow := n.Style&yaml.FlowStyle != 0
	inner := slot{flow: flow, item: true, dashCol: e.col(n)}
	for _, ip := range pt.Items {
		if ip.Index >= len(n.Content) {
			return errNotFound(n, "item "+itoa(ip.Index))
		}
		if err := e.patch(n.Content[ip.Index], ip.Patch, inner); err != nil {
			return err
		}
	}
	if len(pt.Append) == 0 {
		return nil
	}
	if flow {
		parts := make([]string, len(pt.Append))
		for i, v := range pt.Append {
			parts[i] = inline(v, true)
		}
		return e.flowAppend(n, parts)
	}
	at := e.blockEnd(n)
	r := renderer{layout: e.r.layout, noLiteral: e.atUnterminatedEnd(at)}
	r.items(pt.Append, e.col(n))
	e.insertLines(at, r.b.String())
	return nil
}

// replace puts v where n stands.
func (e *editor) replace(n, v *yaml.Node, at slot) error {
	start := e.p.Offset(n)
	var end int
	var err error
	keep := "" // an anchor on a null value stays with the value
	if yamldoc.IsNull(n) {
		keep, end = e.nullToken(start)
	} else if end, err = e.nodeEnd(n, start, at); err != nil {
		return err
	}
	if yamldoc.IsNull(n) && at.flow && !afterColon(e.p.Src, start) {
		// "{env}": a key without a value in a flow mapping
		keep = ":"
	}
	v = yamldoc.Resolve(v)
	block := !at.flow && (v.Kind == yaml.MappingNode || v.Kind == yaml.SequenceNode) && len(v.Content) > 0
	if !block && v.Kind == yaml.ScalarNode && isStr(v) && !at.flow && literalOK(v.Value) {
		block = true
	}
	if !block {
		text := inline(v, at.flow)
		if keep != "" {
			text = keep + " " + text
		}
		if start == end && start > 0 && e.p.Src[start-1] == ':' {
			text = " " + text
		}
		e.splices = append(e.splices, span{start, end, text})
		return nil
	}
	r := renderer{layout: e.r.layout, noLiteral: e.atUnterminatedEnd(e.p.LineEnd(start))}
	if at.item {
		r.itemBody(v, at.dashCol+2)
		text := strings.TrimSuffix(strings.TrimPrefix(r.b.String(), " "), e.r.eol)
		if start > 0 && e.p.Src[start-1] == '-' {
			text = " " + text // "-" and nothing after it
		}
		e.splices = append(e.splices, span{start, end, text})
		return nil
	}
	// "key: *alias  # comment" becomes "key:  # comment" and the value
	// follows on the next lines.
	r.value(v, at.keyCol)
	text := r.b.String()
	from := start
	for from > 0 && e.p.Src[from-1] == ' ' {
		from--
	}
	if from == 0 || e.p.Src[from-1] != ':' {
		from = start
	}
	if keep != "" {
		keep = " " + keep
	}
	e.splices = append(e.splices, span{from, end, keep})
	lineBreak := strings.Index(text, e.r.eol)
	if lineBreak < 0 || strings.TrimSpace(text[:lineBreak]) != "" {
		// a literal block: its header stays on the key's line
		header, rest, _ := strings.Cut(text, e.r.eol)
		e.splices[len(e.splices)-1].text = keep + header // " |-" right after the colon
		e.insertLines(e.p.LineEnd(start), rest)
		return nil
	}
	e.insertLines(e.p.LineEnd(start), text[lineBreak+len(e.r.eol):])
	return nil
}

// nullToken reads the text of a null value from its start: anchors and
// tags, then "~", "null", "" or ” (or nothing). It returns the anchor, to
// be kept, and where the null's text ends.
func (e *editor) nullToken(start int) (anchor string, end int) {
	src := e.p.Src
	i := start
	for i < len(src) && (src[i] == '&' || src[i] == '!') {
		j := i
		for j < len(src) && !isSpace(src[j]) && src[j] != ',' && src[j] != '}' && src[j] != ']' {
			j++
		}
		if src[i] == '&' {
			anchor = string(src[i:j])
		}
		i = j
		for i < len(src) && (src[i] == ' ' || src[i] == '\t') {
			i++
		}
	}
	for _, token := range []string{"~", "null", "Null", "NULL", `""`, "''"} {
		if bytes.HasPrefix(src[i:], []byte(token)) {
			return anchor, i + len(token)
		}
	}
	if i > start && anchor == "" {
		return "", i // a tag, and no text after it
	}
	if anchor != "" {
		return anchor, i
	}
	return "", start
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// afterColon reports whether the text before off, spaces aside, ends
// with the colon of a key.
func afterColon(src []byte, off int) bool {
	for off > 0 && (src[off-1] == ' ' || src[off-1] == '\t') {
		off--
	}
	return off > 0 && src[off-1] == ':'
}

// nodeEnd finds where the text of a scalar, an alias or a flow collection
// ends, from its start.
func (e *editor) nodeEnd(n *yaml.Node, start int, at slot) (int, error) {
	src := e.p.Src
	switch {
	case n.Kind == yaml.AliasNode:
		return start + 1 + len(n.Value), nil
	case n.Kind != yaml.ScalarNode:
		if n.Style&yaml.FlowStyle != 0 {
			end, err := e.flowClose(n)
			return end + 1, err
		}
		return 0, errNotFound(n, "a scalar, an alias or a flow collection")
	case start >= len(src) || src[start] == '\n' || src[start] == '\r' || src[start] == '#':
		return start, nil // an empty value: "key:" and nothing
	case n.Style&yaml.DoubleQuotedStyle != 0:
		for i := start + 1; i < len(src); i++ {
			if src[i] == '\\' {
				i++
			} else if src[i] == '"' {
				return i + 1, nil
			}
		}
	case n.Style&yaml.SingleQuotedStyle != 0:
		for i := start + 1; i < len(src); i++ {
			if src[i] == '\'' {
				if i+1 < len(src) && src[i+1] == '\'' {
					i++
					continue
				}
				return i + 1, nil
			}
		}
	case n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		col := at.keyCol
		if at.item {
			col = at.dashCol
		}
		return e.linesEnd(n.Line, col+1, false) - len(e.p.EOL()), nil
	default:
		if bytes.HasPrefix(src[start:], []byte(n.Value)) {
			return start + len(n.Value), nil
		}
	}
	return 0, errNotFound(n, "a single-line scalar")
}

// blockEnd is the offset where text that follows a block collection goes:
// the start of the line after its last line.
func (e *editor) blockEnd(n *yaml.Node) int {
	line := n.Line
	if len(n.Content) > 0 {
		line = n.Content[0].Line
	}
	end := e.linesEnd(line, e.col(n), n.Kind == yaml.SequenceNode)
	// a quoted scalar or a flow collection at the very end may run on over
	// lines that sit at or left of its key (kubectl reads those): end after it
	if leafEnd := e.lastLeafEnd(n); leafEnd > end {
		end = leafEnd
	}
	if e.keepsTrailingBlanks(n) {
		// the blank lines after a "|+" block are part of its value
		for end < len(e.p.Src) {
			next := e.p.LineEnd(end)
			if len(bytes.TrimSpace(e.p.Src[end:next])) != 0 {
				break
			}
			end = next
		}
	}
	return end
}

// lastLeafEnd is the start of the line after the last quoted scalar or
// flow collection that ends a block collection, or 0.
func (e *editor) lastLeafEnd(n *yaml.Node) int {
	for (n.Kind == yaml.MappingNode || n.Kind == yaml.SequenceNode) && n.Style&yaml.FlowStyle == 0 && len(n.Content) > 0 {
		n = n.Content[len(n.Content)-1]
	}
	var end int
	switch {
	case n.Kind == yaml.ScalarNode && n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0:
		start := e.p.Offset(n)
		if start >= len(e.p.Src) || (e.p.Src[start] != '"' && e.p.Src[start] != '\'') {
			return 0
		}
		end = skipQuoted(e.p.Src, start) + 1
	case (n.Kind == yaml.MappingNode || n.Kind == yaml.SequenceNode) && n.Style&yaml.FlowStyle != 0:
		close, err := e.flowClose(n)
		if err != nil {
			return 0
		}
		end = close + 1
	default:
		return 0
	}
	return e.p.LineEnd(min(end, len(e.p.Src)))
}

// keepsTrailingBlanks reports whether a collection ends with a block
// scalar that keeps its trailing line breaks ("|+" or ">+").
func (e *editor) keepsTrailingBlanks(n *yaml.Node) bool {
	for (n.Kind == yaml.MappingNode || n.Kind == yaml.SequenceNode) && n.Style&yaml.FlowStyle == 0 && len(n.Content) > 0 {
		n = n.Content[len(n.Content)-1]
	}
	if n.Kind != yaml.ScalarNode || n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) == 0 {
		return false
	}
	off := e.p.Offset(n)
	header := e.p.Src[off:e.p.LineEnd(off)]
	if i := bytes.IndexAny(header, "|>"); i >= 0 {
		header = header[i:]
	}
	if i := bytes.IndexAny(header, " #\r\n"); i >= 0 {
		header = header[:i]
	}
	return bytes.IndexByte(header, '+') >= 0
}

// linesEnd scans the lines after firstLine for the first one that belongs
// to an outer node — content indented less than col, or, for a list, at
// col without a dash — and returns the start of the line after the last
// line of content before it. A comment line counts as content when it is
// indented more than col (it may be a line of a block scalar).
func (e *editor) linesEnd(firstLine, col int, seq bool) int {
	p := e.p
	last := firstLine
	for l := firstLine + 1; l <= p.Lines(); l++ {
		start := p.LineStart(l)
		end := len(p.Src)
		if l < p.Lines() {
			end = p.LineStart(l + 1)
		}
		line := p.Src[start:end]
		ind := 0
		for ind < len(line) && line[ind] == ' ' {
			ind++
		}
		rest := line[ind:]
		if len(bytes.TrimSpace(rest)) == 0 {
			continue
		}
		if ind == 0 && (yamldoc.IsMarker(line, "---") || yamldoc.IsMarker(line, "...")) {
			break
		}
		if rest[0] == '#' {
			if ind > col {
				last = l
			}
			continue
		}
		if ind < col || seq && ind == col && !(rest[0] == '-' && (len(rest) == 1 || rest[1] == ' ' || rest[1] == '\n' || rest[1] == '\r')) {
			break
		}
		last = l
	}
	if last < p.Lines() {
		return p.LineStart(last + 1)
	}
	return len(p.Src)
}

// atUnterminatedEnd: at is the end of a document whose last line has no
// line break.
func (e *editor) atUnterminatedEnd(at int) bool {
	src := e.p.Src
	return at == len(src) && len(src) > 0 && src[len(src)-1] != '\n'
}

// insertLines inserts whole lines at the start of a line (or at the end of
// a document that does not end with a line break, keeping it so).
func (e *editor) insertLines(at int, text string) {
	src := e.p.Src
	if at == len(src) && len(src) > 0 && src[len(src)-1] != '\n' {
		text = e.r.eol + strings.TrimSuffix(text, e.r.eol)
		e.keepLastBlockScalar()
	}
	e.splices = append(e.splices, span{at, at, text})
}

// keepLastBlockScalar keeps the value of a block scalar that ends the
// document without a line break when lines are added after it: its last
// line then gains one, which clip and keep chomping would make part of
// the value ('sleep 10' would become 'sleep 10\n'). Strip chomping reads
// the same value with the line break. It runs once per edit.
func (e *editor) keepLastBlockScalar() {
	if e.strippedLast || e.p.Root == nil {
		return
	}
	e.strippedLast = true
	n := e.p.Root
	for (n.Kind == yaml.MappingNode || n.Kind == yaml.SequenceNode) && n.Style&yaml.FlowStyle == 0 && len(n.Content) > 0 {
		n = n.Content[len(n.Content)-1]
	}
	if n.Kind != yaml.ScalarNode || n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) == 0 || strings.HasSuffix(n.Value, "\n") {
		return
	}
	src := e.p.Src
	start := e.p.Offset(n)
	if start >= len(src) || (src[start] != '|' && src[start] != '>') {
		return
	}
	end := start + 1
	for end < len(src) && strings.IndexByte("0123456789+-", src[end]) >= 0 {
		end++
	}
	header := string(src[start:end])
	switch {
	case strings.Contains(header, "-"):
		return // strip already
	case strings.Contains(header, "+"):
		e.splices = append(e.splices, span{start, end, strings.Replace(header, "+", "-", 1)})
	default:
		e.splices = append(e.splices, span{start + 1, start + 1, "-"})
	}
}

// flowClose returns the offset of the bracket that closes a flow
// collection.
func (e *editor) flowClose(n *yaml.Node) (int, error) {
	close, _, err := e.scanFlow(n)
	return close, err
}

// scanFlow finds the bracket that closes a flow collection, and the end of
// its last content before that bracket (comments and blank space aside).
// A quote opens a quoted scalar only where a scalar can start: a quote
// inside a plain scalar ("it's") is text.
func (e *editor) scanFlow(n *yaml.Node) (close, contentEnd int, err error) {
	src := e.p.Src
	depth := 0
	prev := byte(0) // the last significant character
	for i := openBracket(e.p, n); i < len(src); i++ {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
			continue
		case c == '#' && (src[i-1] == ' ' || src[i-1] == '\t' || src[i-1] == '\n'):
			for i < len(src) && src[i] != '\n' {
				i++
			}
			continue
		case c == '[' || c == '{':
			depth++
		case c == ']' || c == '}':
			depth--
			if depth == 0 {
				return i, contentEnd, nil
			}
		case (c == '"' || c == '\'') && strings.IndexByte("[{,:?", prev) >= 0:
			i = skipQuoted(src, i)
		}
		prev = c
		contentEnd = i + 1
	}
	return 0, 0, errNotFound(n, "a closed flow collection")
}

// skipQuoted returns the offset of the quote that closes the quoted
// scalar opening at i.
func skipQuoted(src []byte, i int) int {
	q := src[i]
	for i++; i < len(src); i++ {
		switch {
		case q == '"' && src[i] == '\\':
			i++
		case src[i] == q && q == '\'' && i+1 < len(src) && src[i+1] == '\'':
			i++
		case src[i] == q:
			return i
		}
	}
	return len(src) - 1
}

// flowAppend adds entries at the end of a flow collection, right after
// its last content (before any comment or line break that precedes the
// closing bracket).
func (e *editor) flowAppend(n *yaml.Node, parts []string) error {
	_, at, err := e.scanFlow(n)
	if err != nil {
		return err
	}
	text := strings.Join(parts, ", ")
	switch last := e.p.Src[at-1]; {
	case last == '[' || last == '{':
	case last == ',':
		text = " " + text
	default:
		text = ", " + text
	}
	e.splices = append(e.splices, span{at, at, text})
	return nil
}

// keepAliasValues expands, where they are used, the aliases of anchored
// nodes that were changed in place, so that they keep the value they had.
func (e *editor) keepAliasValues() error {
	if len(e.changedAnchors) == 0 {
		return nil
	}
	users := map[*yaml.Node][]aliasUse{}
	e.collectAliases(e.p.Root, slot{}, users)
	for _, anchor := range e.changedAnchors {
		for _, use := range users[anchor] {
			if e.replaced[use.node] {
				continue
			}
			e.replaced[use.node] = true
			original, err := yamldoc.ExpandWithin(anchor, &e.budget)
			if err != nil {
				return err
			}
			if err := e.replace(use.node, original, use.at); err != nil {
				return err
			}
		}
	}
	return nil
}

func (e *editor) collectAliases(n *yaml.Node, at slot, users map[*yaml.Node][]aliasUse) {
	switch n.Kind {
	case yaml.AliasNode:
		users[n.Alias] = append(users[n.Alias], aliasUse{node: n, at: at})
	case yaml.MappingNode:
		inner := slot{flow: n.Style&yaml.FlowStyle != 0, keyCol: e.col(n)}
		for i := 1; i < len(n.Content); i += 2 {
			e.collectAliases(n.Content[i], inner, users)
		}
	case yaml.SequenceNode:
		inner := slot{flow: n.Style&yaml.FlowStyle != 0, item: true, dashCol: e.col(n)}
		for _, c := range n.Content {
			e.collectAliases(c, inner, users)
		}
	}
}

// explicitKeys reports whether a block mapping has a "? key" entry.
func (e *editor) explicitKeys(n *yaml.Node) bool {
	for i := 0; i < len(n.Content); i += 2 {
		off := e.p.Offset(n.Content[i])
		j := off
		for j > 0 && (e.p.Src[j-1] == ' ' || e.p.Src[j-1] == '\t') {
			j--
		}
		if j > 0 && e.p.Src[j-1] == '?' {
			return true
		}
	}
	return false
}
