package output

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/podctl/podctl/internal/apply"
	"github.com/podctl/podctl/internal/manifest"
)

// TestReportJSON: the report decodes into Report, field for field
// (unknown fields refused), and tells objects, errors and warnings apart.
func TestReportJSON(t *testing.T) {
	res, err := apply.Run(request(t, conflictWorkloads, conflictDefaults))
	if err == nil {
		t.Fatal("no conflict")
	}
	var b bytes.Buffer
	if err := ReportJSON(&b, NewReport(res, err)); err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(&b)
	dec.DisallowUnknownFields()
	var rep Report
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
	dec = json.NewDecoder(bytes.NewReader(readFile(t, "../../docs/report-example.json")))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&Report{}); err != nil {
		t.Errorf("docs/report-example.json does not match the report's fields: %v", err)
	}
}

// TestReportOfNoRun: a run that failed before it had a result still has
// a report, with empty lists rather than nulls.
func TestReportOfNoRun(t *testing.T) {
	var b bytes.Buffer
	if err := ReportJSON(&b, NewReport(nil, errors.New("reading x.yaml: no such file"))); err != nil {
		t.Fatal(err)
	}
	want := `{
  "changed": false,
  "objects": [],
  "errors": [
    {
      "file": "",
      "kind": "input",
      "message": "reading x.yaml: no such file"
    }
  ],
  "warnings": []
}
`
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

func TestReportGitHub(t *testing.T) {
	res, err := apply.Run(request(t, examplesWorkloads, examplesDefaults))
	if err != nil {
		t.Fatal(err)
	}
	for _, check := range []bool{false, true} {
		var b bytes.Buffer
		if err := ReportGitHub(&b, NewReport(res, nil), check); err != nil {
			t.Fatal(err)
		}
		notice := "::notice file=../../testdata/examples/workloads.yaml,line=57,title=podctl%3A Job/team-ml/data-prep::PodDefaults add-sidecar, kubeflow-pipelines-api-token would change"
		if strings.Contains(b.String(), notice) != check {
			t.Errorf("check %v: notice %v:\n%s", check, !check, b.String())
		}
		// warnings carry the template's file and line, so that GitHub shows them on it
		warning := "::warning file=../../testdata/examples/workloads.yaml,line=16,title=podctl%3A Deployment/team-ml/model-server::where the PodDefault webhook also runs, it rejects podctl's output"
		if !strings.Contains(b.String(), warning) {
			t.Errorf("lacks %q:\n%s", warning, b.String())
		}
	}
}

// TestWorkflowCommand: GitHub's escapes, and no file for standard input.
func TestWorkflowCommand(t *testing.T) {
	for _, tc := range []struct {
		loc             apply.Location
		object, message string
		want            string
	}{
		{apply.Location{File: "a,b:c%.yaml", Line: 3}, "Pod/ns/p", "100% sure\r\nnext",
			"::error file=a%2Cb%3Ac%25.yaml,line=3,title=podctl%3A Pod/ns/p::100%25 sure%0D%0Anext"},
		{apply.Location{File: "a.yaml"}, "", "m", "::error file=a.yaml,title=podctl::m"},
		{apply.Location{File: manifest.StdinName, Line: 4}, "Pod/ns/p", "a: b, c", "::error title=podctl%3A Pod/ns/p::a: b, c"},
		{apply.Location{}, "", "m", "::error title=podctl::m"},
	} {
		if got := workflowCommand("error", tc.loc, tc.object, tc.message); got != tc.want {
			t.Errorf("got  %s\nwant %s", got, tc.want)
		}
	}
}
