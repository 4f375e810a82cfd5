package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// workspace copies the example PodDefaults and workloads into a fresh
// folder and returns it.
func workspace(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range []string{"workloads.yaml", "poddefaults.yaml"} {
		if err := os.WriteFile(filepath.Join(dir, f), readFile(t, "../../testdata/examples/"+f), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// run runs podctl through Main with an empty standard input.
func run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	code = Main(args, strings.NewReader(""), &o, &e)
	return code, o.String(), e.String()
}

// readFile reads a file the test needs.
func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// writeFile writes a file, and the folders it needs.
func writeFile(t *testing.T, path, content string, mode os.FileMode) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), mode); err != nil {
		t.Fatal(err)
	}
}
