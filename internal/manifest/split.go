package manifest

import (
	"bytes"

	"github.com/podctl/podctl/internal/yamldoc"
)

// Document is one document of a source: a span of its bytes.
type Document struct {
	// Index counts the documents of the source from 1; a span that holds
	// only comments or blank lines has Index 0.
	Index int
	// Start and End delimit the document in the source's bytes, including
	// its "---" line and trailing comments.
	Start, End int
	// Line is the 1-based line of the source where the span starts.
	Line int
}

// Split cuts a stream into documents at its "---" lines (and after "..."
// lines), as YAML does: a document marker at the start of a line always
// ends the previous document, even inside a block scalar. A span that is
// a stream of JSON objects, one after another, is cut into one document
// per object, as kubectl reads them (see jsonStream). Concatenating the
// spans gives back the stream exactly.
func Split(data []byte) []Document {
	var docs []Document
	start, startLine, line, count := 0, 1, 1, 0
	content := false
	add := func(start, end, line int, content bool) {
		d := Document{Start: start, End: end, Line: line}
		if content {
			count++
			d.Index = count
		}
		docs = append(docs, d)
	}
	cut := func(end int) {
		if end > start {
			var cuts []int
			if content {
				cuts = jsonStream(data[start:end])
			}
			if cuts != nil {
				from, fromLine := start, startLine
				for _, c := range cuts {
					add(from, start+c, fromLine, true)
					fromLine += bytes.Count(data[from:start+c], []byte{'\n'})
					from = start + c
				}
				add(from, end, fromLine, yamldoc.HasContent(data[from:end]))
			} else {
				add(start, end, startLine, content)
			}
		}
		start, startLine, content = end, line, false
	}
	for off := 0; off < len(data); {
		nl := bytes.IndexByte(data[off:], '\n')
		next := len(data)
		if nl >= 0 {
			next = off + nl + 1
		}
		l := data[off:next]
		switch {
		case yamldoc.IsMarker(l, "---"):
			cut(off)
			// "--- value" starts a document with content on the marker line
			if rest := bytes.TrimSpace(l[3:]); len(rest) > 0 && rest[0] != '#' {
				content = true
			}
		case yamldoc.IsMarker(l, "..."):
			line++
			off = next
			cut(next)
			continue
		default:
			if t := bytes.TrimSpace(l); len(t) > 0 && t[0] != '#' && !bytes.Equal(t, []byte("\xef\xbb\xbf")) {
				content = true
			}
		}
		line++
		off = next
	}
	cut(len(data))
	return docs
}
