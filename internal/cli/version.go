package cli

import (
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/podctl/podctl/internal/output"
)

// The build's identity, set at build time by the Makefile and goreleaser:
//
//	-ldflags "-X github.com/podctl/podctl/internal/cli.version=v1.2.3
//	          -X github.com/podctl/podctl/internal/cli.commit=<full hash>
//	          -X github.com/podctl/podctl/internal/cli.date=<RFC 3339>"
//
// What is not set comes from the build information Go records: the
// module's version for go install, the commit and its time for a build
// in a clone.
var (
	version = ""
	commit  = ""
	date    = ""
)

func init() {
	info, _ := debug.ReadBuildInfo()
	b := resolveBuild(version, commit, date, info)
	version, commit, date = b.Version, b.Commit, b.Date
}

// resolveBuild fills what the linker flags left empty from Go's build
// information, and names what neither knows.
func resolveBuild(ldVersion, ldCommit, ldDate string, info *debug.BuildInfo) output.Build {
	b := output.Build{Version: ldVersion, Commit: ldCommit, Date: ldDate}
	if info != nil {
		if b.Version == "" && info.Main.Version != "" && info.Main.Version != "(devel)" {
			b.Version = info.Main.Version
		}
		modified := false
		vcsCommit, vcsTime := "", ""
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				vcsCommit = s.Value
			case "vcs.time":
				vcsTime = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
		if b.Commit == "" && vcsCommit != "" {
			b.Commit = vcsCommit
			if modified {
				b.Commit += "-dirty"
			}
		}
		if b.Date == "" {
			b.Date = vcsTime
		}
	}
	if b.Version == "" {
		b.Version = "dev"
	}
	if b.Commit == "" {
		b.Commit = "unknown"
	}
	if b.Date == "" {
		b.Date = "unknown"
	}
	return b
}

func currentBuild() output.Build {
	return output.Build{Version: version, Commit: commit, Date: date, GoVersion: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH}
}

func newVersionCommand(s streams) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "version",
		Short: "Print podctl's version, commit, build date and Go version",
		Long: `Print podctl's version, the commit it was built from, when it was built, and the Go
version and platform it was built with. -o json prints the same as one JSON object with the
fields version, commit, date, goVersion and platform.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			b := currentBuild()
			switch format {
			case output.Text:
				return output.VersionText(s.out, b)
			case output.JSON:
				return output.VersionJSON(s.out, b)
			}
			return &exitError{code: ExitInput, err: fmt.Errorf("-o must be %s, not %q", oneOf(versionFormats), format)}
		},
	}
	cmd.Flags().StringVarP(&format, "output", "o", versionFormats[0], oneOf(versionFormats))
	return cmd
}
