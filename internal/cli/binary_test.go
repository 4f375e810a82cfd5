package cli

import (
	"bytes"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/podctl/podctl/internal/testbin"
)

// TestBinaryExitCodes runs the built binary with real files and stdin.
func TestBinaryExitCodes(t *testing.T) {
	bin := testbin.Podctl(t)
	examples := "../../testdata/examples/"
	conflict := "../../testdata/cli/conflict/"
	tests := []struct {
		name       string
		args       []string
		stdin      string
		code       int
		stdoutHas  string
		stderrHas  string
		stdoutNone bool
	}{
		{"applies", []string{"apply-defaults", "-f", examples + "workloads.yaml", "-d", examples + "poddefaults.yaml"}, "", 0, "poddefault.admission.kubeflow.org/poddefault-add-sidecar", "", false},
		{"stdin", []string{"apply-defaults", "-d", examples + "poddefaults.yaml"}, "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: team-ml, labels: {add-sidecar: \"true\"}}\nspec:\n  containers: [{name: c, image: i}]\n", 0, "my-sidecar", "", false},
		{"conflict", []string{"apply-defaults", "-f", conflict + "workloads.yaml", "-d", conflict + "poddefaults.yaml"}, "", 3, "", "env-a, env-b", true},
		{"bad input and conflict", []string{"apply-defaults", "-f", conflict + "workloads.yaml", "-f", "../../testdata/cli/bad-yaml/workloads.yaml", "-d", conflict + "poddefaults.yaml"}, "", 2, "", "mapping values are not allowed", true},
		{"missing file", []string{"apply-defaults", "-f", "nope.yaml"}, "", 2, "", "nope.yaml: no such file", true},
		{"unknown flag", []string{"apply-defaults", "--bogus"}, "", 2, "", "unknown flag", true},
		{"unknown command", []string{"bogus"}, "", 2, "", "unknown command", true},
		{"stdin for both", []string{"apply-defaults", "-d", "-"}, "", 2, "", "not both", true},
		{"defaults on stdin", []string{"apply-defaults", "-f", examples + "workloads.yaml", "-d", "-"}, string(readFile(t, examples+"poddefaults.yaml")), 0, "poddefault-kubeflow-pipelines-api-token", "", false},
		{"version", []string{"version"}, "", 0, testbin.Version, "", false},
		{"completion", []string{"completion", "bash"}, "", 0, "bash completion", "", false},
		{"help names exit codes", []string{"apply-defaults", "--help"}, "", 0, "3  conflict", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cmd := exec.Command(bin, tc.args...)
			cmd.Stdin = strings.NewReader(tc.stdin)
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			_ = cmd.Run()
			if got := cmd.ProcessState.ExitCode(); got != tc.code {
				t.Fatalf("exit %d, want %d; stderr: %s", got, tc.code, stderr.String())
			}
			if !strings.Contains(stdout.String(), tc.stdoutHas) {
				t.Errorf("stdout lacks %q:\n%s", tc.stdoutHas, stdout.String())
			}
			if !strings.Contains(stderr.String(), tc.stderrHas) {
				t.Errorf("stderr lacks %q:\n%s", tc.stderrHas, stderr.String())
			}
			if tc.stdoutNone && stdout.Len() > 0 {
				t.Errorf("wrote output on failure:\n%s", stdout.String())
			}
		})
	}
}

// TestBinaryModes: each mode's exit codes, through the built binary, on
// real files: 0 nothing to do, 1 changes found, 2 bad input, 3 conflict.
// The manifests are copies in a temporary folder, as -i writes them.
func TestBinaryModes(t *testing.T) {
	bin := testbin.Podctl(t)
	examples := []string{"-f", "../../testdata/examples/workloads.yaml", "-d", "../../testdata/examples/poddefaults.yaml"}
	clean := []string{"-f", "../../testdata/cli/stdin-namespace/stdout", "-d", "../../testdata/cli/stdin-namespace/poddefaults.yaml", "-n", "team-ml"}
	bad := []string{"-f", "../../testdata/cli/bad-yaml/workloads.yaml"}
	conflict := []string{"-f", "../../testdata/cli/conflict/workloads.yaml", "-d", "../../testdata/cli/conflict/poddefaults.yaml"}
	tests := []struct {
		mode  []string
		input []string
		code  int
	}{
		{[]string{"apply-defaults", "--check"}, clean, 0},
		{[]string{"apply-defaults", "--check"}, examples, 1},
		{[]string{"apply-defaults", "--check"}, bad, 2},
		{[]string{"apply-defaults", "--check"}, conflict, 3},
		{[]string{"apply-defaults", "--diff"}, clean, 0},
		{[]string{"apply-defaults", "--diff"}, examples, 1},
		{[]string{"apply-defaults", "--diff"}, bad, 2},
		{[]string{"apply-defaults", "--diff"}, conflict, 3},
		{[]string{"apply-defaults", "-i"}, clean, 0},
		{[]string{"apply-defaults", "-i"}, examples, 0},
		{[]string{"apply-defaults", "-i"}, bad, 2},
		{[]string{"apply-defaults", "-i"}, conflict, 3},
		{[]string{"apply-defaults", "--strict"}, examples, 3},
		{[]string{"explain"}, examples, 0},
		{[]string{"explain"}, bad, 2},
		{[]string{"explain"}, conflict, 3},
	}
	for _, tc := range tests {
		name := strings.Join(tc.mode, " ") + " " + tc.input[1]
		t.Run(name, func(t *testing.T) {
			input := append([]string{}, tc.input...)
			input[1] = filepath.Join(t.TempDir(), filepath.Base(input[1]))
			writeFile(t, input[1], string(readFile(t, tc.input[1])), 0o644)
			cmd := exec.Command(bin, append(append([]string{}, tc.mode...), input...)...)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			_ = cmd.Run()
			if got := cmd.ProcessState.ExitCode(); got != tc.code {
				t.Fatalf("exit %d, want %d: %s", got, tc.code, stderr.String())
			}
		})
	}
}
