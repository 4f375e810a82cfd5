package cli

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// complete asks podctl what the shell should offer after args, as the
// completion scripts do, and returns the offers and the directive.
func complete(t *testing.T, args ...string) (offers []string, directive string) {
	t.Helper()
	code, stdout, stderr := run(t, append([]string{"__complete"}, args...)...)
	if code != 0 {
		t.Fatalf("__complete %q: exit %d: %s", args, code, stderr)
	}
	lines := strings.Split(strings.TrimRight(stdout, "\n"), "\n")
	return lines[:len(lines)-1], lines[len(lines)-1]
}

// TestCompletion: flags that take a word offer their words and no file
// names; flags and arguments that name inputs offer YAML and JSON files.
func TestCompletion(t *testing.T) {
	const (
		noFiles   = ":4" // ShellCompDirectiveNoFileComp
		extension = ":8" // ShellCompDirectiveFilterFileExt
	)
	yamlFiles := []string{"yaml", "yml", "json"}
	tests := []struct {
		args      []string
		offers    []string
		directive string
	}{
		{[]string{"apply-defaults", "--color", ""}, []string{"auto", "always", "never"}, noFiles},
		{[]string{"apply-defaults", "--color="}, []string{"auto", "always", "never"}, noFiles},
		{[]string{"apply-defaults", "--report", ""}, []string{"json", "github"}, noFiles},
		{[]string{"explain", "-o", ""}, []string{"text", "json"}, noFiles},
		{[]string{"preview", "-o", ""}, []string{"yaml", "json"}, noFiles},
		{[]string{"lint", "-o", ""}, []string{"text", "json", "github", "sarif"}, noFiles},
		{[]string{"lint", "--fail-on", ""}, []string{"error", "warning", "info"}, noFiles},
		{[]string{"version", "-o", ""}, []string{"text", "json"}, noFiles},
		{[]string{"apply-defaults", "-f", ""}, yamlFiles, extension},
		{[]string{"apply-defaults", "-d", ""}, yamlFiles, extension},
		{[]string{"apply-defaults", "--workload-config", ""}, yamlFiles, extension},
		{[]string{"lint", "-d", ""}, yamlFiles, extension},
		{[]string{"explain", "-f", ""}, yamlFiles, extension},
		{[]string{"apply-defaults", "--check", ""}, yamlFiles, extension},
		{[]string{"preview", "a.yaml", ""}, yamlFiles, extension},
		{[]string{"apply-defaults", "-n", ""}, nil, noFiles},
		{[]string{"fn", ""}, nil, noFiles},
		{[]string{"lint", ""}, nil, noFiles},
	}
	for _, tc := range tests {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			offers, directive := complete(t, tc.args...)
			if !slices.Equal(offers, tc.offers) || directive != tc.directive {
				t.Errorf("offers %q %s, want %q %s", offers, directive, tc.offers, tc.directive)
			}
		})
	}
}

// TestCompletionValuesAreAccepted: every word completion offers for a
// flag is one the command accepts, and the flag refuses a word outside
// the list, so the list is the flag's own; every flag whose help lists
// its words has them in the table.
func TestCompletionValuesAreAccepted(t *testing.T) {
	dir := workspace(t)
	w, d := filepath.Join(dir, "workloads.yaml"), filepath.Join(dir, "poddefaults.yaml")
	report := filepath.Join(dir, "report.json")
	// the arguments a run of each command needs besides the flag
	base := map[string][]string{
		"apply-defaults": {"apply-defaults", "--check", "-f", w, "-d", d},
		"explain":        {"explain", "-f", w, "-d", d},
		"preview":        {"preview", "-f", w, "-d", d},
		"lint":           {"lint", "-d", d},
		"version":        {"version"},
	}
	root := newRootCommand(streams{})
	checked := 0
	for _, c := range root.Commands() {
		c.Flags().VisitAll(func(f *pflag.Flag) {
			values, ok := flagValues[c.Name()][f.Name]
			if !ok {
				values, ok = flagValues[""][f.Name]
			}
			if !ok {
				return
			}
			args, known := base[c.Name()]
			if !known {
				t.Errorf("podctl %s --%s: no arguments to try it with", c.Name(), f.Name)
				return
			}
			for _, v := range append(values, "bogus") {
				if !strings.Contains(f.Usage, v) && v != "bogus" {
					t.Errorf("podctl %s --%s: its help %q does not name %s", c.Name(), f.Name, f.Usage, v)
				}
				args := append(slices.Clone(args), "--"+f.Name, v)
				if f.Name == "report" && v == "json" {
					args = append(args, "--report-file", report)
				}
				code, _, stderr := run(t, args...)
				refused := code == ExitInput && strings.Contains(stderr, "--"+f.Name) || code == ExitInput && strings.Contains(stderr, "-"+f.Shorthand+" ")
				if refused != (v == "bogus") {
					t.Errorf("podctl %s --%s %s: exit %d, refused %v; stderr: %s", c.Name(), f.Name, v, code, refused, stderr)
				}
			}
			checked++
		})
	}
	if checked != countValueFlags(root) {
		t.Errorf("checked %d flags, the table has %d", checked, countValueFlags(root))
	}
}

// countValueFlags counts the command flags that have words in flagValues.
func countValueFlags(root *cobra.Command) int {
	n := 0
	for _, c := range root.Commands() {
		c.Flags().VisitAll(func(f *pflag.Flag) {
			if _, ok := flagValues[c.Name()][f.Name]; ok {
				n++
			} else if _, ok := flagValues[""][f.Name]; ok {
				n++
			}
		})
	}
	return n
}
