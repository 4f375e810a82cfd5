package splice

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/podctl/podctl/internal/manifest"
	"github.com/podctl/podctl/internal/yamldoc"
)

// FuzzParseAndEdit: parsing any document of a stream and editing it never
// panics (manifest's FuzzSplit holds the split itself).
func FuzzParseAndEdit(f *testing.F) {
	for _, s := range seedFiles() {
		if b, err := os.ReadFile(s); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("a: 1\n---\nb: [x, {y: z}]\n...\n--- |\n  text\n"))
	f.Add([]byte("{\"a\":1}{\"b\":\"}{\"}\n  {\"c\":[1,{}]}\n# end\n---\n{\"d\":2} {\"e\":"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, d := range manifest.Split(data) {
			if p, err := yamldoc.Parse(data[d.Start:d.End], d.Line); err == nil && p.Root != nil {
				pt := &Patch{}
				pt.Key("metadata").Key("labels").Set("fuzz", yamldoc.String("x"))
				_, _ = Bytes(p, pt) // must not panic
			}
		}
	})
}

// seedFiles are the manifests of the CLI's golden cases and of apply's
// fixtures.
func seedFiles() []string {
	cli, _ := filepath.Glob("../../testdata/cli/*/*.yaml")
	fixtures, _ := filepath.Glob("../apply/testdata/*/*.yaml")
	return append(cli, fixtures...)
}
