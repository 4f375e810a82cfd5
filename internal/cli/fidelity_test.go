package cli

import (
	"bytes"
	"strings"
	"testing"

	"github.com/podctl/podctl/internal/manifest"
)

// TestChangesAreInsertions runs the fidelity fixture and checks the
// promise behind it, line by line: every line of the input is still in
// the output, in order, and unchanged — except a line whose flow
// collection grew in place (its old text is still there, in order) or
// whose null value gave way to a block (the line up to the null stays).
// Documents without a change come out byte for byte.
func TestChangesAreInsertions(t *testing.T) {
	in := readFile(t, "../../testdata/cli/fidelity/workloads.yaml")
	var stdout, stderr bytes.Buffer
	code := Main([]string{"apply-defaults", "-d", "../../testdata/cli/fidelity/poddefaults.yaml"}, bytes.NewReader(in), &stdout, &stderr)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	out := stdout.Bytes()

	inDocs, outDocs := manifest.Split(in), manifest.Split(out)
	if len(inDocs) != len(outDocs) {
		t.Fatalf("%d documents in, %d out", len(inDocs), len(outDocs))
	}
	changed := 0
	for i := range inDocs {
		a, b := in[inDocs[i].Start:inDocs[i].End], out[outDocs[i].Start:outDocs[i].End]
		if bytes.Equal(a, b) {
			continue
		}
		changed++
		checkInsertions(t, i+1, strings.SplitAfter(string(a), "\n"), strings.SplitAfter(string(b), "\n"))
	}
	if changed == 0 || changed == len(inDocs) {
		t.Fatalf("the fixture must have changed and unchanged documents (changed %d of %d)", changed, len(inDocs))
	}
}

func checkInsertions(t *testing.T, doc int, in, out []string) {
	t.Helper()
	j := 0
	for _, line := range in {
		for j < len(out) && out[j] != line && !grownInPlace(line, out[j]) {
			j++
		}
		if j == len(out) {
			t.Fatalf("document %d: input line %q is lost or changed", doc, line)
		}
		j++
	}
}

// grownInPlace: the old line's characters are all in the new one, in
// order (a flow collection grew), or the new line is the old one with its
// null value removed.
func grownInPlace(old, new string) bool {
	for _, null := range []string{" ~", " null"} {
		if i := strings.Index(old, ":"+null); i >= 0 && strings.HasPrefix(new, old[:i+1]) {
			return true
		}
	}
	if len(new) <= len(old) {
		return false
	}
	k := 0
	for i := 0; i < len(new) && k < len(old); i++ {
		if new[i] == old[k] {
			k++
		}
	}
	return k == len(old)
}

// TestLineEndingsAndBOM: a CRLF file stays CRLF in every line podctl
// writes, its BOM stays, and it still ends without a line break.
func TestLineEndingsAndBOM(t *testing.T) {
	out := readFile(t, "../../testdata/cli/crlf-bom/stdout")
	if !bytes.HasPrefix(out, []byte("\xef\xbb\xbf")) {
		t.Error("the BOM is gone")
	}
	if bytes.HasSuffix(out, []byte("\n")) {
		t.Error("a final line break was added")
	}
	for i, line := range bytes.Split(out, []byte("\n")) {
		if i < bytes.Count(out, []byte("\n")) && !bytes.HasSuffix(line, []byte("\r")) {
			t.Errorf("line %d ends with a bare LF: %q", i+1, line)
		}
	}
	if !bytes.Contains(out, []byte("my-sidecar")) {
		t.Error("the PodDefault did not apply")
	}
}
