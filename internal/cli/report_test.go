package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/podctl/podctl/internal/apply"
)

// TestJSONReport: the report decodes into apply.Report, field for field
// (unknown fields refused), and tells objects, errors and warnings apart.
func TestJSONReport(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "report.json")
	code, _, errs := run(t, "apply-defaults", "--check", "--report", "json", "--report-file", file,
		"-f", "../../testdata/cli/conflict/workloads.yaml", "-d", "../../testdata/cli/conflict/poddefaults.yaml")
	if code != ExitConflict {
		t.Fatalf("exit %d: %s", code, errs)
	}
	dec := json.NewDecoder(strings.NewReader(string(readFile(t, file))))
	dec.DisallowUnknownFields()
	var rep apply.Report
	if err := dec.Decode(&rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Errors) != 1 || rep.Errors[0].Kind != "conflict" || rep.Errors[0].Line != 7 || rep.Errors[0].Object != "Deployment/team-ml/web" {
		t.Errorf("errors %+v", rep.Errors)
	}
	if len(rep.Objects) != 1 || rep.Objects[0].Object != "Pod/team-ml/fine" || !rep.Objects[0].Changed ||
		strings.Join(rep.Objects[0].Applied, ",") != "env-b" || strings.Join(rep.Objects[0].Skipped, ",") != "env-a" {
		t.Errorf("objects %+v", rep.Objects)
	}
	example := readFile(t, "../../docs/report-example.json")
	dec = json.NewDecoder(strings.NewReader(string(example)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&apply.Report{}); err != nil {
		t.Errorf("docs/report-example.json does not match the report's fields: %v", err)
	}
}

func TestGitHubReport(t *testing.T) {
	_, _, errs := run(t, "apply-defaults", "--check", "--report", "github",
		"-f", "../../testdata/examples/workloads.yaml", "-d", "../../testdata/examples/poddefaults.yaml")
	for _, want := range []string{
		"::notice file=../../testdata/examples/workloads.yaml,line=57,title=podctl%3A Job/team-ml/data-prep::PodDefaults add-sidecar, kubeflow-pipelines-api-token would change",
		// warnings carry the template's file and line, so that GitHub shows them on it
		"::warning file=../../testdata/examples/workloads.yaml,line=16,title=podctl%3A Deployment/team-ml/model-server::where the PodDefault webhook also runs, it rejects podctl's output",
	} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errs)
		}
	}
}

func TestStrictAndQuiet(t *testing.T) {
	args := []string{"apply-defaults", "-f", "../../testdata/examples/workloads.yaml", "-d", "../../testdata/examples/poddefaults.yaml"}
	if code, out, errs := run(t, append(args, "--strict")...); code != ExitConflict || out != "" || !strings.Contains(errs, "--strict") {
		t.Errorf("--strict: exit %d, stdout %d bytes, stderr %s", code, len(out), errs)
	}
	if code, out, errs := run(t, append(args, "-q")...); code != 0 || out == "" || errs != "" {
		t.Errorf("-q: exit %d, stderr %q", code, errs)
	}
	dir := t.TempDir()
	if code, _, _ := run(t, append(args, "--report", "json", "--report-file", filepath.Join(dir, "r.json"), "--report", "xml")...); code != ExitInput {
		t.Errorf("a bad --report is a usage error, got %d", code)
	}
	if _, err := os.Stat(filepath.Join(dir, "r.json")); err == nil {
		t.Error("a usage error wrote a report")
	}
}
