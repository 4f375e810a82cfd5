package cli

import (
	"bytes"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/podctl/podctl/internal/testbin"
)

// TestBinary runs the built binary as users do, for what only it shows:
// main's exit codes, real standard streams, the version set at build time,
// and -i on a real file.
func TestBinary(t *testing.T) {
	bin := testbin.Podctl(t)
	dir := workspace(t)
	w, d := filepath.Join(dir, "workloads.yaml"), filepath.Join(dir, "poddefaults.yaml")
	pod := "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: team-ml, labels: {add-sidecar: \"true\"}}\nspec:\n  containers: [{name: c, image: i}]\n"
	tests := []struct {
		name      string
		args      []string
		stdin     string
		code      int
		stdoutHas string
		stderrHas string
		writes    string // a file that then holds the sidecar
	}{
		{"a pipe in, the manifests out", []string{"apply-defaults", "-d", d}, pod, 0, "my-sidecar", "", ""},
		{"conflict", []string{"apply-defaults", "-f", "../../testdata/cli/conflict/workloads.yaml", "-d", "../../testdata/cli/conflict/poddefaults.yaml"}, "", 3, "", "env-a, env-b", ""},
		{"usage", []string{"apply-defaults", "--bogus"}, "", 2, "", "unknown flag", ""},
		{"version", []string{"version"}, "", 0, "podctl " + testbin.Version + "\n", "", ""},
		{"-i", []string{"apply-defaults", "-i", "-f", w, "-d", d}, "", 0, "", "", w},
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
			if !strings.Contains(stdout.String(), tc.stdoutHas) || !strings.Contains(stderr.String(), tc.stderrHas) {
				t.Errorf("stdout (want %q):\n%s\nstderr (want %q):\n%s", tc.stdoutHas, stdout.String(), tc.stderrHas, stderr.String())
			}
			if tc.writes != "" && !bytes.Contains(readFile(t, tc.writes), []byte("my-sidecar")) {
				t.Errorf("%s was not written", tc.writes)
			}
		})
	}
}
