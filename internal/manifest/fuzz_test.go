package manifest

import (
	"bytes"
	"testing"
)

// FuzzSplit: a stream's documents always give back the stream byte for
// byte, in order, and each starts on the line it says.
func FuzzSplit(f *testing.F) {
	f.Add([]byte("a: 1\n---\nb: [x, {y: z}]\n...\n--- |\n  text\n"))
	f.Add([]byte("{\"a\":1}{\"b\":\"}{\"}\n  {\"c\":[1,{}]}\n# end\n---\n{\"d\":2} {\"e\":"))
	f.Add([]byte("\xef\xbb\xbf# only a comment\r\n---\r\nkind: A\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		at := 0
		for _, d := range Split(data) {
			if d.Start != at || d.End < d.Start {
				t.Fatalf("document at %d..%d after %d: the documents must tile the stream", d.Start, d.End, at)
			}
			if want := 1 + bytes.Count(data[:d.Start], []byte("\n")); d.Line != want {
				t.Fatalf("document at byte %d says line %d, want %d", d.Start, d.Line, want)
			}
			at = d.End
		}
		if at != len(data) {
			t.Fatalf("the documents end at %d of %d bytes", at, len(data))
		}
	})
}
