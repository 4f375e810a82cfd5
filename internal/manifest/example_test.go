package manifest_test

import (
	"fmt"

	"github.com/podctl/podctl/internal/manifest"
)

// Split cuts a stream at its "---" lines, on the stream's own bytes: the
// spans, joined, give the stream back exactly. A span of comments only
// counts as no document (Index 0).
func ExampleSplit() {
	stream := []byte(`# rendered by helm
---
apiVersion: v1
kind: ConfigMap
metadata: {name: a}
---
# just a comment
---
apiVersion: v1
kind: Secret
metadata: {name: b}
`)
	var joined []byte
	for _, d := range manifest.Split(stream) {
		span := stream[d.Start:d.End]
		joined = append(joined, span...)
		fmt.Printf("document %d at line %d: %q\n", d.Index, d.Line, span)
	}
	fmt.Println(string(joined) == string(stream))
	// Output:
	// document 0 at line 1: "# rendered by helm\n"
	// document 1 at line 2: "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n"
	// document 0 at line 6: "---\n# just a comment\n"
	// document 2 at line 8: "---\napiVersion: v1\nkind: Secret\nmetadata: {name: b}\n"
	// true
}

// JSON objects one after another, as kubectl reads them, are documents of
// their own: each span runs from its object to its line break.
func ExampleSplit_jsonStream() {
	stream := []byte(`{"apiVersion":"v1","kind":"ConfigMap"}{"apiVersion":"v1","kind":"Secret"}
{"apiVersion":"v1","kind":"Service"}
`)
	for _, d := range manifest.Split(stream) {
		fmt.Printf("document %d at line %d: %q\n", d.Index, d.Line, stream[d.Start:d.End])
	}
	// Output:
	// document 1 at line 1: "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\"}"
	// document 2 at line 1: "{\"apiVersion\":\"v1\",\"kind\":\"Secret\"}\n"
	// document 3 at line 2: "{\"apiVersion\":\"v1\",\"kind\":\"Service\"}\n"
}

// NewSource names a stream for messages and splits it: every error and
// warning about it starts with the name and the line.
func ExampleNewSource() {
	src := manifest.NewSource("deploy.yaml", []byte("apiVersion: v1\nkind: ConfigMap\n---\napiVersion: v1\nkind: Secret\n"))
	for _, d := range src.Docs {
		fmt.Printf("%s:%d (document %d)\n", src.Name, d.Line, d.Index)
	}
	// Output:
	// deploy.yaml:1 (document 1)
	// deploy.yaml:3 (document 2)
}
