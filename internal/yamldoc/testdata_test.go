package yamldoc_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/podctl/podctl/internal/manifest"
	"github.com/podctl/podctl/internal/yamldoc"
)

// TestCheckAgreesOnTestdata runs the differential checks over every
// document of the repository's YAML: its testdata and apply's fixtures.
// (an external test: splitting a stream is package manifest's job, and
// manifest imports yamldoc)
func TestCheckAgreesOnTestdata(t *testing.T) {
	if testing.Short() {
		t.Skip("a sweep over every file of testdata: make test-large runs it")
	}
	var files []string
	for _, root := range []string{"../../testdata", "../apply/testdata"} {
		_ = filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && (strings.HasSuffix(path, ".yaml") || strings.HasSuffix(path, ".yml") || strings.HasSuffix(path, ".json")) {
				files = append(files, path)
			}
			return err
		})
	}
	if len(files) < 50 {
		t.Fatalf("only %d files under testdata", len(files))
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(filepath.ToSlash(f), func(t *testing.T) {
			for _, d := range manifest.Split(data) {
				yamldoc.CheckAgreesWithParse(t, data[d.Start:d.End])
				yamldoc.ComposeAgreesWithYAMLv3(t, data[d.Start:d.End])
			}
			yamldoc.ComposeAgreesWithYAMLv3(t, data) // the stream as one
		})
	}
}

// FuzzCheck: on any document, Check and Parse agree (see
// checkAgreesWithParse), and the composer Parse uses builds yaml.v3's tree.
func FuzzCheck(f *testing.F) {
	for _, s := range seedFiles() {
		if b, err := os.ReadFile(s); err == nil {
			for _, d := range manifest.Split(b) {
				f.Add(b[d.Start:d.End])
			}
		}
	}
	f.Add([]byte("apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: A}\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		yamldoc.CheckAgreesWithParse(t, src)
		yamldoc.ComposeAgreesWithYAMLv3(t, src)
	})
}

// seedFiles are the manifests of the CLI's golden cases and of apply's
// fixtures.
func seedFiles() []string {
	cli, _ := filepath.Glob("../../testdata/cli/*/*.yaml")
	fixtures, _ := filepath.Glob("../apply/testdata/*/*.yaml")
	return append(cli, fixtures...)
}
