package lint

// ReportVersion is the version of the JSON report's schema. It changes
// only when a field changes meaning or goes away; fields may be added.
const ReportVersion = 1

// Report is a lint run for machines (podctl lint -o json). docs/lint.md
// documents its schema.
type Report struct {
	Version  int       `json:"version"`
	Findings []Finding `json:"findings"`
	Summary  Summary   `json:"summary"`
}

// Summary counts the findings by severity.
type Summary struct {
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
	Infos    int `json:"infos"`
}

// NewReport builds the report of a run's findings.
func NewReport(findings []Finding) Report {
	r := Report{Version: ReportVersion, Findings: findings, Summary: Count(findings)}
	if r.Findings == nil {
		r.Findings = []Finding{}
	}
	return r
}

// Count counts findings by severity.
func Count(findings []Finding) Summary {
	var s Summary
	for _, f := range findings {
		switch f.Severity {
		case Error:
			s.Errors++
		case Warning:
			s.Warnings++
		default:
			s.Infos++
		}
	}
	return s
}

// AtLeast reports whether any finding is at or above the severity.
func AtLeast(findings []Finding, s Severity) bool {
	for _, f := range findings {
		if f.Severity >= s {
			return true
		}
	}
	return false
}
