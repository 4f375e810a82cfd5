package lint

// Summary counts the findings by severity.
type Summary struct {
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
	Infos    int `json:"infos"`
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
