package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

// Reference renders the command-line reference (docs/cli.md) from the
// commands themselves, so that it cannot drift from them.
func Reference() string {
	root := newRootCommand(streams{})
	var b strings.Builder
	b.WriteString("# podctl command reference\n\n<!-- generated from the commands: go test ./internal/cli -run TestReference -update -->\n")
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if c.Hidden || c.Name() == "help" {
			return
		}
		fmt.Fprintf(&b, "\n## %s\n\n%s\n\n```\n%s\n```\n", c.CommandPath(), c.Short, c.UseLine())
		if c.Long != "" {
			fmt.Fprintf(&b, "\n%s\n", c.Long)
		}
		if c.Example != "" {
			fmt.Fprintf(&b, "\nExamples:\n\n```sh\n%s\n```\n", strings.TrimRight(c.Example, "\n"))
		}
		if flags := c.NonInheritedFlags().FlagUsages(); flags != "" {
			fmt.Fprintf(&b, "\nFlags:\n\n```\n%s```\n", flags)
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	return b.String()
}
