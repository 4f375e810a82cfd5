package output

import (
	"bytes"
	"testing"

	"github.com/podctl/podctl/internal/apply"
)

func TestWarnings(t *testing.T) {
	n := apply.Warning{Location: apply.Location{File: "a.yaml", Line: 2, Document: 1}, Object: "Foo/ns/x", Message: "not a kind podctl knows"}
	w := apply.Warning{Location: apply.Location{File: "b.yaml"}, Message: "skipped"}
	var b bytes.Buffer
	if err := Warnings(&b, []apply.Warning{n}, []apply.Warning{w, w}); err != nil {
		t.Fatal(err)
	}
	want := "note: " + n.String() + "\nwarning: " + w.String() + "\nwarning: " + w.String() + "\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}
