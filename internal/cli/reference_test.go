package cli

import (
	"os"
	"testing"
)

// TestReference keeps docs/cli.md the reference the commands give.
func TestReference(t *testing.T) {
	got := Reference()
	if *update {
		if err := os.WriteFile("../../docs/cli.md", []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile("../../docs/cli.md")
	if err != nil || string(want) != got {
		t.Fatal("docs/cli.md is out of date: go test ./internal/cli -run TestReference -update")
	}
}
