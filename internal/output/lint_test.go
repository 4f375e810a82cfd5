package output

import (
	"bytes"
	"testing"

	"github.com/podctl/podctl/internal/lint"
	"github.com/podctl/podctl/internal/manifest"
)

// findings are two made-up findings: one in a file with another object
// involved, one on standard input.
var findings = []lint.Finding{
	{Rule: "PD102", Severity: lint.Error, Location: lint.Location{File: "pd,1.yaml", Line: 4}, Message: "clash: 100%", Fix: "drop one",
		Related: []lint.Related{{Location: lint.Location{File: "pd2.yaml", Line: 9}, Object: "PodDefault team/b"}}},
	{Rule: "PD404", Severity: lint.Info, Location: lint.Location{File: manifest.StdinName, Line: 3}, Message: "m", Fix: "f"},
}

func TestLintText(t *testing.T) {
	var b bytes.Buffer
	if err := LintText(&b, findings); err != nil {
		t.Fatal(err)
	}
	want := "pd,1.yaml:4: error PD102 clash: 100%\n\tpd2.yaml:9: PodDefault team/b\n\tfix: drop one\n" +
		"<stdin>:3: info PD404 m\n\tfix: f\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

func TestLintSummary(t *testing.T) {
	for _, tc := range []struct {
		findings []lint.Finding
		want     string
	}{
		{nil, "podctl lint: no findings\n"},
		{findings, "podctl lint: 1 error, 0 warnings, 1 info\n"},
		{append(findings, findings...), "podctl lint: 2 errors, 0 warnings, 2 infos\n"},
	} {
		var b bytes.Buffer
		if err := LintSummary(&b, tc.findings); err != nil {
			t.Fatal(err)
		}
		if b.String() != tc.want {
			t.Errorf("got %q, want %q", b.String(), tc.want)
		}
	}
}

// TestLintGitHub: a notice for info, the rule's name in the title, the
// fix in the message, GitHub's escapes, and no file for standard input.
func TestLintGitHub(t *testing.T) {
	var b bytes.Buffer
	if err := LintGitHub(&b, findings); err != nil {
		t.Fatal(err)
	}
	clashes, _ := lint.Lookup("PD102")
	unused, _ := lint.Lookup("PD404")
	want := "::error file=pd%2C1.yaml,line=4,title=podctl PD102 " + clashes.Name + "::clash: 100%25%0Afix: drop one\n" +
		"::notice title=podctl PD404 " + unused.Name + "::m%0Afix: f\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

// TestLintJSON: without findings, the report has an empty list, not null.
func TestLintJSON(t *testing.T) {
	var b bytes.Buffer
	if err := LintJSON(&b, nil); err != nil {
		t.Fatal(err)
	}
	want := `{
  "version": 1,
  "findings": [],
  "summary": {
    "errors": 0,
    "warnings": 0,
    "infos": 0
  }
}
`
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}
