package lint_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/podctl/podctl/internal/apply"
	"github.com/podctl/podctl/internal/lint"
	"github.com/podctl/podctl/internal/manifest"
)

// lintText lints a YAML stream read as apply-defaults reads -f: its
// PodDefaults and its workloads.
func lintText(t *testing.T, name, text string, notebooks bool) []lint.Finding {
	t.Helper()
	res, err := apply.Lint(apply.Request{Workloads: []*manifest.Source{manifest.NewSource(name, []byte(text))}}, notebooks)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return res.Findings
}

func withRule(fs []lint.Finding, id string) []lint.Finding {
	var out []lint.Finding
	for _, f := range fs {
		if f.Rule == id {
			out = append(out, f)
		}
	}
	return out
}

// Every rule's bad example breaks it and its good example does not: the
// docs show what the rules do.
func TestRuleExamples(t *testing.T) {
	for _, r := range lint.Rules() {
		t.Run(r.ID, func(t *testing.T) {
			notebooks := r.Scope == lint.ScopeNotebooks
			bad := lintText(t, "bad.yaml", r.Bad, notebooks)
			if len(withRule(bad, r.ID)) == 0 {
				t.Errorf("the bad example does not break %s; findings: %v", r.ID, bad)
			}
			for _, f := range withRule(bad, r.ID) {
				if f.Severity != r.Severity || f.Fix == "" || f.File != "bad.yaml" || f.Line == 0 {
					t.Errorf("finding %+v: want severity %s, a fix and a line", f, r.Severity)
				}
			}
			if good := withRule(lintText(t, "good.yaml", r.Good, notebooks), r.ID); len(good) > 0 {
				t.Errorf("the good example breaks %s: %v", r.ID, good)
			}
		})
	}
}

var ruleID = regexp.MustCompile(`^PD[1-5]\d\d$`)

// The table is complete: unique IDs in order, every text given.
func TestRuleTable(t *testing.T) {
	prev := ""
	names := map[string]bool{}
	for _, r := range lint.Rules() {
		if !ruleID.MatchString(r.ID) || r.ID <= prev {
			t.Errorf("rule %q: IDs are PDnnn, unique and in order (after %s)", r.ID, prev)
		}
		prev = r.ID
		if names[r.Name] || r.Name == "" || strings.ToLower(r.Name) != r.Name {
			t.Errorf("%s: name %q is empty, not lowercase or not unique", r.ID, r.Name)
		}
		names[r.Name] = true
		if r.Title == "" || r.Cluster == "" || r.Fix == "" || r.Bad == "" || r.Good == "" {
			t.Errorf("%s: every text is needed", r.ID)
		}
	}
}
