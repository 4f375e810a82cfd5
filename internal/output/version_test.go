package output

import (
	"bytes"
	"testing"
)

func TestVersion(t *testing.T) {
	b := Build{Version: "v1.2.3", Commit: "cccc", Date: "2026-12-04T00:00:00Z", GoVersion: "go1.26.0", Platform: "linux/amd64"}
	var text, js bytes.Buffer
	if err := VersionText(&text, b); err != nil {
		t.Fatal(err)
	}
	if err := VersionJSON(&js, b); err != nil {
		t.Fatal(err)
	}
	wantText := "podctl v1.2.3\ncommit:   cccc\nbuilt:    2026-12-04T00:00:00Z\ngo:       go1.26.0 linux/amd64\n"
	wantJSON := `{
  "version": "v1.2.3",
  "commit": "cccc",
  "date": "2026-12-04T00:00:00Z",
  "goVersion": "go1.26.0",
  "platform": "linux/amd64"
}
`
	if text.String() != wantText || js.String() != wantJSON {
		t.Errorf("text:\n%s\nJSON:\n%s", text.String(), js.String())
	}
}
