// Package diff writes unified diffs of text, as git diff shows them.
//
// It knows lines, not manifests; it imports no other podctl package.
package diff

import (
	"bytes"
	"fmt"
	"io"
	"strings"
)

// context is the number of unchanged lines shown around a change.
const context = 3

// op is one line of an edit script, or, with skip set, a run of skip
// unchanged lines that no hunk shows.
type op struct {
	kind byte // ' ', '-' or '+'
	line []byte
	skip int
}

// lines is how many lines of the old and of the new text an op covers.
func (o op) lines() (old, new int) {
	switch {
	case o.skip > 0:
		return o.skip, o.skip
	case o.kind == '-':
		return 1, 0
	case o.kind == '+':
		return 0, 1
	}
	return 1, 1
}

// Part is a stretch of a file, before and after a change.
type Part struct{ Old, New []byte }

// Unified returns the unified diff that turns a into b, with the headers
// "--- a/<name>" and "+++ b/<name>"; "" when they are equal.
func Unified(name string, a, b []byte) string {
	return UnifiedParts(name, []Part{{a, b}})
}

// UnifiedParts is Unified for a file given as consecutive parts whose
// changes stay inside them, as a stream's documents.
func UnifiedParts(name string, parts []Part) string {
	var out strings.Builder
	d := NewWriter(&out, name)
	for _, p := range parts {
		d.Part(p.Old, p.New)
	}
	_ = d.Close() // a strings.Builder takes every write
	return out.String()
}

// Writer writes the unified diff of a file given part by part, each part
// diffed on its own, and writes each hunk as soon as it is whole: a large
// file costs what its changed parts cost, and holds no more than the
// lines since the last long unchanged run.
type Writer struct {
	w    io.Writer
	name string
	ops  []op // since the last skipped run
	// the lines of the old and the new text that ops[0] starts at
	aLine, bLine int
	headed       bool
	err          error
}

// NewWriter returns a Writer of the diff of the file name to w. It writes
// nothing (not even the headers) where the parts are all unchanged.
func NewWriter(w io.Writer, name string) *Writer {
	return &Writer{w: w, name: name, aLine: 1, bLine: 1}
}

// Part adds the next part of the file, before and after.
func (d *Writer) Part(old, new []byte) {
	if bytes.Equal(old, new) {
		d.ops = appendUnchangedText(d.ops, old)
	} else {
		d.ops = append(d.ops, script(lines(old), lines(new))...)
	}
	// a skipped run ends every hunk before it: write them
	for i := len(d.ops) - 1; i >= 0; i-- {
		if d.ops[i].skip > 0 {
			d.flush(d.ops[:i])
			d.aLine, d.bLine = d.aLine+d.ops[i].skip, d.bLine+d.ops[i].skip
			d.ops = append(d.ops[:0], d.ops[i+1:]...)
			break
		}
	}
}

// Close writes the last hunks, and returns the first write error.
func (d *Writer) Close() error {
	d.flush(d.ops)
	d.ops = nil
	return d.err
}

// flush writes the hunks of ops, which hold no skipped run, and moves the
// line numbers past them.
func (d *Writer) flush(ops []op) {
	var out strings.Builder
	aLine, bLine := d.aLine, d.bLine // the lines ops[at] starts at
	at := 0
	advance := func(to int) {
		for ; at < to; at++ {
			da, db := ops[at].lines()
			aLine, bLine = aLine+da, bLine+db
		}
	}
	for start := 0; start < len(ops); {
		// find the next change, and the hunk around it
		first := start
		for first < len(ops) && ops[first].kind == ' ' {
			first++
		}
		if first == len(ops) {
			break
		}
		lo := max(first-context, start)
		hi := first
		for i := first; i < len(ops); i++ {
			if ops[i].kind != ' ' {
				hi = i + 1
				continue
			}
			if i-hi >= 2*context {
				break
			}
		}
		hi = min(hi+context, len(ops))
		advance(lo)
		if !d.headed {
			fmt.Fprintf(&out, "--- a/%s\n+++ b/%s\n", d.name, d.name)
			d.headed = true
		}
		writeHunk(&out, ops[lo:hi], aLine, bLine)
		start = hi
	}
	advance(len(ops))
	d.aLine, d.bLine = aLine, bLine
	if out.Len() > 0 && d.err == nil {
		_, d.err = io.WriteString(d.w, out.String())
	}
}

// lineCount is the number of lines of b, a last one without a line break
// included.
func lineCount(b []byte) int {
	n := bytes.Count(b, []byte{'\n'})
	if len(b) > 0 && b[len(b)-1] != '\n' {
		n++
	}
	return n
}

// appendUnchangedText is appendUnchanged for a text: it splits off only
// the lines a hunk may show.
func appendUnchangedText(ops []op, b []byte) []op {
	n := lineCount(b)
	if n <= 2*context+1 {
		return appendUnchanged(ops, lines(b))
	}
	head := b
	for i := 0; i < context; i++ {
		j := bytes.IndexByte(head, '\n')
		ops = append(ops, op{kind: ' ', line: head[:j+1]})
		head = head[j+1:]
	}
	ops = append(ops, op{kind: ' ', skip: n - 2*context})
	tail := len(b)
	for i := 0; i < context; i++ { // back to the start of the context-th line from the end
		tail = bytes.LastIndexByte(b[:tail-1], '\n') + 1
	}
	return append(ops, appendUnchanged(nil, lines(b[tail:]))...)
}

// appendUnchanged adds an unchanged part's lines: those a hunk may show
// around a change before or after it, and a skipped run for the rest.
func appendUnchanged(ops []op, ls [][]byte) []op {
	if len(ls) <= 2*context+1 {
		for _, l := range ls {
			ops = append(ops, op{kind: ' ', line: l})
		}
		return ops
	}
	for _, l := range ls[:context] {
		ops = append(ops, op{kind: ' ', line: l})
	}
	ops = append(ops, op{kind: ' ', skip: len(ls) - 2*context})
	for _, l := range ls[len(ls)-context:] {
		ops = append(ops, op{kind: ' ', line: l})
	}
	return ops
}

func writeHunk(out *strings.Builder, ops []op, aLine, bLine int) {
	var aCount, bCount int
	for _, o := range ops {
		da, db := o.lines()
		aCount, bCount = aCount+da, bCount+db
	}
	fmt.Fprintf(out, "@@ -%s +%s @@\n", rangeOf(aLine, aCount), rangeOf(bLine, bCount))
	for _, o := range ops {
		out.WriteByte(o.kind)
		out.Write(o.line)
		if !bytes.HasSuffix(o.line, []byte("\n")) {
			out.WriteString("\n\\ No newline at end of file\n")
		}
	}
}

func rangeOf(start, count int) string {
	switch count {
	case 0:
		return fmt.Sprintf("%d,0", start-1)
	case 1:
		return fmt.Sprintf("%d", start)
	}
	return fmt.Sprintf("%d,%d", start, count)
}

// lines splits text after each line break, keeping the breaks.
func lines(b []byte) [][]byte {
	var out [][]byte
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			out = append(out, b)
			break
		}
		out = append(out, b[:i+1])
		b = b[i+1:]
	}
	return out
}

// script is the shortest edit script from a to b: the common head and
// tail as they are, Myers' algorithm in between.
func script(a, b [][]byte) []op {
	p := 0
	for p < len(a) && p < len(b) && bytes.Equal(a[p], b[p]) {
		p++
	}
	s := 0
	for s < len(a)-p && s < len(b)-p && bytes.Equal(a[len(a)-1-s], b[len(b)-1-s]) {
		s++
	}
	ops := appendUnchanged(nil, a[:p])
	ops = append(ops, myers(a[p:len(a)-s], b[p:len(b)-s])...)
	return appendUnchanged(ops, a[len(a)-s:])
}

// maxEdits bounds the work on two texts that share little: past it, the
// middle is shown as removed and added whole.
const maxEdits = 4000

func myers(a, b [][]byte) []op {
	n, m := len(a), len(b)
	offset := n + m + 1
	v := make([]int, 2*offset+1)
	// trace[d] is v[offset-d : offset+d+1] before step d: what the walk
	// back reads of it, O(d²) in all where a copy of v would be O(d·(n+m)).
	var trace [][]int
	found := false
	for d := 0; d <= n+m && d <= maxEdits && !found; d++ {
		trace = append(trace, append([]int(nil), v[offset-d:offset+d+1]...))
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || k != d && v[offset+k-1] < v[offset+k+1] {
				x = v[offset+k+1] // down: an insertion
			} else {
				x = v[offset+k-1] + 1 // right: a deletion
			}
			y := x - k
			for x < n && y < m && bytes.Equal(a[x], b[y]) {
				x++
				y++
			}
			v[offset+k] = x
			if x >= n && y >= m {
				found = true
				break
			}
		}
	}
	if !found {
		ops := make([]op, 0, n+m)
		for _, l := range a {
			ops = append(ops, op{kind: '-', line: l})
		}
		for _, l := range b {
			ops = append(ops, op{kind: '+', line: l})
		}
		return ops
	}
	// walk back through the trace
	var rev []op
	x, y := n, m
	for d := len(trace) - 1; d >= 0; d-- {
		vd := func(k int) int { return trace[d][k+d] } // v[offset+k] before step d
		k := x - y
		var prevK int
		if k == -d || k != d && vd(k-1) < vd(k+1) {
			prevK = k + 1
		} else {
			prevK = k - 1
		}
		prevX := 0
		if d > 0 {
			prevX = vd(prevK)
		}
		prevY := prevX - prevK
		for x > prevX && y > prevY {
			x--
			y--
			rev = append(rev, op{kind: ' ', line: a[x]})
		}
		if d > 0 {
			if x == prevX {
				y--
				rev = append(rev, op{kind: '+', line: b[y]})
			} else {
				x--
				rev = append(rev, op{kind: '-', line: a[x]})
			}
		}
	}
	ops := make([]op, len(rev))
	for i := range rev {
		ops[i] = rev[len(rev)-1-i]
	}
	return ops
}
