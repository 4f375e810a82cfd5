package manifest

import (
	"bytes"
	"encoding/json"

	"github.com/podctl/podctl/internal/yamldoc"
)

// jsonStream finds where to cut a span that holds JSON objects one after
// another ({…}{…}, or one a line), as kubectl reads a stream that starts
// with "{" (k8s.io/apimachinery/pkg/util/yaml.YAMLOrJSONDecoder: JSON
// values one after another, with or without white space between them).
// It returns the offsets where the documents after the first start, or
// nil when the span is no such stream: its content does not start with
// "{" (but a comment, or a key), its first object is not JSON ({a: b}, a
// trailing comma), or only white space follows that object. Such a span
// stays one document, for YAML to read as before.
//
// A document runs from its object to the first line break after it, or
// to the next object on the same line. A later object that is not JSON,
// or is cut short, starts a document of its own, which YAML refuses (or
// reads, if it is a YAML flow mapping); so does what follows the last
// object, if it is not white space (a comment, a "..." line).
func jsonStream(span []byte) []int {
	i := 0
	if yamldoc.IsMarker(span, "---") || bytes.HasPrefix(span, []byte("\xef\xbb\xbf")) {
		i = 3
	}
	i = skipSpace(span, i)
	var cuts []int
	for i < len(span) && span[i] == '{' {
		end := objectEnd(span, i)
		if end < 0 {
			break
		}
		next := skipSpace(span, end)
		if next == len(span) || span[next] != '{' && cuts == nil {
			break // one object, then nothing or what YAML must read
		}
		if !json.Valid(span[i:end]) {
			break
		}
		at := end
		for at < next && span[at] != '\n' {
			at++
		}
		if at < next {
			at++ // the line break ends the document
		}
		cuts = append(cuts, at)
		i = next
	}
	return cuts
}

// objectEnd returns the offset just after the brace that closes the JSON
// object opening at span[i], or -1 when it is not closed. It only counts
// brackets outside JSON strings; json.Valid says whether the object is one.
func objectEnd(span []byte, i int) int {
	depth := 0
	for ; i < len(span); i++ {
		switch span[i] {
		case '{', '[':
			depth++
		case '}', ']':
			if depth--; depth == 0 {
				return i + 1
			}
		case '"':
			for i++; i < len(span) && span[i] != '"'; i++ {
				if span[i] == '\\' {
					i++
				}
			}
		}
	}
	return -1
}

// skipSpace returns the offset of the first byte from i on that is not
// JSON white space.
func skipSpace(span []byte, i int) int {
	for i < len(span) && (span[i] == ' ' || span[i] == '\t' || span[i] == '\r' || span[i] == '\n') {
		i++
	}
	return i
}
