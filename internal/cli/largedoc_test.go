//go:build large && unix

package cli

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/podctl/podctl/internal/testbin"
)

// TestLargeDocuments: one 50 MiB document, in each of the shapes a large
// manifest takes, goes through the built binary with exit 0, comes out
// byte for byte where podctl changes nothing, and costs at most 3× its
// size + 50 MiB of peak resident memory.
func TestLargeDocuments(t *testing.T) {
	const size = 50 << 20
	bin := testbin.Podctl(t)
	defaults, err := filepath.Abs("../../testdata/examples/poddefaults.yaml")
	if err != nil {
		t.Fatal(err)
	}
	deployment := func(selected bool, value func(*bytes.Buffer)) func(*bytes.Buffer) {
		return func(b *bytes.Buffer) {
			b.WriteString("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: big\n  namespace: team-ml\nspec:\n  selector:\n    matchLabels: {app: big}\n  template:\n    metadata:\n      labels:\n        app: big\n")
			if selected {
				b.WriteString("        add-sidecar: \"true\"\n")
			}
			b.WriteString("      annotations:\n        blob: ")
			value(b)
			b.WriteString("\n    spec:\n      containers:\n      - name: main\n        image: python:3.12\n")
		}
	}
	selectedWithBlock := deployment(true, func(b *bytes.Buffer) {
		b.WriteString("|\n")
		for n := 0; n < size; n += 100 {
			b.WriteString("          " + strings.Repeat("z", 89) + "\n")
		}
	})
	tests := []struct {
		name    string
		write   func(*bytes.Buffer)
		changed bool
		piped   bool // on standard input, through a pipe
	}{
		{"a ConfigMap of many entries", func(b *bytes.Buffer) {
			b.WriteString("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n")
			for i := 0; b.Len() < size; i++ {
				fmt.Fprintf(b, "  key-%d: value-%d\n", i, i)
			}
		}, false, false},
		{"a ConfigMap of one value", func(b *bytes.Buffer) {
			b.WriteString("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  blob: |\n")
			for b.Len() < size {
				b.WriteString("    " + strings.Repeat("x", 95) + "\n")
			}
		}, false, false},
		{"a List of ConfigMaps", func(b *bytes.Buffer) {
			b.WriteString("apiVersion: v1\nkind: List\nitems:\n")
			for i := 0; b.Len() < size; i++ {
				fmt.Fprintf(b, "- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: cm-%d\n  data:\n    a: value-%d\n", i, i)
			}
		}, false, false},
		{"a Deployment with a long annotation", deployment(false, func(b *bytes.Buffer) {
			b.WriteString(`"` + strings.Repeat("y", size) + `"`)
		}), false, false},
		{"a selected Deployment with a long block annotation", selectedWithBlock, true, false},
		{"the same through a pipe", selectedWithBlock, true, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			var in bytes.Buffer
			tc.write(&in)
			input := filepath.Join(dir, "big.yaml")
			if err := os.WriteFile(input, in.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			inputSize := in.Len()
			self, err := os.Executable()
			if err != nil {
				t.Fatal(err)
			}
			output := filepath.Join(dir, "out.yaml")
			var stderr bytes.Buffer
			args := []string{bin, "apply-defaults", "-f", input, "-d", defaults}
			var stdin io.Reader
			if tc.piped { // not an *os.File: exec pipes it
				args[3], stdin = "-", bytes.NewReader(in.Bytes())
			}
			_, peakKiB, err := runLaunched(self, output, args, nil, stdin, &stderr)
			if err != nil {
				t.Fatalf("%v: %s", err, stderr.String())
			}
			out, err := os.ReadFile(output)
			if err != nil {
				t.Fatal(err)
			}
			if same := bytes.Equal(out, in.Bytes()); same == tc.changed {
				t.Errorf("output changed: %v, want %v", !same, tc.changed)
			}
			in.Reset()
			peakMiB := float64(peakKiB) / 1024
			bound := 3*float64(inputSize)/(1<<20) + 50
			t.Logf("%.1f MiB in, peak RSS %.1f MiB (bound %.0f MiB)", float64(inputSize)/(1<<20), peakMiB, bound)
			if peakMiB > bound {
				t.Errorf("peak RSS %.1f MiB, over the bound of %.0f MiB", peakMiB, bound)
			}
		})
	}
}
