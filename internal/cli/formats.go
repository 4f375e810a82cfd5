package cli

import (
	"strings"

	"github.com/podctl/podctl/internal/output"
)

// The formats each command writes, by the names internal/output gives
// them, the default first: the flags, their help, their validation and
// shell completion all take them from here.
var (
	explainFormats = []string{output.Text, output.JSON}
	previewFormats = []string{output.YAML, output.JSON}
	lintFormats    = []string{output.Text, output.JSON, output.GitHub, output.SARIF}
	versionFormats = []string{output.Text, output.JSON}
	// apply-defaults --report
	reportFormats = []string{output.JSON, output.GitHub}
)

// oneOf words a choice for messages and help: "a, b or c".
func oneOf(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}
