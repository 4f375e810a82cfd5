// Package testbin builds the podctl binary for the tests that run it as
// users do: the CLI's, the KRM function's under kpt and kustomize, the
// benchmark's.
//
// It builds once per state of the source, not once per test package: the
// binary is kept in the temporary folder (one per user) under a hash of everything that
// goes into it, so the test packages of one go test run, which run as
// separate processes, share one build, and so do later runs while the
// source stays the same. A package that starts while another builds waits
// for that build.
//
// Only tests import it: it runs the go command.
package testbin

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// Version, Commit and Date are what the binary reports as its version,
// commit and build date (podctl version).
const (
	Version = "v0.0.0-test"
	Commit  = "0123456789abcdef0123456789abcdef01234567"
	Date    = "2006-01-02T15:04:05Z"
)

var (
	once    sync.Once
	binPath string
	binErr  error
)

// Podctl returns the path of a podctl binary built from the module's
// source as it is now, with go build as a user would run it: the go
// command on PATH, else that of the Go that runs the tests. A failed
// build fails the test.
func Podctl(t testing.TB) string {
	t.Helper()
	once.Do(func() { binPath, binErr = build() })
	if binErr != nil {
		t.Fatalf("building podctl: %v", binErr)
	}
	return binPath
}

// cacheAge is how long an unused build is kept: older ones are removed
// when a new one is made.
const cacheAge = 24 * time.Hour

// lockAge is how long a build may hold the lock before the lock counts as
// left behind by a process that died.
const lockAge = 10 * time.Minute

func build() (string, error) {
	root, err := moduleRoot()
	if err != nil {
		return "", err
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		goTool = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	const cli = "github.com/podctl/podctl/internal/cli"
	ldflags := "-X " + cli + ".version=" + Version + " -X " + cli + ".commit=" + Commit + " -X " + cli + ".date=" + Date
	key, err := sourceHash(root, goTool, ldflags)
	if err != nil {
		return "", err
	}
	cache := filepath.Join(os.TempDir(), fmt.Sprintf("podctl-testbin-%d", os.Getuid()))
	dir := filepath.Join(cache, key)
	bin := filepath.Join(dir, "podctl"+exeSuffix())
	lock := dir + ".lock"
	if err := os.MkdirAll(cache, 0o755); err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(bin); err == nil {
			now := time.Now()
			_ = os.Chtimes(dir, now, now) // in use: not to be pruned
			return bin, nil
		}
		err := os.Mkdir(lock, 0o755)
		if err == nil {
			break
		}
		if !errors.Is(err, fs.ErrExist) {
			return "", err
		}
		// another test package builds it: wait, unless its lock is stale
		if info, err := os.Stat(lock); err == nil && time.Since(info.ModTime()) > lockAge {
			_ = os.Remove(lock)
		}
		time.Sleep(50 * time.Millisecond)
	}
	defer os.Remove(lock)
	if _, err := os.Stat(bin); err == nil { // built while this one waited
		return bin, nil
	}
	tmp, err := os.MkdirTemp(cache, key+".tmp-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	cmd := exec.Command(goTool, "build", "-ldflags", ldflags, "-o", filepath.Join(tmp, filepath.Base(bin)), "./cmd/podctl")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("%w\n%s", err, out)
	}
	if err := os.Rename(tmp, dir); err != nil {
		if _, serr := os.Stat(bin); serr == nil {
			return bin, nil // a build that took a stale lock got there first
		}
		return "", err
	}
	prune(cache, key)
	return bin, nil
}

// moduleRoot is the folder of go.mod, above the test's package folder.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the test's folder")
		}
		dir = parent
	}
}

// sourceHash names a build: the go command, the Go that runs the tests,
// the build flags and environment, go.mod and go.sum, and every file of
// cmd/ and internal/ that a build can read (test files and testdata
// cannot go into the binary).
func sourceHash(root, goTool, ldflags string) (string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00", goTool, runtime.Version(), ldflags)
	for _, env := range []string{"GOOS", "GOARCH", "GOFLAGS", "GOEXPERIMENT", "CGO_ENABLED", "GOTOOLCHAIN"} {
		fmt.Fprintf(h, "%s=%s\x00", env, os.Getenv(env))
	}
	add := func(path string) error {
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		rel, _ := filepath.Rel(root, path)
		fmt.Fprintf(h, "%s\x00", filepath.ToSlash(rel))
		if _, err := io.Copy(h, f); err != nil {
			return err
		}
		_, err = h.Write([]byte{0})
		return err
	}
	for _, f := range []string{"go.mod", "go.sum"} {
		if err := add(filepath.Join(root, f)); err != nil {
			return "", err
		}
	}
	for _, top := range []string{"cmd", "internal"} {
		err := filepath.WalkDir(filepath.Join(root, top), func(path string, d fs.DirEntry, err error) error {
			switch {
			case err != nil:
				return err
			case d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")):
				return filepath.SkipDir
			case d.IsDir() || !d.Type().IsRegular() || strings.HasSuffix(d.Name(), "_test.go"):
				return nil
			}
			return add(path)
		})
		if err != nil {
			return "", err
		}
	}
	return hex.EncodeToString(h.Sum(nil))[:20], nil
}

// prune removes the builds, and what failed builds left, that no test
// has used for cacheAge.
func prune(cache, keep string) {
	entries, err := os.ReadDir(cache)
	if err != nil {
		return
	}
	for _, e := range entries {
		if e.Name() == keep || strings.HasSuffix(e.Name(), ".lock") {
			continue
		}
		if info, err := e.Info(); err == nil && time.Since(info.ModTime()) > cacheAge {
			_ = os.RemoveAll(filepath.Join(cache, e.Name()))
		}
	}
}

func exeSuffix() string {
	if runtime.GOOS == "windows" {
		return ".exe"
	}
	return ""
}
