package cli

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestDiffAppliesWithGit: the --diff of a stream of 600 documents, in
// hundreds of hunks, is the patch git needs to turn the file into what
// apply-defaults writes.
func TestDiffAppliesWithGit(t *testing.T) {
	git, err := exec.LookPath("git")
	if err != nil {
		t.Skip("no git")
	}
	in := generateBenchInput(600, benchSeed)
	dir := t.TempDir()
	t.Chdir(dir)
	if err := os.WriteFile("workloads.yaml", in.Workloads, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile("poddefaults.yaml", in.PodDefaults, 0o644); err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) []byte {
		var stdout, stderr bytes.Buffer
		code := Main(append([]string{"apply-defaults", "-q", "-f", "workloads.yaml", "-d", "poddefaults.yaml"}, args...), strings.NewReader(""), &stdout, &stderr)
		if code != ExitOK && code != ExitChanges {
			t.Fatalf("exit %d: %s", code, stderr.String())
		}
		return stdout.Bytes()
	}
	want, patch := run(), run("--diff")
	if n := bytes.Count(patch, []byte("\n@@ ")); n < 100 {
		t.Fatalf("only %d hunks", n)
	}
	if err := os.WriteFile(filepath.Join(dir, "p.diff"), patch, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(git, "apply", "p.diff").CombinedOutput(); err != nil {
		t.Fatalf("git apply: %v\n%s", err, out)
	}
	if got := readFile(t, "workloads.yaml"); !bytes.Equal(got, want) {
		t.Fatal("git apply of the diff does not give what apply-defaults writes")
	}
}
