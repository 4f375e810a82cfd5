// Package output writes what podctl prints, in every format it offers:
// the manifest stream, the --check list and the --diff of apply-defaults
// and its JSON and GitHub reports, lint's findings as text, JSON, GitHub
// workflow commands and SARIF, explain's verdicts, preview's pods,
// podctl's version, and the notes and warnings of a run.
//
// Each writer takes an io.Writer and the result of a use case (an
// apply.Result, a Report, lint findings, explained or previewed
// templates, the Build); it knows no flag and no stream. Which writer
// runs, and on which stream, is the command line's choice (internal/cli).
// The names of the formats are written here once.
//
// It imports apply, manifest, lint, diff and poddefault; neither front
// end (cli, krm) is imported by it.
package output
