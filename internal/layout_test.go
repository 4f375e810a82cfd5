package internal_test

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// allowed lists, for each package, the podctl packages it may import:
// dependencies point one way, cli → {krm, output, apply}, {krm, output}
// → apply → {manifest → yamldoc, splice → yamldoc, workload, lint →
// poddefault},
// and neither the engine nor the linter imports a YAML library. Front
// ends may name the engine's and the kind table's types; they never call
// the engine.
var allowed = map[string][]string{
	"cli":   {"apply", "manifest", "krm", "output", "lint", "poddefault", "workload", "suggest"},
	"krm":   {"apply", "manifest", "yamldoc", "splice", "lint", "suggest"},
	"apply": {"manifest", "yamldoc", "splice", "workload", "poddefault", "cluster", "lint", "suggest"},
	"lint":  {"poddefault", "cluster"},
	// sources, streams of documents, atomic writes
	"manifest": {"yamldoc"},
	// one document: parsing, classification, decoding, nodes and positions
	"yamldoc": {"third_party/forked/yamlevents"},
	// changing a document by splicing text into its bytes
	"splice":     {"yamldoc"},
	"workload":   {},
	"poddefault": {},
	// the model of the API server around the webhook
	"cluster": {"poddefault"},
	// what tests need to compare pods with a real API server's answers
	"cluster/clustertest": {"poddefault"},
	"diff":                {},
	// the writers of every output format: no flag, no stream of its own
	"output": {"apply", "manifest", "lint", "diff", "poddefault"},
	// "did you mean": the known name nearest to a misspelt one
	"suggest": {},
	// yaml.v3's parser, forked: yamldoc reads documents with it
	"third_party/forked/yamlevents": {},
	// builds the binary for tests; no package lists it, so only tests import it
	"testbin": {},
}

// testOnly are the packages only tests import: they may run programs.
var testOnly = map[string]bool{"testbin": true}

var forbiddenInEngine = []string{"yaml", "os", "io/fs", "path/filepath", "github.com/spf13"}

func TestPackageDependencies(t *testing.T) {
	const module = "github.com/podctl/podctl/internal/"
	var pkgs []string
	err := filepath.WalkDir(".", func(path string, d os.DirEntry, err error) error {
		if err != nil || !d.IsDir() || path == "." {
			return err
		}
		if d.Name() == "testdata" {
			return filepath.SkipDir
		}
		if files, _ := filepath.Glob(filepath.Join(path, "*.go")); len(files) > 0 {
			pkgs = append(pkgs, filepath.ToSlash(path))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, pkg := range pkgs {
		ok, known := allowed[pkg]
		if !known {
			t.Errorf("package internal/%s is not in the dependency table of this test", pkg)
			continue
		}
		files, _ := filepath.Glob(filepath.Join(pkg, "*.go"))
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			parsed, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
			if err != nil {
				t.Fatal(err)
			}
			seen++
			for _, imp := range parsed.Imports {
				path, _ := strconv.Unquote(imp.Path.Value)
				if strings.HasPrefix(path, module) {
					dep := strings.TrimPrefix(path, module)
					if !slices.Contains(ok, dep) {
						t.Errorf("%s imports internal/%s, which it must not", f, dep)
					}
				}
				// podctl runs no program and opens no connection
				for _, never := range []string{"os/exec", "net", "net/http", "plugin", "syscall"} {
					if path == never && !testOnly[pkg] {
						t.Errorf("%s imports %s: podctl runs no program and opens no connection", f, path)
					}
				}
				if pkg == "cluster" {
					for _, bad := range append(forbiddenInEngine, "k8s.io/kubernetes") {
						if strings.Contains(path, bad) {
							t.Errorf("%s: the cluster model must stay pure and not import %s", f, path)
						}
					}
				}
				if pkg == "output" {
					for _, bad := range []string{"os", "flag", "github.com/spf13"} {
						if path == bad || strings.HasPrefix(path, bad+"/") {
							t.Errorf("%s imports %s: the writers take an io.Writer, never a flag or a stream of the process", f, path)
						}
					}
				}
				if pkg == "poddefault" || pkg == "lint" {
					for _, bad := range forbiddenInEngine {
						if strings.Contains(path, bad) {
							t.Errorf("%s: %s must stay pure, but imports %s", f, pkg, path)
						}
					}
				}
			}
		}
	}
	if seen == 0 {
		t.Fatal("no source files checked")
	}
}
