package cli

import (
	"slices"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// flagValues are the values of the flags that take one of a few words,
// by command ("" for every command that has the flag) and flag: shell
// completion offers them instead of file names. A test holds each list
// equal to what the command accepts.
var flagValues = map[string]map[string][]string{
	"": {
		"color":  {"auto", "always", "never"},
		"report": reportFormats,
	},
	"explain": {"output": explainFormats},
	"lint": {
		"output":  lintFormats,
		"fail-on": {"error", "warning", "info"},
	},
	"preview": {"output": previewFormats},
	"version": {"output": versionFormats},
}

// manifestExtensions are the files podctl reads from a folder; completion
// offers them, and folders, for the flags and arguments that name inputs.
var manifestExtensions = []string{"yaml", "yml", "json"}

// inputFlags name manifests, PodDefaults or workload configs.
var inputFlags = []string{"filename", "defaults", "workload-config"}

// freeFlags take a word that no file name completes.
var freeFlags = []string{"namespace"}

// fileArgs are the commands whose arguments are manifests (FILE...).
var fileArgs = []string{"apply-defaults", "explain", "preview"}

// addCompletions registers, on every command below root, what shell
// completion offers for its flags' values and its arguments.
func addCompletions(root *cobra.Command) {
	// the completion command from the start, not only when Execute runs,
	// so that the reference, the man pages and the docs test know it
	root.InitDefaultCompletionCmd()
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		c.Flags().VisitAll(func(f *pflag.Flag) {
			values, ok := flagValues[c.Name()][f.Name]
			if !ok {
				values, ok = flagValues[""][f.Name]
			}
			switch {
			case ok:
				_ = c.RegisterFlagCompletionFunc(f.Name, cobra.FixedCompletions(values, cobra.ShellCompDirectiveNoFileComp))
			case slices.Contains(inputFlags, f.Name):
				_ = c.MarkFlagFilename(f.Name, manifestExtensions...)
			case slices.Contains(freeFlags, f.Name):
				_ = c.RegisterFlagCompletionFunc(f.Name, cobra.NoFileCompletions)
			}
		})
		switch {
		case !c.Runnable() || c.ValidArgsFunction != nil:
		case slices.Contains(fileArgs, c.Name()):
			c.ValidArgsFunction = func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
				return manifestExtensions, cobra.ShellCompDirectiveFilterFileExt
			}
		default:
			c.ValidArgsFunction = cobra.NoFileCompletions
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}
