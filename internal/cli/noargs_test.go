package cli

import (
	"bytes"
	"strings"
	"testing"
)

// TestWithoutArguments: kustomize and kpt run an exec function without
// arguments, with a ResourceList on standard input.
func TestWithoutArguments(t *testing.T) {
	rl := readFile(t, "../../testdata/krm/podDefaultList-config/input.yaml")
	tests := []struct {
		name, stdin string
		code        int
		stdoutHas   string
		stderrHas   string
	}{
		{"a ResourceList runs the function", string(rl), 0, "poddefault.admission.kubeflow.org/poddefault-add-sidecar", ""},
		{"nothing shows the help", "", 0, "podctl applies Kubeflow PodDefaults", ""},
		{"anything else is a usage error", "apiVersion: v1\nkind: Pod\n", 2, "", "no command given"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := Main(nil, strings.NewReader(tc.stdin), &stdout, &stderr)
			if code != tc.code || !strings.Contains(stdout.String(), tc.stdoutHas) || !strings.Contains(stderr.String(), tc.stderrHas) {
				t.Fatalf("exit %d (want %d)\nstdout: %.300s\nstderr: %s", code, tc.code, stdout.String(), stderr.String())
			}
		})
	}
}
