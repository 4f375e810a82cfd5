package cli

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// What reading skips is a warning like any other: -q silences it,
// --strict fails on it, reports carry it.
func TestReadWarningsAreWarnings(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "m", "a.yaml"), "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: team-ml}\nspec:\n  containers: [{name: c, image: i}]\n", 0o644)
	outside := filepath.Join(t.TempDir(), "o.yaml")
	writeFile(t, outside, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: o}\n", 0o644)
	if err := os.Symlink(outside, filepath.Join(dir, "m", "link.yaml")); err != nil {
		t.Fatal(err)
	}
	m, d := filepath.Join(dir, "m"), "../../testdata/examples/poddefaults.yaml"
	if code, _, errs := run(t, "apply-defaults", "-R", "-f", m, "-d", d, "-q"); code != 0 || errs != "" {
		t.Errorf("-q: exit %d, stderr %q", code, errs)
	}
	if code, out, _ := run(t, "apply-defaults", "-R", "-f", m, "-d", d, "--strict"); code != ExitConflict || out != "" {
		t.Errorf("--strict: exit %d", code)
	}
	report := filepath.Join(dir, "r.json")
	run(t, "apply-defaults", "-R", "-f", m, "-d", d, "--report", "json", "--report-file", report)
	if b, _ := os.ReadFile(report); !strings.Contains(string(b), "leads out of") {
		t.Errorf("the report lacks the warning:\n%s", b)
	}
}

func TestUsageProblems(t *testing.T) {
	for _, args := range [][]string{
		{"apply-defaults", "--report-file", "x.json"},
		{"apply-defaults", "-n", "Bad NS/x"},
		{"explain", "-n", "UPPER"},
	} {
		if code, out, errs := run(t, args...); code != ExitInput || out != "" || errs == "" {
			t.Errorf("%v: exit %d, stderr %q", args, code, errs)
		}
	}
}

// /dev/stdin and <(…) name pipes that have no path of their own.
func TestDevStdin(t *testing.T) {
	if _, err := os.Stat("/dev/stdin"); err != nil {
		t.Skip("no /dev/stdin")
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		w.Write(readFile(t, "../../testdata/examples/poddefaults.yaml"))
		w.Close()
	}()
	// /dev/fd/N of a pipe, as the shell's <(…) passes it
	path := "/dev/fd/" + strconv.Itoa(int(r.Fd()))
	code, out, errs := run(t, "apply-defaults", "-f", "../../testdata/examples/workloads.yaml", "-d", path)
	if code != 0 || !strings.Contains(out, "my-sidecar") {
		t.Fatalf("exit %d: %s", code, errs)
	}
}
