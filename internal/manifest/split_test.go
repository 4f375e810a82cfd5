package manifest

import (
	"reflect"
	"strings"
	"testing"
)

func TestSplitKeepsEveryByte(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		spans int
	}{
		{"empty", "", 0},
		{"one document", "a: 1\n", 1},
		{"leading comment block", "# header\n\n---\na: 1\n---\nb: 2\n", 3},
		{"marker with content and comment", "--- # first\na: 1\n--- !!map\nb: 2", 2},
		{"document end marker", "a: 1\n...\n---\nb: 2\n", 2},
		{"marker-like text is not a marker", "a: ---x\n----\nb: |\n  ---\n", 1},
		{"CRLF", "a: 1\r\n---\r\nb: 2\r\n", 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			docs := Split([]byte(tc.in))
			if len(docs) != tc.spans {
				t.Fatalf("%d spans, want %d: %+v", len(docs), tc.spans, docs)
			}
			var b strings.Builder
			for i, d := range docs {
				if i > 0 && docs[i-1].End != d.Start {
					t.Fatalf("gap between spans %d and %d", i-1, i)
				}
				b.WriteString(tc.in[d.Start:d.End])
			}
			if b.String() != tc.in {
				t.Fatalf("spans give %q, want %q", b.String(), tc.in)
			}
		})
	}
}

func TestSplitLines(t *testing.T) {
	docs := Split([]byte("a: 1\n---\nb: 2\nc: 3\n---\nd: 4\n"))
	var lines []int
	for _, d := range docs {
		lines = append(lines, d.Line)
	}
	if len(lines) != 3 || lines[0] != 1 || lines[1] != 2 || lines[2] != 5 {
		t.Fatalf("lines %v, want [1 2 5]", lines)
	}
}

func TestSplitIndexCountsDocumentsWithContent(t *testing.T) {
	docs := Split([]byte("# only a comment\n---\na: 1\n---\n# comment\n---\n--- b\n"))
	var got []int
	for _, d := range docs {
		got = append(got, d.Index)
	}
	want := []int{0, 1, 0, 0, 2}
	if len(got) != len(want) {
		t.Fatalf("indexes %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("indexes %v, want %v", got, want)
		}
	}
}

// TestSplitJSONStream: JSON objects one after another are documents of
// their own, as kubectl reads them; each span starts at its object (or at
// what stood before the first) and keeps the blanks after it up to its
// line break, so the spans give back the stream and each parses alone.
func TestSplitJSONStream(t *testing.T) {
	type span struct {
		text        string
		index, line int
	}
	a, b := `{"kind":"A"}`, `{"kind":"B"}`
	tests := []struct {
		name string
		in   string
		want []span
	}{
		{"back to back", a + b, []span{{a, 1, 1}, {b, 2, 1}}},
		{"one a line", a + "\n" + b + "\n", []span{{a + "\n", 1, 1}, {b + "\n", 2, 2}}},
		{"blanks between", a + " \t" + b, []span{{a + " \t", 1, 1}, {b, 2, 1}}},
		{"blank lines and indentation go with the next", a + "\n\n  " + b + "\n", []span{{a + "\n", 1, 1}, {"\n  " + b + "\n", 2, 2}}},
		{"CRLF", a + "\r\n" + b + "\r\n", []span{{a + "\r\n", 1, 1}, {b + "\r\n", 2, 2}}},
		{"byte order mark", "\xef\xbb\xbf" + a + b, []span{{"\xef\xbb\xbf" + a, 1, 1}, {b, 2, 1}}},
		{"pretty-printed, brackets in strings", "{\n  \"kind\": \"}{\\\"\",\n  \"x\": [1, {}]\n}\n{\n  \"kind\": \"B\"\n}\n",
			[]span{{"{\n  \"kind\": \"}{\\\"\",\n  \"x\": [1, {}]\n}\n", 1, 1}, {"{\n  \"kind\": \"B\"\n}\n", 2, 5}}},
		{"three, after a YAML document", "kind: Y\n---\n" + a + b + "\n" + a + "\n",
			[]span{{"kind: Y\n", 1, 1}, {"---\n" + a, 2, 2}, {b + "\n", 3, 3}, {a + "\n", 4, 4}}},
		{"a comment after the last", a + b + "\n# end\n", []span{{a, 1, 1}, {b + "\n", 2, 1}, {"# end\n", 0, 2}}},
		{"a document end marker after the last", a + "\n" + b + "\n...\n" + a, []span{{a + "\n", 1, 1}, {b + "\n", 2, 2}, {"...\n", 0, 3}, {a, 3, 4}}},
		{"a second object that is cut short", a + `{"kind":`, []span{{a, 1, 1}, {`{"kind":`, 2, 1}}},
		{"a second object that is no JSON", a + "\n{kind: B}\n", []span{{a + "\n", 1, 1}, {"{kind: B}\n", 2, 2}}},
		// one document, as before: YAML says what it makes of it
		{"one object", a + "\n", []span{{a + "\n", 1, 1}}},
		{"one object and a comment", a + " # c\n", []span{{a + " # c\n", 1, 1}}},
		{"a YAML flow mapping first", "{kind: A}" + b, []span{{"{kind: A}" + b, 1, 1}}},
		{"a first object that is no JSON", `{"kind":"A",}` + b, []span{{`{"kind":"A",}` + b, 1, 1}}},
		{"an object, then a list", a + "[1]", []span{{a + "[1]", 1, 1}}},
		{"a comment first", "# c\n" + a + b, []span{{"# c\n" + a + b, 1, 1}}},
		{"an object not closed", `{"kind": "A"` + b, []span{{`{"kind": "A"` + b, 1, 1}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []span
			var joined strings.Builder
			for _, d := range Split([]byte(tc.in)) {
				got = append(got, span{tc.in[d.Start:d.End], d.Index, d.Line})
				joined.WriteString(tc.in[d.Start:d.End])
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("spans\n%+v\nwant\n%+v", got, tc.want)
			}
			if joined.String() != tc.in {
				t.Fatalf("the spans give %q", joined.String())
			}
		})
	}
}
