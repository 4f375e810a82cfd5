package cli

import (
	"bytes"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// The flags of each command, tested apart from what the command does:
// the command runs a function that keeps the options instead.

// parse runs cmd on args and returns the exit code and standard error.
func parse(cmd *cobra.Command, args []string) (code int, stderr string) {
	var e bytes.Buffer
	cmd.SetArgs(args)
	cmd.SetOut(io.Discard)
	cmd.SetErr(io.Discard)
	cmd.SilenceErrors, cmd.SilenceUsage = true, true
	code = exitCode(streams{in: strings.NewReader(""), out: io.Discard, err: &e}, cmd.Execute())
	return code, e.String()
}

func parseApplyDefaults(t *testing.T, args ...string) (o *applyDefaultsOptions, code int, stderr string) {
	t.Helper()
	cmd := newApplyDefaultsCommand(streams{}, func(got *applyDefaultsOptions) error { o = got; return nil })
	code, stderr = parse(cmd, args)
	return o, code, stderr
}

// TestApplyDefaultsFlags: each flag of apply-defaults reaches its option;
// file arguments join -f.
func TestApplyDefaultsFlags(t *testing.T) {
	tests := []struct {
		args []string
		want applyDefaultsOptions
	}{
		{nil, applyDefaultsOptions{color: "auto"}},
		{
			[]string{"-f", "a.yaml", "--filename", "b/", "-d", "pd/", "--defaults", "-", "-n", "team-ml", "-R", "--exclude", "skip", "--exclude", "*.bak", "--workload-config", "kinds.yaml", "c.yaml"},
			applyDefaultsOptions{color: "auto", inputOptions: inputOptions{
				filenames: []string{"a.yaml", "b/", "c.yaml"}, defaults: []string{"pd/", "-"}, namespace: "team-ml",
				recursive: true, exclude: []string{"skip", "*.bak"}, workloads: []string{"kinds.yaml"},
			}},
		},
		{
			[]string{"--check", "--mark-excluded", "--strict", "--report", "json", "--report-file", "r.json"},
			applyDefaultsOptions{color: "auto", check: true, markExcluded: true, strict: true, report: "json", reportFile: "r.json"},
		},
		{
			[]string{"--diff", "--color", "always", "-q", "--report", "github"},
			applyDefaultsOptions{color: "always", diff: true, quiet: true, report: "github"},
		},
		{
			[]string{"--in-place", "--quiet", "--recursive", "--namespace", "ns", "m/"},
			applyDefaultsOptions{color: "auto", inPlace: true, quiet: true, inputOptions: inputOptions{filenames: []string{"m/"}, recursive: true, namespace: "ns"}},
		},
		{
			[]string{"-i", "-f", "m/"},
			applyDefaultsOptions{color: "auto", inPlace: true, inputOptions: inputOptions{filenames: []string{"m/"}}},
		},
	}
	for _, tc := range tests {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			got, code, stderr := parseApplyDefaults(t, tc.args...)
			if code != ExitOK || got == nil {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if !reflect.DeepEqual(*got, tc.want) {
				t.Errorf("options\n%+v\nwant\n%+v", *got, tc.want)
			}
		})
	}
}

// TestApplyDefaultsValidation: every usage problem is reported at once,
// with exit 2, and the command does not run.
func TestApplyDefaultsValidation(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--check", "--diff"}, "--check, --diff and -i exclude each other"},
		// every problem on a line of its own that starts with "error:"
		{[]string{"--check", "--diff", "-i", "--color", "pink"}, "--check, --diff and -i exclude each other\n" +
			"error: -i writes files: name them with -f (standard input cannot be written back)\n" +
			`error: --color must be auto, always or never, not "pink"`},
		{[]string{"-i", "-f", "-"}, "-i writes files: name them with -f (standard input cannot be written back)"},
		{[]string{"-d", "-"}, "standard input can feed -f or -d, not both: name the manifests with -f"},
		{[]string{"-f", "-", "-d", "-"}, "standard input can feed -f or -d, not both"},
		{[]string{"-n", "Bad NS/x"}, `-n "Bad NS/x" is not a namespace name: a lowercase RFC 1123 label`},
		{[]string{"--report-file", "x.json"}, "--report-file goes with --report json"},
		{[]string{"--report", "json"}, "--report json needs --report-file (standard output carries the manifests)"},
		{[]string{"--report", "xml"}, `--report must be json or github, not "xml"`},
		{[]string{"--report", "github", "--report-file", "x.json"}, "--report-file goes with --report json"},
	}
	for _, tc := range tests {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			got, code, stderr := parseApplyDefaults(t, tc.args...)
			if code != ExitInput || got != nil {
				t.Fatalf("exit %d (want %d), ran: %v", code, ExitInput, got != nil)
			}
			if !strings.HasPrefix(stderr, "error: "+tc.want) {
				t.Errorf("stderr %q, want it to start with %q", stderr, "error: "+tc.want)
			}
		})
	}
}

// TestExplainFlags: explain reads the input flags apply-defaults reads,
// and -o.
func TestExplainFlags(t *testing.T) {
	var got *explainOptions
	cmd := newExplainCommand(streams{}, func(o *explainOptions) error { got = o; return nil })
	if code, stderr := parse(cmd, []string{"-o", "json", "-f", "a.yaml", "-d", "pd/", "-n", "team-ml", "-R", "--exclude", "x", "--workload-config", "k.yaml", "b.yaml"}); code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	want := explainOptions{output: "json", inputOptions: inputOptions{
		filenames: []string{"a.yaml", "b.yaml"}, defaults: []string{"pd/"}, namespace: "team-ml", recursive: true, exclude: []string{"x"}, workloads: []string{"k.yaml"},
	}}
	if !reflect.DeepEqual(*got, want) {
		t.Errorf("options\n%+v\nwant\n%+v", *got, want)
	}

	got = nil
	cmd = newExplainCommand(streams{}, func(o *explainOptions) error { got = o; return nil })
	code, stderr := parse(cmd, []string{"-o", "yaml", "-n", "UPPER"})
	if code != ExitInput || got != nil {
		t.Fatalf("exit %d (want %d), ran: %v", code, ExitInput, got != nil)
	}
	for _, want := range []string{`-n "UPPER" is not a namespace name`, `-o must be text or json, not "yaml"`} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr %q lacks %q", stderr, want)
		}
	}
}
