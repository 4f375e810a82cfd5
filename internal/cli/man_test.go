package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// TestManPages: podctl docs man writes a page for podctl and each of its
// commands, with their flags.
func TestManPages(t *testing.T) {
	dir := t.TempDir()
	if code, _, stderr := run(t, "docs", "man", dir); code != 0 {
		t.Fatalf("docs man: exit %d: %s", code, stderr)
	}
	root := newRootCommand(streams{})
	for _, c := range append([]*cobra.Command{root}, root.Commands()...) {
		if c.Hidden || c.Name() == "help" {
			continue
		}
		name := "podctl.1"
		if c != root {
			name = "podctl-" + c.Name() + ".1"
		}
		page, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Errorf("%s: %v", c.CommandPath(), err)
			continue
		}
		if !strings.HasPrefix(string(page), ".nh\n.TH \"PODCTL\" \"1\"") {
			t.Errorf("%s: not a section 1 man page:\n%.200s", name, page)
		}
		c.NonInheritedFlags().VisitAll(func(f *pflag.Flag) {
			if !strings.Contains(string(page), `\fB--`+f.Name+`\fP`) {
				t.Errorf("%s: no --%s", name, f.Name)
			}
		})
	}
	if offers, directive := complete(t, "docs", "man", ""); len(offers) != 0 || directive != ":16" {
		t.Errorf("docs man completes %q %s, want folders only (:16)", offers, directive)
	}
	if _, err := os.Stat(filepath.Join(dir, "podctl-docs.1")); err == nil {
		t.Error("the hidden docs command has a man page")
	}
}
