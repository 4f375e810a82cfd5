// Package cli is podctl's command line: cobra wiring, one file per
// command, and the table of exit codes. Only this package knows the
// process's streams and arguments; it calls internal/apply to do the work
// and chooses, by the flags, which writer of internal/output prints it.
package cli
