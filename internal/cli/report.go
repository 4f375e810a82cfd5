package cli

import (
	"bytes"
	"fmt"
	"os"

	"github.com/podctl/podctl/internal/apply"
	"github.com/podctl/podctl/internal/output"
)

// writeReport writes the CI report a run asked for, also when it failed:
// GitHub workflow commands on standard error, or JSON to the report file
// (- for standard output, as for -f and -d).
func (o *applyDefaultsOptions) writeReport(s streams, res *apply.Result, runErr error) error {
	if o.report == "" {
		return nil
	}
	rep := output.NewReport(res, runErr)
	if o.report == output.GitHub {
		_ = output.ReportGitHub(s.err, rep, o.check) // a failure to write on standard error has nowhere to be told
		return nil
	}
	if o.reportFile == "-" {
		return output.ReportJSON(s.out, rep)
	}
	var b bytes.Buffer
	if err := output.ReportJSON(&b, rep); err != nil {
		return err
	}
	if err := os.WriteFile(o.reportFile, b.Bytes(), 0o644); err != nil {
		return fmt.Errorf("writing the report: %w", err)
	}
	return nil
}
