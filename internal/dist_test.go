//go:build dist

package internal_test

import (
	"archive/tar"
	"archive/zip"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestDistArchives reads the archives goreleaser left in dist/ (make
// dist-check makes them) and checks that each holds the binary, LICENSE,
// README.md, every doc README.md links to, the man pages and the shell
// completions. Build tag dist: it needs a goreleaser run first.
func TestDistArchives(t *testing.T) {
	archives, _ := filepath.Glob("../dist/podctl_*.tar.gz")
	zips, _ := filepath.Glob("../dist/podctl_*.zip")
	archives = append(archives, zips...)
	if len(archives) == 0 {
		t.Fatal("no archive in dist/: run make dist-check")
	}
	need := append([]string{"LICENSE", "README.md", "manpages/podctl.1", "manpages/podctl-apply-defaults.1",
		"completions/podctl.bash", "completions/podctl.zsh", "completions/podctl.fish"}, linkedFiles(t, "README.md")...)
	for _, a := range archives {
		names := archiveNames(t, a)
		binary := "podctl"
		if strings.HasSuffix(a, ".zip") {
			binary = "podctl.exe"
		}
		for _, n := range append(need, binary) {
			if !slices.Contains(names, n) {
				t.Errorf("%s does not hold %s", filepath.Base(a), n)
			}
		}
	}
}

func archiveNames(t *testing.T, name string) []string {
	t.Helper()
	var names []string
	if strings.HasSuffix(name, ".zip") {
		r, err := zip.OpenReader(name)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		for _, f := range r.File {
			names = append(names, f.Name)
		}
		return names
	}
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return names
		}
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		names = append(names, h.Name)
	}
}
