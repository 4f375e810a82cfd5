package cli

import (
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"
)

// newDocsCommand makes the hidden command that writes podctl's man pages,
// for the release archives (make release-assets).
func newDocsCommand(s streams) *cobra.Command {
	docs := &cobra.Command{
		Use:    "docs",
		Short:  "Generate podctl's documentation",
		Hidden: true,
		Args:   cobra.NoArgs,
	}
	man := &cobra.Command{
		Use:   "man DIR",
		Short: "Write a man page (section 1) for every podctl command into DIR",
		Args:  cobra.ExactArgs(1),
		ValidArgsFunction: func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			return nil, cobra.ShellCompDirectiveFilterDirs
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := os.MkdirAll(args[0], 0o755); err != nil {
				return &exitError{code: ExitInput, err: err}
			}
			header := &doc.GenManHeader{
				Title:   "PODCTL",
				Section: "1",
				Source:  "podctl " + version,
				Manual:  "podctl manual",
				Date:    manDate(),
			}
			if err := doc.GenManTree(cmd.Root(), header, args[0]); err != nil {
				return &exitError{code: ExitInput, err: fmt.Errorf("writing the man pages: %w", err)}
			}
			return nil
		},
	}
	docs.AddCommand(man)
	return docs
}

// manDate is the date a man page shows: the build's, so that one build
// writes the same pages whenever it runs; today's when unknown.
func manDate() *time.Time {
	if t, err := time.Parse(time.RFC3339, date); err == nil {
		return &t
	}
	now := time.Now()
	return &now
}
