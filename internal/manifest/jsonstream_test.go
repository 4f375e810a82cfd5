package manifest_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/podctl/podctl/internal/manifest"
	"github.com/podctl/podctl/internal/splice"
	"github.com/podctl/podctl/internal/yamldoc"
)

// TestJSONStreamDocumentsParse: each object of a stream parses alone, as
// JSON that stays JSON when it changes, and a change to one leaves the
// others as they were.
func TestJSONStreamDocumentsParse(t *testing.T) {
	in := []byte(`{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"}}{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"b"}}` + "\n" +
		"{\n  \"apiVersion\": \"v1\",\n  \"kind\": \"Secret\",\n  \"metadata\": {\"name\": \"c\"}\n}\n")
	docs := manifest.Split(in)
	if len(docs) != 3 {
		t.Fatalf("%d documents, want 3", len(docs))
	}
	var out strings.Builder
	for i, d := range docs {
		p, err := yamldoc.Parse(in[d.Start:d.End], d.Line)
		if err != nil {
			t.Fatalf("document %d: %v", d.Index, err)
		}
		if !p.IsJSON() {
			t.Errorf("document %d is not read as JSON", d.Index)
		}
		if _, kind := yamldoc.TypeMeta(p.Root); kind != []string{"ConfigMap", "ConfigMap", "Secret"}[i] {
			t.Errorf("document %d is a %q", d.Index, kind)
		}
		pt := &splice.Patch{}
		if i == 1 {
			pt.Key("metadata").Key("labels").Set("team", yamldoc.String("ml"))
		}
		b, err := splice.Bytes(p, pt)
		if err != nil {
			t.Fatal(err)
		}
		out.Write(b)
	}
	want := strings.Replace(string(in), `{"name":"b"}`, `{"name":"b","labels":{"team":"ml"}}`, 1)
	if out.String() != want {
		t.Fatalf("got\n%s\nwant\n%s", out.String(), want)
	}
}

// TestJSONStreamErrors: a broken object of a stream is refused at its own
// document and line.
func TestJSONStreamErrors(t *testing.T) {
	in := []byte(`{"apiVersion":"v1","kind":"ConfigMap"}` + "\n" + `{"apiVersion":"v1",` + "\n" + `"kind":"ConfigMap",` + "\n" + `"data":{"a":"b"}` + "\n")
	src := manifest.NewSource("stream.json", in)
	if len(src.Docs) != 2 {
		t.Fatalf("%d documents, want 2", len(src.Docs))
	}
	d := src.Docs[1]
	_, err := yamldoc.Parse(in[d.Start:d.End], d.Line)
	var pe *yamldoc.PosError
	if !errors.As(err, &pe) || d.Index != 2 || pe.Line != 4 {
		t.Fatalf("document %d: %v, want an error at line 4 of document 2", d.Index, err)
	}
	if _, err := yamldoc.Check(in[d.Start:d.End], d.Line); err == nil || err.Error() != pe.Error() {
		t.Errorf("Check says %v, Parse %v", err, pe)
	}
}
