package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestStrictAndQuiet(t *testing.T) {
	args := []string{"apply-defaults", "-f", "../../testdata/examples/workloads.yaml", "-d", "../../testdata/examples/poddefaults.yaml"}
	if code, out, errs := run(t, append(args, "--strict")...); code != ExitConflict || out != "" || !strings.Contains(errs, "--strict") {
		t.Errorf("--strict: exit %d, stdout %d bytes, stderr %s", code, len(out), errs)
	}
	if code, out, errs := run(t, append(args, "-q")...); code != 0 || out == "" || errs != "" {
		t.Errorf("-q: exit %d, stderr %q", code, errs)
	}
	dir := t.TempDir()
	if code, _, _ := run(t, append(args, "--report", "json", "--report-file", filepath.Join(dir, "r.json"), "--report", "xml")...); code != ExitInput {
		t.Errorf("a bad --report is a usage error, got %d", code)
	}
	if _, err := os.Stat(filepath.Join(dir, "r.json")); err == nil {
		t.Error("a usage error wrote a report")
	}
}
