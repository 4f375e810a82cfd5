package krm

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/podctl/podctl/internal/yamldoc"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/krm")

// TestGolden runs the function in-process on each testdata/krm/*/input.yaml
// and compares the output and the outcome with output.yaml and outcome.
func TestGolden(t *testing.T) {
	dirs, _ := filepath.Glob("../../testdata/krm/*/input.yaml")
	if len(dirs) == 0 {
		t.Fatal("no cases")
	}
	for _, in := range dirs {
		dir := filepath.Dir(in)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			input, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			out, err := Run(input)
			outcome := "ok"
			var failed *Failed
			switch {
			case errors.As(err, &failed):
				outcome = "failed, conflicts only: " + strconv.FormatBool(failed.Conflicts)
				if failed.Findings {
					outcome += ", lint findings"
				}
			case err != nil:
				outcome = "error: " + err.Error()
			}
			golden(t, filepath.Join(dir, "output.yaml"), out)
			golden(t, filepath.Join(dir, "outcome"), []byte(outcome+"\n"))
			if err != nil {
				if failed != nil && !bytes.Equal(itemsText(t, out), itemsText(t, input)) {
					t.Error("a failed run changed the items")
				}
				return
			}
			// a second run on the items gives them back as they are
			again, err := Run(withoutResults(t, out))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(itemsText(t, again), itemsText(t, out)) {
				t.Errorf("a second run changed the items:\n%s", again)
			}
		})
	}
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/krm -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs\n--- got\n%s\n--- want\n%s", filepath.Base(path), got, want)
	}
}

// itemsText renders the items of a ResourceList, to compare them.
func itemsText(t *testing.T, rl []byte) []byte {
	t.Helper()
	if len(rl) == 0 {
		return nil
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(rl, &doc); err != nil {
		t.Fatalf("%v\n%s", err, rl)
	}
	if items := yamldoc.Field(doc.Content[0], "items"); items != nil {
		b, _ := yaml.Marshal(items)
		return b
	}
	return nil
}

// withoutResults drops the results a run wrote: kustomize and kpt hand a
// function a ResourceList without them.
func withoutResults(t *testing.T, rl []byte) []byte {
	t.Helper()
	i := bytes.Index(rl, []byte("\nresults:\n"))
	if i < 0 {
		return rl
	}
	return rl[:i+1]
}

// The function's results name its own options (functionConfig keys and
// annotations), never the CLI's flags, which a function cannot take.
func TestResultsNameNoFlag(t *testing.T) {
	outputs, _ := filepath.Glob("../../testdata/krm/*/output.yaml")
	namesFlag := regexp.MustCompile(`(^|[^\w-])--[a-z]`)
	checked := 0
	for _, path := range outputs {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(data), "\n") {
			msg, ok := strings.CutPrefix(strings.TrimSpace(line), "- message: ")
			if !ok {
				continue
			}
			checked++
			if namesFlag.MatchString(msg) {
				t.Errorf("%s: a result names a flag: %s", path, msg)
			}
		}
	}
	if checked == 0 {
		t.Fatal("no result checked")
	}
}
