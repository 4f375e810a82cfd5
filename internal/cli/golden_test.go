package cli

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/cli")

// TestGolden runs each folder of testdata/cli as a user would: the
// arguments in "args" (one per line) from inside the folder, with "stdin"
// as standard input, and compares stdout, stderr and the exit code with
// the golden files byte for byte. Run with -update to rewrite them.
func TestGolden(t *testing.T) {
	dirs, err := filepath.Glob("../../testdata/cli/*/args")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no golden cases: %v", err)
	}
	for _, argsFile := range dirs {
		dir := filepath.Dir(argsFile)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			raw, err := os.ReadFile(argsFile)
			if err != nil {
				t.Fatal(err)
			}
			args := strings.Split(strings.TrimRight(string(raw), "\n"), "\n")
			stdin, _ := os.ReadFile(filepath.Join(dir, "stdin"))
			t.Chdir(dir)
			var stdout, stderr bytes.Buffer
			code := Main(args, bytes.NewReader(stdin), &stdout, &stderr)
			compareGolden(t, "stdout", stdout.Bytes())
			compareGolden(t, "stderr", stderr.Bytes())
			compareGolden(t, "exit", []byte(strconv.Itoa(code)+"\n"))
		})
	}
}

func compareGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(name, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(name)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/cli -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}
