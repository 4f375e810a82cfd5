package apply_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/podctl/podctl/internal/apply"
	"github.com/podctl/podctl/internal/manifest"
	"github.com/podctl/podctl/internal/output"
)

// TestChangesAreInsertions runs the fidelity fixture and checks the
// promise behind it, line by line: every line of the input is still in
// the output, in order, and unchanged — except a line whose flow
// collection grew in place (its old text is still there, in order) or
// whose null value gave way to a block (the line up to the null stays).
// Documents without a change come out byte for byte. (A changed JSON
// document is written again whole, as JSON in its own indentation: the
// fixture's list.json is held by expected.yaml alone.)
func TestChangesAreInsertions(t *testing.T) {
	f := loadFixture(t, "testdata/fidelity")
	res, err := apply.Run(f.request(t))
	if err != nil {
		t.Fatal(err)
	}
	changed, docs := 0, 0
	for _, out := range res.Outputs {
		if strings.HasSuffix(out.Source.Name, ".json") {
			continue
		}
		out.Documents(func(old, new []byte) {
			docs++
			if bytes.Equal(old, new) {
				return
			}
			changed++
			checkInsertions(t, out.Source.Name, docs, strings.SplitAfter(string(old), "\n"), strings.SplitAfter(string(new), "\n"))
		})
	}
	if changed == 0 || changed == docs {
		t.Fatalf("the fixture must have changed and unchanged documents (changed %d of %d)", changed, docs)
	}
}

func checkInsertions(t *testing.T, file string, doc int, in, out []string) {
	t.Helper()
	j := 0
	for _, line := range in {
		for j < len(out) && out[j] != line && !grownInPlace(line, out[j]) {
			j++
		}
		if j == len(out) {
			t.Fatalf("%s, document %d: input line %q is lost or changed", file, doc, line)
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

// TestLineEndingsAndBOM: a CRLF file stays CRLF in every line apply
// writes, its BOM stays, and it still ends without a line break.
func TestLineEndingsAndBOM(t *testing.T) {
	f := loadFixture(t, "testdata/crlf-bom")
	res, err := apply.Run(f.request(t))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := output.Stream(&b, res); err != nil {
		t.Fatal(err)
	}
	out := b.Bytes()
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

// TestLabelChainAppliesOnASecondPass: where a PodDefault adds a label that
// another selects, the first pass applies only the first and warns (the
// fixture label-chain); a second pass applies the other, as the webhook
// does when the pod passes it again.
func TestLabelChainAppliesOnASecondPass(t *testing.T) {
	f := loadFixture(t, "testdata/label-chain")
	req := f.request(t)
	req.Workloads = []*manifest.Source{manifest.NewSource("expected.yaml", readFile(t, "testdata/label-chain/expected.yaml"))}
	res, err := apply.Run(req)
	if err != nil {
		t.Fatal(err)
	}
	var twice bytes.Buffer
	if err := output.Stream(&twice, res); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(twice.Bytes(), []byte("poddefault-b-needs-label")) {
		t.Fatalf("the second pass should apply b-needs-label:\n%s", twice.Bytes())
	}
}
