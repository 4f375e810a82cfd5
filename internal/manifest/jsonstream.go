package manifest

import (
	"bytes"
	"encoding/json"
)

// jsonStream finds the JSON objects of a span that holds several, one
// after another ({…}{…}, or on lines of their own), and returns the
// offsets where the second and each later one's document starts, or nil
// when the span holds one value or is no JSON.
//
// It reads the span as kubectl reads a stream that starts with "{"
// (k8s.io/apimachinery/pkg/util/yaml.YAMLOrJSONDecoder): one JSON value
// after another, with or without white space between them. A document
// runs from its object to the first line break after it, or to the next
// object on the same line; what follows the last object that is not
// white space (a comment, a "..." line) is a document of its own. A
// YAML flow mapping that is not JSON ({a: b}) stays one document, for
// the YAML parser to read, as does a span whose first object is not
// followed by another, or whose content starts with anything but "{"
// (a comment, a key).
func jsonStream(span []byte) []int {
	i := 0
	if isMarker(span, "---") || bytes.HasPrefix(span, []byte("\xef\xbb\xbf")) {
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
