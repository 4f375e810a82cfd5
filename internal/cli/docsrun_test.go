package cli

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/podctl/podctl/internal/testbin"
)

// docFolder is what the folder of a documented command holds: each file
// name the docs use, and the example it stands for.
var docFolder = map[string]string{
	"notebook.yaml":                      "testdata/docs/notebook.yaml",
	"deploy.yaml":                        "testdata/docs/deploy.yaml",
	"trainer.yaml":                       "testdata/docs/trainer.yaml",
	"platform-kinds.yaml":                "testdata/docs/platform-kinds.yaml",
	"workloads.yaml":                     "testdata/examples/workloads.yaml",
	"poddefaults.yaml":                   "testdata/examples/poddefaults.yaml",
	"poddefaults/poddefaults.yaml":       "testdata/examples/poddefaults.yaml",
	"profiles/team-ml/poddefaults.yaml":  "testdata/examples/poddefaults.yaml",
	"manifests/notebook.yaml":            "testdata/docs/notebook.yaml",
	"manifests/workloads.yaml":           "testdata/examples/workloads.yaml",
	"testdata/examples/workloads.yaml":   "testdata/examples/workloads.yaml",
	"testdata/examples/poddefaults.yaml": "testdata/examples/poddefaults.yaml",
}

// docEnv is the environment of the documented commands that use one.
var docEnv = map[string]string{"ARGOCD_APP_NAMESPACE": "team-ml"}

// docRun says how a documented command is run: with the example that
// stands for its standard input (what the stage before it in a pipeline
// prints), or not at all, and why.
type docRun struct {
	stdin  string
	notRun string
}

// docRuns names every podctl command of README.md and docs/*.md (the
// words after "podctl", as written) and its input beyond docFolder. A
// command the docs gain must be added here.
var docRuns = map[string]docRun{
	// kustomize build overlays/prod | podctl …, helm template … | podctl …,
	// and the Argo CD plugin's kustomize build . | podctl …
	"apply-defaults -d poddefaults.yaml -n team-ml":                      {stdin: "testdata/examples/workloads.yaml"},
	"apply-defaults -d poddefaults/ -n team-ml":                          {stdin: "testdata/examples/workloads.yaml"},
	"apply-defaults -d poddefaults/ -n ${ARGOCD_APP_NAMESPACE:-default}": {stdin: "testdata/examples/workloads.yaml"},
	"preview -d poddefaults/ -o json":                                    {stdin: "testdata/examples/workloads.yaml"},

	"apply-defaults -f deploy.yaml -d poddefaults/":                                                          {},
	"apply-defaults --diff -f deploy.yaml -d poddefaults/":                                                   {},
	"apply-defaults -i -f deploy.yaml -d poddefaults/":                                                       {},
	"apply-defaults --check -R -f manifests/ -d poddefaults/":                                                {},
	"apply-defaults --diff -R -f manifests/ -d poddefaults/":                                                 {},
	"apply-defaults -i -R -f manifests/ -d poddefaults/":                                                     {},
	"apply-defaults -i --mark-excluded -R -f manifests/ -d poddefaults/":                                     {},
	"apply-defaults --check --mark-excluded -R -f manifests/ -d poddefaults/":                                {},
	"apply-defaults --check -R -f manifests/ -d poddefaults/ --report github":                                {},
	"apply-defaults --check -R -f manifests/ -d poddefaults/ --report json --report-file podctl-report.json": {},
	"apply-defaults -f testdata/examples/workloads.yaml -d testdata/examples/poddefaults.yaml":               {},
	"apply-defaults --workload-config platform-kinds.yaml -f trainer.yaml -d poddefaults/":                   {},
	"explain -f notebook.yaml -d poddefaults/":                                                               {},
	"explain -f manifests/notebook.yaml -d poddefaults/":                                                     {},
	"explain -f deploy.yaml -d poddefaults/ -o json":                                                         {},
	"explain -f workloads.yaml -d poddefaults.yaml":                                                          {},
	"preview -f notebook.yaml -d poddefaults/":                                                               {},
	"lint -d poddefaults/":                                 {},
	"lint -d poddefaults/ -o sarif":                        {},
	"lint -R -d profiles/ -f manifests/":                   {},
	"lint -R -d profiles/ -f manifests/ --fail-on warning": {},
	"lint -R -d profiles/ -o sarif":                        {},
	"completion zsh":                                       {},
	"version":                                              {},
}

// docVar is a shell variable as the docs write it: $X, ${X} or ${X:-default}.
var docVar = regexp.MustCompile(`\$\{(\w+)(?::-[^}]*)?\}|\$(\w+)`)

// expandDocVars replaces the shell variables of a word with docEnv.
func expandDocVars(t *testing.T, word string) string {
	return docVar.ReplaceAllStringFunc(word, func(v string) string {
		m := docVar.FindStringSubmatch(v)
		name := m[1] + m[2]
		val, ok := docEnv[name]
		if !ok {
			t.Errorf("%s: the docs use $%s, which docEnv does not set", word, name)
		}
		return val
	})
}

// docWorkdir makes a folder holding docFolder's files.
func docWorkdir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for name, src := range docFolder {
		writeFile(t, filepath.Join(dir, name), string(readFile(t, filepath.Join(moduleRoot, src))), 0o644)
	}
	return dir
}

// TestDocCommandsRun: every podctl command of the docs runs, with the
// built binary, on the examples that stand for its inputs, and fails
// neither with a usage nor with an input error: 0, 1 (changes, findings)
// and 3 (conflicts) are outcomes the docs may show; 2 means the command
// as written does not work.
func TestDocCommandsRun(t *testing.T) {
	if testing.Short() {
		t.Skip("runs every documented command: make test-large runs it")
	}
	bin := testbin.Podctl(t)
	seen := map[string]bool{}
	for _, path := range docFiles(t) {
		name, _ := filepath.Rel(moduleRoot, path)
		for _, c := range docCommandsIn(name, readFile(t, path)) {
			key := strings.Join(c.args, " ")
			seen[key] = true
			run, ok := docRuns[key]
			if !ok {
				t.Errorf("%s:%d: podctl %s: not in docRuns; name its inputs there (or why it is not run)", c.file, c.line, key)
				continue
			}
			if run.notRun != "" {
				continue
			}
			var args []string
			for _, a := range c.args {
				args = append(args, expandDocVars(t, a))
			}
			var stdin []byte
			if run.stdin != "" {
				stdin = readFile(t, filepath.Join(moduleRoot, run.stdin))
			}
			cmd := exec.Command(bin, args...)
			cmd.Dir = docWorkdir(t)
			cmd.Stdin = bytes.NewReader(stdin)
			cmd.Env = append(os.Environ(), "PODCTL_DEFAULTS=", "PODCTL_NAMESPACE=", "NO_COLOR=1")
			var out, errb bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &errb
			err := cmd.Run()
			if _, isExit := err.(*exec.ExitError); err != nil && !isExit {
				t.Fatal(err)
			}
			switch code := cmd.ProcessState.ExitCode(); code {
			case 0, 1, 3:
			default:
				t.Errorf("%s:%d: podctl %s: exit %d\nstderr:\n%s", c.file, c.line, key, code, errb.String())
			}
		}
	}
	for key := range docRuns {
		if !seen[key] {
			t.Errorf("docRuns: podctl %s is in no doc any more", key)
		}
	}
}
