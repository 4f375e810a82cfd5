package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/podctl/podctl/internal/manifest"
)

// FuzzApplyDefaults: any stream either fails (exit 2 or 3, nothing on
// standard output) or comes out with every document, and podctl never
// panics. Run on its own output, podctl changes nothing but label chains.
func FuzzApplyDefaults(f *testing.F) {
	// make test (-short) seeds with the CLI's cases; make test-large adds
	// the conformance pods and apply's fixtures, whose own tests run them
	seeds, _ := filepath.Glob("../../testdata/cli/*/*.yaml")
	if !testing.Short() {
		conformance, _ := filepath.Glob("../../testdata/conformance/*/pod.yaml")
		fixtures, _ := filepath.Glob("../apply/testdata/*/*.yaml")
		seeds = append(append(seeds, conformance...), fixtures...)
	}
	for _, s := range seeds {
		if b, err := os.ReadFile(s); err == nil {
			f.Add(b)
		}
	}
	defaults := "../../testdata/cli/fuzz-poddefaults.yaml"
	f.Fuzz(func(t *testing.T, data []byte) {
		var stdout, stderr bytes.Buffer
		code := Main([]string{"apply-defaults", "-d", defaults, "-n", "team-ml"}, bytes.NewReader(data), &stdout, &stderr)
		if strings.Contains(stderr.String(), "internal error") {
			t.Fatalf("podctl failed inside: %s", stderr.String())
		}
		switch code {
		case ExitOK:
		case ExitInput, ExitConflict:
			if stdout.Len() != 0 {
				t.Fatalf("exit %d with output", code)
			}
			return
		default:
			t.Fatalf("exit %d: %s", code, stderr.String())
		}
		if in, out := contentDocs(data), contentDocs(stdout.Bytes()); in != out {
			t.Fatalf("%d documents in, %d out", in, out)
		}
		if strings.Contains(stderr.String(), "second pass") {
			return
		}
		var again bytes.Buffer
		stderr.Reset()
		if code := Main([]string{"apply-defaults", "-d", defaults, "-n", "team-ml"}, bytes.NewReader(stdout.Bytes()), &again, &stderr); code != 0 {
			t.Fatalf("the output does not go through again: exit %d: %s\n%s", code, stderr.String(), stdout.String())
		}
		if !bytes.Equal(again.Bytes(), stdout.Bytes()) {
			t.Fatalf("a second run changed the output\n--- once\n%s\n--- twice\n%s", stdout.String(), again.String())
		}
	})
}

func contentDocs(b []byte) int {
	n := 0
	for _, d := range manifest.Split(b) {
		if d.Index > 0 {
			n++
		}
	}
	return n
}
