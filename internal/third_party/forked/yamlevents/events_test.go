package yamlevents

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"sigs.k8s.io/kustomize/kyaml/yaml"
)

func TestEvents(t *testing.T) {
	src := "a: &x [1, 'two']\nb: *x\nc: |\n  " + strings.Repeat("z", 40) + "\n"
	p := NewParser([]byte(src))
	p.LimitValues(8)
	var got []string
	var ev Event
	for {
		if err := p.Next(&ev); err != nil {
			t.Fatal(err)
		}
		s := fmt.Sprintf("%d@%d:%d", ev.Kind, ev.Line, ev.Column)
		if ev.Kind == Scalar || ev.Kind == Alias || len(ev.Anchor) > 0 {
			s += fmt.Sprintf("=%s/%s/style=%d/cut=%v", ev.Value, ev.Anchor, ev.Style, ev.Cut)
		}
		got = append(got, s)
		if ev.Kind == StreamEnd {
			break
		}
	}
	want := []string{
		"1@1:1", "3@1:1", "9@1:1",
		"6@1:1=a//style=2/cut=false",
		"7@1:4=/x/style=1/cut=false",
		"6@1:8=1//style=2/cut=false",
		"6@1:11=two//style=3/cut=false",
		"8@1:16",
		"6@2:1=b//style=2/cut=false",
		"5@2:4=/x/style=0/cut=false",
		"6@3:1=c//style=2/cut=false",
		"6@3:4=zzzzzzzz//style=5/cut=true",
		"10@5:1", "4@5:1", "2@5:1",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("events:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestErrorsReadAsYAMLv3: the errors are yaml.v3's, word for word.
func TestErrorsReadAsYAMLv3(t *testing.T) {
	for _, src := range []string{
		"a: b: c\n",
		"a:\n\tb: c\n",
		"a: [1, 2\n",
		"a: \"open\nb: c\n",
		"a: 1\n b: 2\n",
		"- a\nb: c\n",
		"a: !x!y b\n",
		"%YAML 2.0\n---\na: b\n",
		"a: " + strings.Repeat("[", 10001) + "\n",
		"a: 'x\n---\n'\n",
		"? a\n? b\n: c\n: d\n",
	} {
		var node yaml.Node
		want := yaml.NewDecoder(strings.NewReader(src)).Decode(&node)
		if want == nil {
			t.Fatalf("%q: yaml.v3 reads it", src)
		}
		p := NewParser([]byte(src))
		var ev Event
		var err error
		for err == nil && ev.Kind != StreamEnd {
			err = p.Next(&ev)
		}
		if err == nil || err.Error() != want.Error() {
			t.Errorf("%q: error %v, yaml.v3 says %q", src, err, want)
		}
		if again := p.Next(&ev); again != err {
			t.Errorf("%q: a second Next gives %v", src, again)
		}
	}
}

// TestLongValuesAreSizedOnce: a long value's buffer is about its size,
// found by a look ahead, not grown step by step; a short key on a long
// line keeps a small one.
func TestLongValuesAreSizedOnce(t *testing.T) {
	long := strings.Repeat("x", 200000)
	for _, src := range []string{
		"key: " + long + "\nnext: 1\n",
		"key: '" + long + "'\nnext: 1\n",
		"key: \"" + long + "\"\nnext: 1\n",
		"key: |\n  " + long + "\n  " + long + "\nnext: 1\n",
		"key: >\n  " + long + "\n\n  " + long + "\nnext: 1\n",
		"{key: " + long + ", next: 1}\n",
	} {
		if src[0] != '{' {
			src += strings.Repeat("pad: 1\n", 100000) // more input than the value
		}
		p := NewParser([]byte(src))
		var ev Event
		for ev.Kind != StreamEnd {
			if err := p.Next(&ev); err != nil {
				t.Fatal(err)
			}
			if ev.Kind != Scalar {
				continue
			}
			if len(ev.Value) < 100 && cap(ev.Value) > 1024 {
				t.Errorf("%.20q: %q has a buffer of %d bytes", src, ev.Value, cap(ev.Value))
			}
			if len(ev.Value) >= len(long) && cap(ev.Value) > len(ev.Value)+len(ev.Value)/50 {
				t.Errorf("%.20q: a value of %d bytes has a buffer of %d", src, len(ev.Value), cap(ev.Value))
			}
		}
	}
}

// TestPlainLength: the look ahead that sizes a plain scalar's buffer ends
// where the scalar's first line ends, as it did when it cut the line first
// (the reference below), now without reading to the end of a line that
// goes on past the scalar.
func TestPlainLength(t *testing.T) {
	reference := func(in []byte, flow bool) int {
		if i := bytes.IndexByte(in, '\n'); i >= 0 {
			in = in[:i]
		}
		for i, c := range in {
			switch {
			case c == ':' && (i+1 == len(in) || in[i+1] == ' ' || in[i+1] == '\r' || flow && bytes.IndexByte([]byte(",[]{}"), in[i+1]) >= 0):
				return i
			case c == '#' && i > 0 && (in[i-1] == ' ' || in[i-1] == '\t'):
				return i
			case flow && bytes.IndexByte([]byte(",[]{}"), c) >= 0:
				return i
			}
		}
		return len(in)
	}
	for _, tc := range []struct {
		in   string
		flow bool
		want int
	}{
		{"8080,9090,\n", true, 4},
		{"8080,9090,\n", false, 10},
		{"a:b: c\n", false, 3},
		{"a:\nb", false, 1},
		{"a b #c", false, 4},
		{"a#b", false, 3},
		{"x:}", true, 1},
	} {
		if got := plainLength([]byte(tc.in), tc.flow); got != tc.want {
			t.Errorf("plainLength(%q, %v) = %d, want %d", tc.in, tc.flow, got, tc.want)
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []byte(": #,[]{}\n\r\tab")
	for range 20000 {
		in := make([]byte, rng.IntN(12))
		for i := range in {
			in[i] = alphabet[rng.IntN(len(alphabet))]
		}
		for _, flow := range []bool{false, true} {
			if got, want := plainLength(in, flow), reference(in, flow); got != want {
				t.Fatalf("plainLength(%q, %v) = %d, want %d", in, flow, got, want)
			}
		}
	}
}

// plainTag resolves every plain scalar as yaml.v3 does: each byte alone
// and after a letter, every word yaml.v3's resolver knows, with its case
// changed, and numbers, dates and strings that only start like them.
func TestPlainTagAgreesWithYAMLv3(t *testing.T) {
	values := []string{"", "true", "True", "TRUE", "tRUE", "truE", "false", "False", "FALSE", "yes", "no", "on", "off", "y", "n",
		"~", "~x", "null", "Null", "NULL", "nULL", "nil", "none", "nan", ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "-.Inf",
		"<<", "<", "<<<", "name", "namespace", "template", "type", "fieldRef", "true2", "t", "f", "o", "O", "Y", "N", "T", "F",
		"1", "-1", "+1", "0x1F", "0o17", "0b101", "1_000", "1.5", "1e3", ".5", "500m", "2Gi", "2001-12-14", "2001-12-14t21:59:43.10-05:00",
		"1:20", "0.5.1", "3days", "-x", "+y", "12h", "08", "09", ".", "..", ".x", "é", "ñ", "\u00a0x"}
	for c := 0; c < 256; c++ {
		values = append(values, string([]byte{byte(c)}), "a"+string([]byte{byte(c)}), string([]byte{byte(c)})+"a")
	}
	for _, v := range values {
		n := &yaml.Node{Kind: yaml.ScalarNode, Value: v}
		if got, want := plainTag(n), n.ShortTag(); got != want {
			t.Errorf("%q: %s, yaml.v3 says %s", v, got, want)
		}
	}
}
