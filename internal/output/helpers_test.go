package output

import (
	"os"
	"testing"

	"github.com/podctl/podctl/internal/apply"
	"github.com/podctl/podctl/internal/manifest"
)

// request reads a workloads file and a PodDefaults file into a request,
// each source named by its path.
func request(t *testing.T, workloads, defaults string) apply.Request {
	t.Helper()
	return apply.Request{
		Workloads: []*manifest.Source{manifest.NewSource(workloads, readFile(t, workloads))},
		Defaults:  []*manifest.Source{manifest.NewSource(defaults, readFile(t, defaults))},
	}
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

// The example and conflict inputs of the command line's goldens.
const (
	examplesWorkloads = "../../testdata/examples/workloads.yaml"
	examplesDefaults  = "../../testdata/examples/poddefaults.yaml"
	conflictWorkloads = "../../testdata/cli/conflict/workloads.yaml"
	conflictDefaults  = "../../testdata/cli/conflict/poddefaults.yaml"
)
