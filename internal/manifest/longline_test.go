package manifest

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

// oneLineList is a List of Deployments written on one line, of about size
// bytes: as JSON, or as a YAML flow mapping (unquoted, ": " and ", "),
// which podctl edits in its own bytes where it renders JSON anew. Its
// numbers and booleans are plain scalars, the rest quoted in JSON; a name
// in every item holds a rune of two bytes.
func oneLineList(size int, flow bool) []byte {
	item := `{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web-%d-é'},` +
		`'spec':{'replicas':3,'paused':false,'template':{'metadata':{'labels':{'app':'web'}},` +
		`'spec':{'containers':[{'name':'c','image':'nginx:1.27','ports':[{'containerPort':8080},{'containerPort':9090}],` +
		`'resources':{'limits':{'cpu':0.5,'memory':1048576}}}]}}}}`
	r := strings.NewReplacer(`'`, `"`)
	if flow {
		r = strings.NewReplacer(`'`, ``, `:`, `: `, `,`, `, `)
	}
	item = strings.Replace(r.Replace(item), "nginx: 1.27", "'nginx:1.27'", 1)
	var b strings.Builder
	b.WriteString(r.Replace(`{'apiVersion':'v1','kind':'List','items':[`))
	for i := 0; b.Len() < size; i++ {
		if i > 0 {
			b.WriteString(r.Replace(`,`))
		}
		fmt.Fprintf(&b, item, i)
	}
	b.WriteString("]}\n")
	return []byte(b.String())
}

// BenchmarkOneLine reads and changes a one-line List of 1, 2 and 4 MiB
// (64, 128 and 256 KiB with -short) as podctl does: Check, as for a
// document that passes through, then Parse and an edit that adds a label
// to every item's template. Its cost must grow as the line does: compare
// the ns/op of the sizes, or their ns/KiB, which stays flat.
//
//	go test -run '^$' -bench OneLine -benchtime 3x ./internal/manifest/
func BenchmarkOneLine(b *testing.B) {
	sizes := []int{1 << 20, 2 << 20, 4 << 20}
	if testing.Short() {
		sizes = []int{64 << 10, 128 << 10, 256 << 10}
	}
	for _, form := range []string{"json", "flow"} {
		for _, size := range sizes {
			src := oneLineList(size, form == "flow")
			b.Run(fmt.Sprintf("%s/%dKiB", form, size>>10), func(b *testing.B) {
				b.SetBytes(int64(len(src)))
				for b.Loop() {
					if _, err := Check(src, 1); err != nil {
						b.Fatal(err)
					}
					p, err := Parse(src, 1)
					if err != nil {
						b.Fatal(err)
					}
					pt := &Patch{}
					items := pt.Key("items")
					for i := range Items(p.Root) {
						items.Item(i).Key("spec").Key("template").Key("metadata").Key("labels").Set("team", scalar("ml"))
					}
					if _, err := p.ApplyEdit(pt); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(src)>>10), "ns/KiB")
			})
		}
	}
}

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
