package splice

import (
	"fmt"
	"strings"
	"testing"

	"github.com/podctl/podctl/internal/yamldoc"
)

// oneLineList is a List of Deployments written on one line, of about size
// bytes: as JSON, or as a YAML flow mapping (unquoted, ": " and ", "),
// which podctl edits in its own bytes where it renders JSON anew. Its
// numbers and booleans are plain scalars, the rest quoted in JSON; a name
// in every item holds a rune of two bytes.
func oneLineList(size int, flow bool) []byte {
	item := `{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web-%d-é'},` +
		`'spec':{'replicas':3,'paused':false,'template':{'metadata':{'labels':{'app':'web'}},` +
		`'spec':{'containers':[{'name':'c','image':'nginx:1.27','ports':[{'containerPort':8080},{'containerPort':9090}],` +
		`'resources':{'limits':{'cpu':0.5,'memory':1048576}}}]}}}}`
	r := strings.NewReplacer(`'`, `"`)
	if flow {
		r = strings.NewReplacer(`'`, ``, `:`, `: `, `,`, `, `)
	}
	item = strings.Replace(r.Replace(item), "nginx: 1.27", "'nginx:1.27'", 1)
	var b strings.Builder
	b.WriteString(r.Replace(`{'apiVersion':'v1','kind':'List','items':[`))
	for i := 0; b.Len() < size; i++ {
		if i > 0 {
			b.WriteString(r.Replace(`,`))
		}
		fmt.Fprintf(&b, item, i)
	}
	b.WriteString("]}\n")
	return []byte(b.String())
}

// BenchmarkOneLine reads and changes a one-line List of 1, 2 and 4 MiB
// (64, 128 and 256 KiB with -short) as podctl does: Check, as for a
// document that passes through, then Parse and an edit that adds a label
// to every item's template. Its cost must grow as the line does: compare
// the ns/op of the sizes, or their ns/KiB, which stays flat.
//
//	go test -run '^$' -bench OneLine -benchtime 3x ./internal/splice/
func BenchmarkOneLine(b *testing.B) {
	sizes := []int{1 << 20, 2 << 20, 4 << 20}
	if testing.Short() {
		sizes = []int{64 << 10, 128 << 10, 256 << 10}
	}
	for _, form := range []string{"json", "flow"} {
		for _, size := range sizes {
			src := oneLineList(size, form == "flow")
			b.Run(fmt.Sprintf("%s/%dKiB", form, size>>10), func(b *testing.B) {
				b.SetBytes(int64(len(src)))
				for b.Loop() {
					if _, err := yamldoc.Check(src, 1); err != nil {
						b.Fatal(err)
					}
					p, err := yamldoc.Parse(src, 1)
					if err != nil {
						b.Fatal(err)
					}
					pt := &Patch{}
					items := pt.Key("items")
					for i := range yamldoc.Items(p.Root) {
						items.Item(i).Key("spec").Key("template").Key("metadata").Key("labels").Set("team", yamldoc.String("ml"))
					}
					if _, err := Apply(p, pt); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(src)>>10), "ns/KiB")
			})
		}
	}
}
