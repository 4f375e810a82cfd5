package output

import (
	"io"
	"path/filepath"
	"strings"

	"github.com/podctl/podctl/internal/apply"
	"github.com/podctl/podctl/internal/diff"
)

// Diff writes one unified diff per file a run changes, colored as git
// colors it when color is set (apply-defaults --diff). changes is whether
// any file changes; err is the first write error.
func Diff(w io.Writer, res *apply.Result, color bool) (changes bool, err error) {
	for i := range res.Outputs {
		out := &res.Outputs[i]
		if !out.Changed {
			continue
		}
		changes = true
		dw := w
		if color {
			dw = colorWriter{w}
		}
		// a document at a time: a stream's diff costs what its changes cost
		d := diff.NewWriter(dw, diffName(out.Source.Name))
		out.Documents(d.Part)
		if cerr := d.Close(); cerr != nil && err == nil {
			err = cerr
		}
	}
	return changes, err
}

// diffName is the path in diff headers, as git writes it: relative and
// without a leading "./" or "/".
func diffName(name string) string {
	return strings.TrimLeft(filepath.ToSlash(filepath.Clean(name)), "/")
}

const (
	bold  = "\x1b[1m"
	red   = "\x1b[31m"
	green = "\x1b[32m"
	cyan  = "\x1b[36m"
	reset = "\x1b[0m"
)

// colorWriter colors the diff it is given, in writes of whole lines.
type colorWriter struct{ w io.Writer }

func (c colorWriter) Write(p []byte) (int, error) {
	if _, err := io.WriteString(c.w, colorize(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}

// colorize colors a unified diff as git does.
func colorize(text string) string {
	var b strings.Builder
	for _, line := range strings.SplitAfter(text, "\n") {
		body := strings.TrimSuffix(line, "\n")
		if body == "" {
			b.WriteString(line)
			continue
		}
		var c string
		switch {
		case strings.HasPrefix(body, "--- ") || strings.HasPrefix(body, "+++ "):
			c = bold
		case strings.HasPrefix(body, "@@"):
			c = cyan
		case body[0] == '-':
			c = red
		case body[0] == '+':
			c = green
		}
		if c == "" {
			b.WriteString(line)
			continue
		}
		b.WriteString(c + body + reset + line[len(body):])
	}
	return b.String()
}
