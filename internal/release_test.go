package internal_test

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"
)

// TestVetCoversEveryShippedPlatform: make vet vets the GOOS/GOARCH pairs
// of the Makefile's PLATFORMS, and those are the pairs .goreleaser.yaml
// builds: goos × goarch of every build, less its ignores.
func TestVetCoversEveryShippedPlatform(t *testing.T) {
	var release struct {
		Builds []struct {
			ID     string     `json:"id"`
			GOOS   []string   `json:"goos"`
			GOARCH []string   `json:"goarch"`
			Ignore []platform `json:"ignore"`
		} `json:"builds"`
	}
	if err := yaml.Unmarshal(readRepoFile(t, ".goreleaser.yaml"), &release); err != nil {
		t.Fatal(err)
	}
	var shipped []string
	for _, b := range release.Builds {
		if len(b.GOOS) == 0 || len(b.GOARCH) == 0 {
			t.Fatalf("build %q: name goos and goarch, so that this test knows what ships (goreleaser's defaults change)", b.ID)
		}
		for _, goos := range b.GOOS {
			for _, goarch := range b.GOARCH {
				ignored := slices.ContainsFunc(b.Ignore, func(i platform) bool {
					return (i.GOOS == "" || i.GOOS == goos) && (i.GOARCH == "" || i.GOARCH == goarch)
				})
				if !ignored {
					shipped = append(shipped, goos+"/"+goarch)
				}
			}
		}
	}
	if len(shipped) == 0 {
		t.Fatal(".goreleaser.yaml ships nothing")
	}

	m := regexp.MustCompile(`(?m)^PLATFORMS\s*:=(.*)$`).FindSubmatch(readRepoFile(t, "Makefile"))
	if m == nil {
		t.Fatal("the Makefile sets no PLATFORMS")
	}
	vetted := strings.Fields(string(m[1]))

	slices.Sort(shipped)
	shipped = slices.Compact(shipped)
	slices.Sort(vetted)
	if !slices.Equal(vetted, shipped) {
		t.Errorf("the Makefile's PLATFORMS are %v, but .goreleaser.yaml ships %v", vetted, shipped)
	}
}

// platform is a GOOS/GOARCH pair of .goreleaser.yaml; "" matches any.
type platform struct {
	GOOS   string `json:"goos"`
	GOARCH string `json:"goarch"`
}

func readRepoFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("../" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
