package lint_test

import (
	"flag"
	"os"
	"testing"

	"github.com/podctl/podctl/internal/lint"
)

var update = flag.Bool("update", false, "rewrite docs/lint.md")

// TestMarkdown keeps docs/lint.md the page the rule table gives.
func TestMarkdown(t *testing.T) {
	got := lint.Markdown()
	const path = "../../docs/lint.md"
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil || string(want) != got {
		t.Fatal("docs/lint.md is out of date: go test ./internal/lint -run TestMarkdown -update")
	}
}
