package internal_test

import (
	"os"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"
)

// TestArchivesHoldTheDocs: every release archive holds LICENSE, README.md,
// every local file README.md links to, and every file those docs link to
// in turn, so that the docs a user unpacks have no broken link.
func TestArchivesHoldTheDocs(t *testing.T) {
	var release struct {
		Archives []struct {
			ID    string `json:"id"`
			Files []any  `json:"files"`
		} `json:"archives"`
	}
	if err := yaml.Unmarshal(readRepoFile(t, ".goreleaser.yaml"), &release); err != nil {
		t.Fatal(err)
	}
	if len(release.Archives) == 0 {
		t.Fatal(".goreleaser.yaml makes no archive")
	}
	need := append([]string{"LICENSE", "README.md"}, linkedFiles(t, "README.md")...)
	for _, a := range release.Archives {
		var globs []string
		for _, f := range a.Files {
			switch f := f.(type) {
			case string:
				globs = append(globs, f)
			case map[string]any:
				src, _ := f["src"].(string)
				globs = append(globs, src)
			}
		}
		for _, file := range need {
			if !archived(globs, file) {
				t.Errorf("archive %q: no files glob of %q takes %s", a.ID, globs, file)
			}
		}
	}
}

// markdownLink is the target of a Markdown link or image.
var markdownLink = regexp.MustCompile(`\]\(([^)\s]+)(?:\s+"[^"]*")?\)`)

// linkedFiles returns the local files a Markdown file links to, and those
// that the Markdown files among them link to, as paths from the module
// root. A link to a file that does not exist fails the test.
func linkedFiles(t *testing.T, doc string) []string {
	t.Helper()
	seen := map[string]bool{doc: true}
	var files []string
	queue := []string{doc}
	for len(queue) > 0 {
		md := queue[0]
		queue = queue[1:]
		for _, m := range markdownLink.FindAllSubmatch(readRepoFile(t, md), -1) {
			target := string(m[1])
			if strings.HasPrefix(target, "#") || strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
				continue
			}
			target, _, _ = strings.Cut(target, "#")
			file := path.Clean(path.Join(path.Dir(md), target))
			if strings.HasPrefix(file, "../") {
				t.Errorf("%s links to %s, outside the repository", md, target)
				continue
			}
			if seen[file] {
				continue
			}
			seen[file] = true
			if _, err := os.Stat("../" + file); err != nil {
				t.Errorf("%s links to %s: %v", md, target, err)
				continue
			}
			files = append(files, file)
			if strings.HasSuffix(file, ".md") {
				queue = append(queue, file)
			}
		}
	}
	slices.Sort(files)
	if len(files) == 0 {
		t.Fatalf("%s links to no local file", doc)
	}
	return files
}

// archived reports whether goreleaser's files globs take a file: a glob
// matches the file or a folder above it (a matched folder brings all it
// holds), with goreleaser's glob syntax, where * and ? stop at a slash and
// ** does not.
func archived(globs []string, file string) bool {
	for _, g := range globs {
		re := globRegexp(g)
		for p := file; p != "." && p != "/"; p = path.Dir(p) {
			if re.MatchString(p) {
				return true
			}
		}
	}
	return false
}

// globRegexp translates a goreleaser (gobwas) glob with / as separator.
func globRegexp(glob string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString("^")
	for i := 0; i < len(glob); i++ {
		switch c := glob[i]; c {
		case '*':
			if i+1 < len(glob) && glob[i+1] == '*' {
				b.WriteString(".*")
				i++
			} else {
				b.WriteString("[^/]*")
			}
		case '?':
			b.WriteString("[^/]")
		case '{':
			b.WriteString("(?:")
		case '}':
			b.WriteString(")")
		case ',':
			b.WriteString("|")
		case '[':
			end := strings.IndexByte(glob[i:], ']')
			if end < 0 {
				b.WriteString(`\[`)
				continue
			}
			class := glob[i+1 : i+end]
			if strings.HasPrefix(class, "!") {
				class = "^" + class[1:]
			}
			b.WriteString("[" + class + "]")
			i += end
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	b.WriteString("$")
	return regexp.MustCompile(b.String())
}

// TestArchiveGlobs: the glob translation agrees with goreleaser's on the
// cases that decide what an archive holds.
func TestArchiveGlobs(t *testing.T) {
	tests := []struct {
		glob, file string
		want       bool
	}{
		{"docs/**/*", "docs/ci.md", false}, // the archives of podctl 0.x lacked the docs this way
		{"docs/**/*", "docs/helm/podctl-post-renderer.sh", true},
		{"docs/**", "docs/ci.md", true},
		{"docs/**", "docs/helm/podctl-plugin/plugin.yaml", true},
		{"docs/*", "docs/helm/podctl-plugin/plugin.yaml", true}, // the folder docs/helm matches
		{"docs/*.md", "docs/helm/x.md", false},
		{"*.md", "README.md", true},
		{"*.md", "docs/ci.md", false},
		{"LICENSE", "LICENSE", true},
		{"LICEN?E", "LICENSE", true},
		{"{README,LICENSE}*", "LICENSE", true},
		{"[A-Z]*.md", "README.md", true},
		{"[!A-Z]*.md", "README.md", false},
		{"README.md", "READMEXmd", false},
	}
	for _, tc := range tests {
		if got := archived([]string{tc.glob}, tc.file); got != tc.want {
			t.Errorf("%s takes %s: %v, want %v", tc.glob, tc.file, got, tc.want)
		}
	}
}
