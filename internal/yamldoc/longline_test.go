package yamldoc

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// TestOffsetOnLongLines: the index of a long line gives every column the
// offset that counting its runes from the line's start gives, on ASCII
// lines and on lines of runes of every width, up to and past their end.
func TestOffsetOnLongLines(t *testing.T) {
	var mixed strings.Builder
	for i := 0; mixed.Len() < 3*longLine; i++ {
		mixed.WriteString([]string{"a", "é", "漢", "😀", " "}[i*7%5])
	}
	lines := []string{
		"short: line",
		strings.Repeat("x", 2*longLine),
		mixed.String(),
		"é" + strings.Repeat("y", longLine), // ASCII but for its first rune
		strings.Repeat("z", longLine+1),
	}
	for _, eol := range []string{"\n", "\r\n"} {
		src := []byte(strings.Join(lines, eol)) // the last line has no line break
		p := &Parsed{Src: src, lineStarts: []int{0}}
		for i, b := range src {
			if b == '\n' {
				p.lineStarts = append(p.lineStarts, i+1)
			}
		}
		p.indexLongLines()
		if len(p.longLines) != 4 {
			t.Fatalf("%d lines indexed, want 4", len(p.longLines))
		}
		for line := 1; line <= len(lines)+1; line++ {
			for col := 1; col <= 3*longLine+10; col++ {
				if got, want := p.offset(line, col), walkOffset(p, line, col); got != want {
					t.Fatalf("eol %q, line %d, column %d: offset %d, want %d", eol, line, col, got, want)
				}
			}
		}
	}
}

// walkOffset counts a column's runes from the start of its line.
func walkOffset(p *Parsed, line, col int) int {
	if line-1 >= len(p.lineStarts) {
		return len(p.Src)
	}
	off := p.lineStarts[line-1]
	for c := 1; c < col && off < len(p.Src); c++ {
		_, size := utf8.DecodeRune(p.Src[off:])
		off += size
	}
	return off
}
