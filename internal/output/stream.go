package output

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/podctl/podctl/internal/apply"
)

// Stream writes every output of a run as one stream, as apply-defaults
// prints the manifests: the sources in order, joined by "---" lines.
func Stream(w io.Writer, res *apply.Result) error {
	for i := range res.Outputs {
		out := &res.Outputs[i]
		data := out.Source.Data
		if i > 0 && len(data) > 0 && !bytes.HasPrefix(data, []byte("---")) {
			if _, err := io.WriteString(w, "---\n"); err != nil {
				return err
			}
		}
		if _, err := out.WriteTo(w); err != nil {
			return err
		}
		if len(data) > 0 && data[len(data)-1] != '\n' && i < len(res.Outputs)-1 {
			if _, err := io.WriteString(w, "\n"); err != nil {
				return err
			}
		}
	}
	return nil
}

// Check lists the objects a run would change, one a line, with the
// PodDefaults that change them (apply-defaults --check). changes is
// whether there is any; err is the first write error.
func Check(w io.Writer, res *apply.Result) (changes bool, err error) {
	for _, obj := range res.Objects {
		if !obj.Changed {
			continue
		}
		changes = true
		if _, werr := fmt.Fprintf(w, "%s:%d %s: PodDefaults %s\n", obj.File, obj.Line, obj.Object, strings.Join(obj.Applied, ", ")); werr != nil && err == nil {
			err = werr
		}
	}
	return changes, err
}
