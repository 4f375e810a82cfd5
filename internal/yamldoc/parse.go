package yamldoc

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/podctl/podctl/internal/third_party/forked/yamlevents"
)

// Parsed is one document parsed into nodes, with what is needed to map
// node positions back to bytes.
type Parsed struct {
	// Src is the document's bytes; Line is the source line of Src[0].
	Src  []byte
	Line int
	// Root is the document's content node; nil for a document that holds
	// only comments.
	Root *yaml.Node
	// lineStarts[i] is the offset in Src of the (i+1)th line.
	lineStarts []int
	// longLines index the lines of more than longLine bytes by their
	// 0-based number (see offset).
	longLines map[int]runeIndex
	// eol is the line ending the document uses.
	eol string
}

var yamlLine = regexp.MustCompile(`line (\d+)`)

// Parse parses one document. Errors carry source lines (line is the
// source line of src[0]).
func Parse(src []byte, line int) (*Parsed, error) {
	if err := CheckText(src, line); err != nil {
		return nil, err
	}
	src = jsonSlashes(src)
	p := &Parsed{Src: src, Line: line, eol: "\n"}
	p.lineStarts = make([]int, 1, bytes.Count(src, []byte{'\n'})+1)
	for i, b := range src {
		if b == '\n' {
			p.lineStarts = append(p.lineStarts, i+1)
		}
	}
	p.indexLongLines()
	if i := bytes.IndexByte(src, '\n'); i > 0 && src[i-1] == '\r' {
		p.eol = "\r\n"
	}
	c := yamlevents.NewComposer(src)
	defer c.Release()
	doc, err := c.Document()
	if err != nil || doc == nil {
		if err == nil || !HasContent(src) {
			return p, nil
		}
		return nil, p.shiftLines(err)
	}
	extra, err := c.Document()
	if err != nil {
		return nil, p.shiftLines(err)
	}
	if extra != nil {
		return nil, &PosError{Line: p.Line + extra.Line - 1, Msg: "a second document without a \"---\" line before it"}
	}
	// "---" with nothing after it, or a null, is an empty document, as in kubectl.
	if len(doc.Content) > 0 && !IsNull(doc.Content[0]) {
		p.Root = doc.Content[0]
	}
	if limit := maxNodes(src); p.Root != nil && c.Aliases() > 0 && expandedSize(p.Root, map[*yaml.Node]int{}, limit) > limit {
		return nil, &PosError{Line: p.SourceLine(p.Root), Msg: fmt.Sprintf("its aliases expand to more than %d nodes (an alias bomb?)", limit)}
	}
	return p, nil
}

// maxNodes bounds what a document may expand to through its aliases.
func maxNodes(src []byte) int { return 1_000_000 + 4*len(src) }

// expandedSize counts the nodes a tree holds with its aliases expanded,
// memoized per anchored node (the only ones an alias reaches), and stops
// counting past limit.
func expandedSize(n *yaml.Node, memo map[*yaml.Node]int, limit int) int {
	if n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if n == nil {
		return 1
	}
	if s, ok := memo[n]; ok {
		return s
	}
	if n.Anchor != "" {
		memo[n] = limit + 1 // a cycle counts as too large
	}
	size := 1
	for _, c := range n.Content {
		if size += expandedSize(c, memo, limit); size > limit {
			break
		}
	}
	if n.Anchor != "" {
		memo[n] = size
	}
	return size
}

// CheckText refuses what is not UTF-8 text: kubectl reads UTF-8 YAML and
// JSON only. Parse and Check call it first; a span of comments only,
// which needs no parse, needs only it.
func CheckText(src []byte, line int) error {
	body := bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	if i := bytes.IndexByte(body, 0); i >= 0 {
		return &PosError{Line: line + bytes.Count(body[:i], []byte("\n")), Msg: "binary data (a NUL byte), not YAML or JSON text"}
	}
	if !utf8.Valid(body) {
		bad := 0
		for bad < len(body) {
			r, size := utf8.DecodeRune(body[bad:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			bad += size
		}
		return &PosError{Line: line + bytes.Count(body[:bad], []byte("\n")), Msg: "not UTF-8 text: podctl reads YAML and JSON in UTF-8"}
	}
	return nil
}

// shiftLines turns a parser error into a PosError at its source line.
func (p *Parsed) shiftLines(err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := p.Line
	if m := yamlLine.FindStringSubmatchIndex(msg); m != nil {
		n, _ := strconv.Atoi(msg[m[2]:m[3]])
		line = n + p.Line - 1
		if m[0] == 0 {
			msg = strings.TrimPrefix(msg[m[1]:], ": ")
		} else {
			msg = msg[:m[0]] + "line " + strconv.Itoa(line) + msg[m[1]:]
		}
	}
	return &PosError{Line: line, Msg: msg}
}

// EOL is the line ending the document uses.
func (p *Parsed) EOL() string { return p.eol }

// Lines is the number of lines of the document.
func (p *Parsed) Lines() int { return len(p.lineStarts) }

// LineStart is the offset of the start of a 1-based line of the document.
func (p *Parsed) LineStart(line int) int { return p.lineStarts[line-1] }

// Relocate turns document lines in a PosError into source lines.
func (p *Parsed) Relocate(err error) error {
	if pe, ok := err.(*PosError); ok {
		c := *pe
		c.Line += p.Line - 1
		return &c
	}
	return err
}

// PosError is an error at a line of the source.
type PosError struct {
	Line int
	Path string
	Msg  string
}

func (e *PosError) Error() string {
	if e.Path != "" {
		return fmt.Sprintf("line %d: %s: %s", e.Line, e.Path, e.Msg)
	}
	return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
}

// SourceLine gives the source line of a node.
func (p *Parsed) SourceLine(n *yaml.Node) int { return p.Line + n.Line - 1 }

// offset turns a node's 1-based line and rune column into a byte offset.
// It counts the column's runes from the start of the line, or, on a long
// line, from the nearest mark of its index: counting from the line's start
// for every node of a one-line document would cost the square of its
// length.
func (p *Parsed) offset(line, col int) int {
	if line-1 >= len(p.lineStarts) {
		return len(p.Src)
	}
	off, c := p.lineStarts[line-1], 1
	if idx, ok := p.longLines[line-1]; ok && col > runeStep {
		switch {
		case idx.ascii && col-1 <= idx.length:
			return off + col - 1
		case !idx.ascii:
			k := min((col-1)/runeStep, len(idx.marks)-1)
			off, c = idx.marks[k], k*runeStep+1
		}
	}
	for ; c < col && off < len(p.Src); c++ {
		_, size := utf8.DecodeRune(p.Src[off:])
		off += size
	}
	return off
}

// A line of more than longLine bytes gets a runeIndex, with a mark every
// runeStep runes where it is not ASCII.
const (
	longLine = 512
	runeStep = 64
)

// runeIndex is where the runes of a long line are.
type runeIndex struct {
	// length is the line's length in bytes, its line break included.
	length int
	// ascii: the line holds only ASCII, so that column c is at byte c-1.
	ascii bool
	// marks[k] is the offset in Src of the line's rune k*runeStep.
	marks []int
}

// indexLongLines builds the runeIndex of every long line, once, so that
// a Parsed is only read after Parse, however many goroutines read it.
func (p *Parsed) indexLongLines() {
	for i, start := range p.lineStarts {
		end := len(p.Src)
		if i+1 < len(p.lineStarts) {
			end = p.lineStarts[i+1]
		}
		if end-start <= longLine {
			continue
		}
		if p.longLines == nil {
			p.longLines = map[int]runeIndex{}
		}
		line := p.Src[start:end]
		idx := runeIndex{length: len(line), ascii: true}
		for _, b := range line {
			if b >= utf8.RuneSelf {
				idx.ascii = false
				break
			}
		}
		if !idx.ascii {
			for off, r := 0, 0; off < len(line); r++ {
				if r%runeStep == 0 {
					idx.marks = append(idx.marks, start+off)
				}
				_, size := utf8.DecodeRune(line[off:])
				off += size
			}
		}
		p.longLines[i] = idx
	}
}

// Offset is the byte offset where a node's text starts.
func (p *Parsed) Offset(n *yaml.Node) int { return p.offset(n.Line, n.Column) }

// LineEnd returns the offset just after the line break of the line that
// holds off (or the end of the document).
func (p *Parsed) LineEnd(off int) int {
	if i := bytes.IndexByte(p.Src[off:], '\n'); i >= 0 {
		return off + i + 1
	}
	return len(p.Src)
}

// Field returns the value node of a key in a mapping node (following an
// alias to the mapping, and merge keys when the key is not its own), or nil.
func Field(m *yaml.Node, key string) *yaml.Node {
	m = Resolve(m)
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key && !IsMerge(m.Content[i]) {
			return m.Content[i+1]
		}
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if !IsMerge(m.Content[i]) {
			continue
		}
		for _, src := range Merged(m.Content[i+1]) {
			if v := Field(src, key); v != nil {
				return v
			}
		}
	}
	return nil
}

// Items returns the items of a List or ResourceList node, or nil.
func Items(list *yaml.Node) []*yaml.Node { return List(Field(list, "items")) }

// Resolve follows an alias to its anchored node.
func Resolve(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

// IsMerge reports whether a key is YAML's merge key "<<".
func IsMerge(k *yaml.Node) bool {
	return k.Kind == yaml.ScalarNode && k.Value == "<<" && (k.Tag == "!!merge" || k.Tag == "")
}

// Merged returns the mappings the value of a merge key brings, in order
// of precedence.
func Merged(v *yaml.Node) []*yaml.Node {
	v = Resolve(v)
	if v == nil {
		return nil
	}
	if v.Kind == yaml.SequenceNode {
		var out []*yaml.Node
		for _, item := range v.Content {
			out = append(out, Resolve(item))
		}
		return out
	}
	return []*yaml.Node{v}
}

// TypeMeta returns the apiVersion and kind of a document's root mapping.
func TypeMeta(root *yaml.Node) (apiVersion, kind string) {
	return StringField(root, "apiVersion"), StringField(root, "kind")
}

// HasContent reports whether src holds more than comments, blank lines
// and document markers.
func HasContent(src []byte) bool {
	for _, line := range bytes.Split(src, []byte("\n")) {
		t := bytes.TrimSpace(bytes.TrimPrefix(line, []byte("\xef\xbb\xbf")))
		if bytes.HasPrefix(t, []byte("---")) || bytes.HasPrefix(t, []byte("...")) {
			if rest := bytes.TrimSpace(t[3:]); len(t) == 3 || t[3] == ' ' || t[3] == '\t' {
				t = rest // a marker, and what follows it on its line
			}
		}
		if len(t) > 0 && t[0] != '#' {
			return true
		}
	}
	return false
}
