package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestExitCodes: the exit code of each mode and command, through Main, on
// real files and standard input: 0 done or nothing to do, 1 changes found,
// 2 usage or input error, 3 conflict (or a warning under --strict). A
// failed apply-defaults writes nothing on standard output (explain says
// why a pod would be rejected there). The manifests are copies in
// a temporary folder, as -i writes them.
func TestExitCodes(t *testing.T) {
	const (
		examplesW = "../../testdata/examples/workloads.yaml"
		examplesD = "../../testdata/examples/poddefaults.yaml"
		cleanW    = "../../testdata/cli/stdin-namespace/stdout"
		cleanD    = "../../testdata/cli/stdin-namespace/poddefaults.yaml"
		badW      = "../../testdata/cli/bad-yaml/workloads.yaml"
		conflictW = "../../testdata/cli/conflict/workloads.yaml"
		conflictD = "../../testdata/cli/conflict/poddefaults.yaml"
	)
	pod := "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: team-ml, labels: {add-sidecar: \"true\"}}\nspec:\n  containers: [{name: c, image: i}]\n"
	examples := []string{"-f", examplesW, "-d", examplesD}
	clean := []string{"-f", cleanW, "-d", cleanD, "-n", "team-ml"}
	bad := []string{"-f", badW}
	conflict := []string{"-f", conflictW, "-d", conflictD}
	tests := []struct {
		name      string
		args      []string
		stdin     string
		code      int
		stdoutHas string
		stderrHas string
	}{
		{"applies", append([]string{"apply-defaults"}, examples...), "", 0, "poddefault.admission.kubeflow.org/poddefault-add-sidecar", ""},
		{"stdin", []string{"apply-defaults", "-d", examplesD}, pod, 0, "my-sidecar", ""},
		{"defaults on stdin", []string{"apply-defaults", "-f", examplesW, "-d", "-"}, string(readFile(t, examplesD)), 0, "poddefault-kubeflow-pipelines-api-token", ""},
		{"conflict", append([]string{"apply-defaults"}, conflict...), "", 3, "", "env-a, env-b"},
		{"bad input wins over a conflict", []string{"apply-defaults", "-f", conflictW, "-f", badW, "-d", conflictD}, "", 2, "", "mapping values are not allowed"},
		{"missing file", []string{"apply-defaults", "-f", "nope.yaml"}, "", 2, "", "nope.yaml: no such file"},
		{"unknown flag", []string{"apply-defaults", "--bogus"}, "", 2, "", "unknown flag"},
		{"a misspelt flag", []string{"apply-defaults", "--chek"}, "", 2, "", "unknown flag: --chek (did you mean --check?)"},
		{"-v without -i", []string{"apply-defaults", "-v", "-f", examplesW}, "", 2, "", "-v goes with -i"},
		{"unknown command", []string{"bogus"}, "", 2, "", "unknown command"},
		{"stdin for both", []string{"apply-defaults", "-d", "-"}, "", 2, "", "not both"},
		{"completion", []string{"completion", "bash"}, "", 0, "bash completion", ""},
		{"help names exit codes", []string{"apply-defaults", "--help"}, "", 0, "3  the cluster would refuse a pod", ""},

		{"--check clean", append([]string{"apply-defaults", "--check"}, clean...), "", 0, "", ""},
		{"--check changes", append([]string{"apply-defaults", "--check"}, examples...), "", 1, "Job/team-ml/data-prep", ""},
		{"--check bad", append([]string{"apply-defaults", "--check"}, bad...), "", 2, "", "workloads.yaml:9"},
		{"--check conflict", append([]string{"apply-defaults", "--check"}, conflict...), "", 3, "", "env-a, env-b"},
		{"--diff clean", append([]string{"apply-defaults", "--diff"}, clean...), "", 0, "", ""},
		{"--diff changes", append([]string{"apply-defaults", "--diff"}, examples...), "", 1, "+++ b/", ""},
		{"--diff bad", append([]string{"apply-defaults", "--diff"}, bad...), "", 2, "", "workloads.yaml:9"},
		{"--diff conflict", append([]string{"apply-defaults", "--diff"}, conflict...), "", 3, "", "env-a, env-b"},
		{"-i clean", append([]string{"apply-defaults", "-i"}, clean...), "", 0, "", ""},
		{"-i changes", append([]string{"apply-defaults", "-i"}, examples...), "", 0, "", ""},
		{"-i bad", append([]string{"apply-defaults", "-i"}, bad...), "", 2, "", "workloads.yaml:9"},
		{"-i conflict", append([]string{"apply-defaults", "-i"}, conflict...), "", 3, "", "env-a, env-b"},
		{"--strict warning", append([]string{"apply-defaults", "--strict"}, examples...), "", 3, "", "--strict"},
		{"explain", append([]string{"explain"}, examples...), "", 0, "applied", ""},
		{"explain bad", append([]string{"explain"}, bad...), "", 2, "", "workloads.yaml:9"},
		{"explain conflict", append([]string{"explain"}, conflict...), "", 3, "the webhook would reject this pod", ""},
		{"preview", append([]string{"preview"}, examples...), "", 0, "kube-api-access-xxxxx", ""},
		{"preview conflict", append([]string{"preview"}, conflict...), "", 3, "preview.podctl.dev/refused", ""},
		{"lint finds errors", []string{"lint", "-d", "../../testdata/cli/lint-text/poddefaults.yaml"}, "", 1, "error PD102", "podctl lint: 2 errors"},
		{"lint stdin, clean", []string{"lint"}, string(readFile(t, examplesD)), 0, "", "no findings"},
		{"lint warnings pass by default", []string{"lint", "-d", "../../testdata/cli/lint-fail-on/poddefaults.yaml"}, "", 0, "warning PD201", ""},
		{"lint fails on warnings when asked", []string{"lint", "--fail-on", "warning", "-d", "../../testdata/cli/lint-fail-on/poddefaults.yaml", "-o", "sarif"}, "", 1, `"ruleId": "PD201"`, ""},
		{"lint bad input", []string{"lint", "-d", "../../testdata/cli/lint-bad-input/poddefaults.yaml"}, "", 2, "", "spec.sidecar: unknown field (did you mean sidecars?)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{}, tc.args...)
			for i := range args {
				if i > 0 && args[i-1] == "-f" && args[i] != "-" && args[i] != "nope.yaml" {
					args[i] = filepath.Join(t.TempDir(), filepath.Base(args[i]))
					writeFile(t, args[i], string(readFile(t, tc.args[i])), 0o644)
				}
			}
			var stdout, stderr bytes.Buffer
			code := Main(args, strings.NewReader(tc.stdin), &stdout, &stderr)
			if code != tc.code {
				t.Fatalf("exit %d, want %d; stderr: %s", code, tc.code, stderr.String())
			}
			if !strings.Contains(stdout.String(), tc.stdoutHas) {
				t.Errorf("stdout lacks %q:\n%s", tc.stdoutHas, stdout.String())
			}
			if !strings.Contains(stderr.String(), tc.stderrHas) {
				t.Errorf("stderr lacks %q:\n%s", tc.stderrHas, stderr.String())
			}
			if tc.code >= ExitInput && tc.args[0] == "apply-defaults" && stdout.Len() > 0 {
				t.Errorf("wrote output on failure:\n%s", stdout.String())
			}
		})
	}
}

// No PodDefault read where -d was given is an input error, not a silent
// pass: a `kubectl get poddefaults` that failed into a pipe, or an empty
// folder. --allow-empty-defaults says it is meant.
func TestEmptyDefaultsAreAnError(t *testing.T) {
	empty := t.TempDir()
	pod := "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, image: i}]\n"
	podFile := filepath.Join(t.TempDir(), "pod.yaml")
	writeFile(t, podFile, pod, 0o644)
	emptyFile := filepath.Join(t.TempDir(), "poddefaults.yaml")
	writeFile(t, emptyFile, "", 0o644)
	for _, tc := range []struct {
		name  string
		args  []string
		stdin string
		code  int
		has   string
	}{
		{"empty folder", []string{"apply-defaults", "--check", "-f", podFile, "-d", empty}, "", ExitInput, empty + ": a folder without manifests"},
		{"empty -f folder", []string{"apply-defaults", "--check", "-f", empty, "-d", "../../testdata/examples/poddefaults.yaml"}, "", ExitInput, empty + ": a folder without manifests"},
		// a named file that holds none is what the user named: a namespace
		// without PodDefaults (public case 044), admitted unchanged
		{"a named file without PodDefaults", []string{"apply-defaults", "--check", "-f", podFile, "-d", emptyFile}, "", ExitOK, ""},
		{"empty standard input", []string{"apply-defaults", "--check", "-f", podFile, "-d", "-"}, "", ExitInput, "no PodDefault was read from standard input (-d -)"},
		{"explain too", []string{"explain", "-f", podFile, "-d", "-"}, "", ExitInput, "--allow-empty-defaults"},
		{"meant", []string{"apply-defaults", "--check", "--allow-empty-defaults", "-f", podFile, "-d", empty}, "", ExitOK, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := Main(tc.args, strings.NewReader(tc.stdin), &stdout, &stderr); code != tc.code {
				t.Fatalf("exit %d, want %d; stderr: %s", code, tc.code, stderr.String())
			}
			if !strings.Contains(stderr.String(), tc.has) {
				t.Errorf("stderr lacks %q: %s", tc.has, stderr.String())
			}
		})
	}
}

// Small things a user trips on: --report-file - is standard output;
// TERM=dumb means no colour; standard input that is /dev/null is no
// terminal; fn says what it got when it is no ResourceList.
func TestStreamsAndTerminals(t *testing.T) {
	var stdout, stderr bytes.Buffer
	args := []string{"apply-defaults", "--check", "--report", "json", "--report-file", "-",
		"-f", "../../testdata/examples/workloads.yaml", "-d", "../../testdata/examples/poddefaults.yaml"}
	if code := Main(args, strings.NewReader(""), &stdout, &stderr); code != ExitChanges || !strings.Contains(stdout.String(), `"changed": true`) {
		t.Errorf("--report-file -: exit %d, stdout %q", code, stdout.String())
	}

	t.Setenv("NO_COLOR", "")
	os.Unsetenv("NO_COLOR")
	for term, want := range map[string]bool{"dumb": false, "xterm-256color": true} {
		t.Setenv("TERM", term)
		if got := colorAllowedByEnv(); got != want {
			t.Errorf("TERM=%s: colour allowed %v, want %v", term, got, want)
		}
	}

	null, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer null.Close()
	if isTerminal(null) {
		t.Error("/dev/null taken for a terminal")
	}

	stdout.Reset()
	stderr.Reset()
	if code := Main([]string{"fn"}, strings.NewReader("{}"), &stdout, &stderr); code != ExitInput || !strings.Contains(stderr.String(), "an object without apiVersion and kind, not a ResourceList") {
		t.Errorf("fn on {}: exit %d, stderr %q", code, stderr.String())
	}
}
