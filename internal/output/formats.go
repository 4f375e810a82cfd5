package output

// The names of the formats, as -o and --report take them. Which command
// offers which is the command line's to say.
const (
	// Text is for people: lint's findings, explain's verdicts, the version.
	Text = "text"
	// JSON is for machines: the reports, explain's verdicts, preview's pods.
	JSON = "json"
	// YAML is preview's pods as kubectl shows them.
	YAML = "yaml"
	// GitHub is GitHub Actions workflow commands: the report, lint's findings.
	GitHub = "github"
	// SARIF is SARIF 2.1.0, for code scanning: lint's findings.
	SARIF = "sarif"
)
