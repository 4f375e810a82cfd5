package cli

// Exit codes, the same in every mode (kubectl diff's convention for 0 and 1).
const (
	// ExitOK: done.
	ExitOK = 0
	// ExitChanges: changes found (--check and --diff).
	ExitChanges = 1
	// ExitFindings: lint found problems at or above --fail-on.
	ExitFindings = 1
	// ExitInput: a usage or input error; nothing was written.
	ExitInput = 2
	// ExitConflict: the webhook would reject a pod; nothing was written.
	ExitConflict = 3
)

const exitCodesHelp = `Exit codes:
  0  done (lint: no finding at or above --fail-on)
  1  changes found (--check and --diff); lint: findings at or above --fail-on
  2  usage or input error: nothing was written
  3  the cluster would refuse a pod (a webhook conflict, a patch the API server cannot apply,
     an invalid pod), or a warning under --strict; nothing was written`

// exitError carries an exit code up to Main; its message is printed once.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }
