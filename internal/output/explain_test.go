package output

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/podctl/podctl/internal/apply"
)

func TestExplainWithoutTemplates(t *testing.T) {
	var text, js bytes.Buffer
	if err := ExplainText(&text, nil); err != nil {
		t.Fatal(err)
	}
	if err := ExplainJSON(&js, nil); err != nil {
		t.Fatal(err)
	}
	if text.String() != "no pod templates found\n" || js.String() != "[]\n" {
		t.Errorf("text %q, JSON %q", text.String(), js.String())
	}
}

// TestExplainFormatsAgree: the text and the JSON give the same templates
// and verdicts.
func TestExplainFormatsAgree(t *testing.T) {
	e, err := apply.Explain(request(t, "../../testdata/cli/explain/workloads.yaml", "../../testdata/cli/explain/poddefaults.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var text, js bytes.Buffer
	if err := ExplainText(&text, e.Templates); err != nil {
		t.Fatal(err)
	}
	if err := ExplainJSON(&js, e.Templates); err != nil {
		t.Fatal(err)
	}
	var decoded []apply.Explained
	if err := json.Unmarshal(js.Bytes(), &decoded); err != nil {
		t.Fatal(err)
	}
	blocks := strings.Split(text.String(), "\n\n")
	if len(decoded) < 2 || len(blocks) != len(decoded) {
		t.Fatalf("%d blocks of text, %d templates in JSON", len(blocks), len(decoded))
	}
	for i, d := range decoded {
		if !strings.HasPrefix(blocks[i], d.File+":"+strconv.Itoa(d.Line)+" "+d.Object) {
			t.Errorf("block %d starts %q, the JSON has %s:%d %s", i, strings.SplitN(blocks[i], "\n", 2)[0], d.File, d.Line, d.Object)
		}
		if lines := strings.Count(blocks[i], "\n  "); lines < len(d.Verdicts) {
			t.Errorf("block %d: %d lines for %d verdicts", i, lines, len(d.Verdicts))
		}
	}
}
