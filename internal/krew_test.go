package internal_test

import (
	"strings"
	"testing"

	"sigs.k8s.io/yaml"
)

// TestKrewManifest: goreleaser writes a krew manifest for kubectl podctl
// from archives that each hold the one binary krew links, for every
// platform podctl ships, and leaves its submission to krew-index to a
// person (skip_upload), since krew-index takes pull requests, not pushes.
func TestKrewManifest(t *testing.T) {
	var release struct {
		Builds []struct {
			Binary string   `json:"binary"`
			GOOS   []string `json:"goos"`
			GOARCH []string `json:"goarch"`
		} `json:"builds"`
		Krews []struct {
			Name             string `json:"name"`
			Homepage         string `json:"homepage"`
			ShortDescription string `json:"short_description"`
			Description      string `json:"description"`
			SkipUpload       any    `json:"skip_upload"`
		} `json:"krews"`
	}
	if err := yaml.Unmarshal(readRepoFile(t, ".goreleaser.yaml"), &release); err != nil {
		t.Fatal(err)
	}
	if len(release.Krews) != 1 {
		t.Fatalf("%d krews entries, want 1", len(release.Krews))
	}
	k := release.Krews[0]
	if k.Name != "podctl" {
		t.Errorf("krew plugin %q, want podctl (kubectl podctl)", k.Name)
	}
	// krew-index rules: a short description under 50 characters, a
	// description, a homepage.
	if k.ShortDescription == "" || len(k.ShortDescription) > 50 || strings.TrimSpace(k.Description) == "" || !strings.HasPrefix(k.Homepage, "https://") {
		t.Errorf("krew manifest %+v: want a short description of at most 50 characters, a description and an https homepage", k)
	}
	if k.SkipUpload != true && k.SkipUpload != "true" {
		t.Errorf("krews skip_upload %v: want true", k.SkipUpload)
	}
	if len(release.Builds) != 1 || release.Builds[0].Binary != "podctl" {
		t.Fatalf("builds: want one build of the binary podctl (krew links one binary per archive), got %+v", release.Builds)
	}
	for _, os := range []string{"linux", "darwin", "windows"} {
		if !strings.Contains(strings.Join(release.Builds[0].GOOS, " "), os) {
			t.Errorf("builds do not make %s, which krew users run", os)
		}
	}
}
