package yamldoc

import (
	"bytes"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"

	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/podctl/podctl/internal/third_party/forked/yamlevents"
)

// composeAgreesWithYAMLv3: the composer builds, document for document, the
// node tree yaml.v3's decoder builds, or fails with its error.
func composeAgreesWithYAMLv3(t *testing.T, src []byte) {
	t.Helper()
	dec := yaml.NewDecoder(bytes.NewReader(src))
	c := yamlevents.NewComposer(src)
	defer c.Release()
	for i := 0; i < 3; i++ {
		var want yaml.Node
		wantErr := dec.Decode(&want)
		got, err := c.Document()
		switch {
		case errors.Is(wantErr, io.EOF):
			if got != nil || err != nil {
				t.Fatalf("document %d: yaml.v3 finds the end, the composer %v, %v", i+1, got, err)
			}
			return
		case wantErr != nil:
			if err == nil || err.Error() != wantErr.Error() {
				t.Fatalf("document %d: yaml.v3 says %q, the composer %v", i+1, wantErr, err)
			}
			return
		case err != nil:
			t.Fatalf("document %d: the composer says %v, yaml.v3 reads it", i+1, err)
		}
		if !reflect.DeepEqual(got, &want) {
			t.Fatalf("document %d: the trees differ:\ncomposer: %s\nyaml.v3:  %s", i+1, dumpNode(got), dumpNode(&want))
		}
	}
}

func dumpNode(n *yaml.Node) string {
	var b strings.Builder
	var walk func(n *yaml.Node, depth int)
	walk = func(n *yaml.Node, depth int) {
		b.WriteString("\n" + strings.Repeat("  ", depth))
		b.WriteString(strings.ReplaceAll(strings.TrimPrefix(
			strings.Join([]string{"kind", string(rune('0' + n.Kind)), "tag", n.Tag, "style", string(rune('0' + n.Style)), "value", n.Value,
				"anchor", n.Anchor, "head", n.HeadComment, "line", n.LineComment, "foot", n.FootComment}, "|"), "|"), "\n", `\n`))
		b.WriteString("@" + string(rune('0'+n.Line)) + ":" + string(rune('0'+n.Column)))
		for _, c := range n.Content {
			walk(c, depth+1)
		}
	}
	walk(n, 0)
	return b.String()
}

func TestComposeAgreesWithYAMLv3(t *testing.T) {
	tests := map[string]string{
		"comments everywhere": "# head\na: 1 # line\n# foot of a\n\nb:\n  # head of c\n  c: [x, y] # line\n  d: {e: f}\n  # foot in b\n# foot at the end\n",
		"styles and tags":     "a: 'single'\nb: \"double\\n\"\nc: |\n  lit\nd: >-\n  fold\n  ed\ne: !!str 1\nf: !custom x\ng: !!binary aGk=\nh: ~\ni: 1.5\nj: 0x1f\nk: true\nl: 2001-12-14\n",
		"anchors and merges":  "base: &b {x: 1}\nother:\n  <<: *b\n  y: &y [1, 2]\nz: *y\n",
		"a second document":   "a: 1\n...\nb: 2\n",
		"directives":          "%YAML 1.1\n%TAG !e! tag:example.com,2000:\n---\na: !e!x b\n",
		"errors":              "a: b: c\n",
		"unknown anchor":      "a: *x\n",
		"empty":               "",
		"comments only":       "# a\n",
		"null document":       "null\n",
		"sequence of maps":    "- a: 1\n  # between\n  b: 2\n\n# foot of the list\n- c\n",
		"flow with comments":  "a: [\n  x, # one\n  y\n]\n",
		"crlf":                "a: 1\r\nb:\r\n  - x\r\n",
		"bom":                 "\xef\xbb\xbfa: 1\n",
		"tail comments":       "a:\n  b: 1\n  # tail of a\nc: 2\n",
		"long literal":        "a: |\n  " + strings.Repeat("x", 100000) + "\n\n  more\nb: 1\n",
		"long folded":         "a: >-\n" + strings.Repeat("  "+strings.Repeat("y", 99)+"\n", 1000) + "\n  end\nb: 1\n",
		"long plain":          "a: " + strings.Repeat("p", 100000) + "\nb: 1\n",
		"long multi-line":     "a: " + strings.Repeat("p", 70000) + "\n  " + strings.Repeat("q", 70000) + "\nb: 1\n",
		"long single":         "a: '" + strings.Repeat("s''", 40000) + "'\nb: 1\n",
		"long double":         "a: \"" + strings.Repeat(`d\"\L\P\\`, 20000) + "\"\nb: 1\n",
		"long double folded":  "a: \"" + strings.Repeat("w ", 40000) + "\n  " + strings.Repeat("v", 70000) + "\"\n",
		"long then long":      "a: |\n  " + strings.Repeat("x", 70000) + "\nb: |\n  " + strings.Repeat("z", 90000) + "\n",
		"numbers and not":     "[500m, 2Gi, 1Ki, 0x1F, 0o17, 0b101, 1_000, -1, +2, 1.5, -.inf, +.Inf, .nan, 1e3, 1e, 2001-12-14, 2001-12-14t21:59:43.10-05:00, 2001-12-14 21:59:43.10, 1:20, 0.5.1, 3days, -x, +y, 12h, 08, 09, 1.2.3-rc1, 4K, 7z]\n",
		"long and unicode":    "a: \"" + strings.Repeat("é€😀", 30000) + "\"\n",
	}
	for name, src := range tests {
		t.Run(name, func(t *testing.T) { composeAgreesWithYAMLv3(t, []byte(src)) })
	}
}

// TestReusedParsersLeaveValuesAlone: parsers are pooled, and a tree's
// strings are the scanner's buffers: parsing more documents must not
// change the values of a tree built before.
func TestReusedParsersLeaveValuesAlone(t *testing.T) {
	first, err := Parse([]byte("a: first\nb: [x, 'y']\nc: |\n  block\n"), 1)
	if err != nil {
		t.Fatal(err)
	}
	before := dumpNode(first.Root)
	for i := 0; i < 100; i++ {
		src := "k" + strings.Repeat("z", i) + ": " + strings.Repeat("w", 100-i) + "\nother: [1, 2, 3]\n"
		if _, err := Parse([]byte(src), 1); err != nil {
			t.Fatal(err)
		}
		if _, err := Check([]byte("apiVersion: v1\nkind: A\n"+src), 1); err != nil {
			t.Fatal(err)
		}
	}
	if after := dumpNode(first.Root); after != before {
		t.Fatalf("a tree changed after more parses:\n%s\nwas\n%s", after, before)
	}
}
