package internal_test

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"

	"github.com/podctl/podctl/internal/testbin"
)

// instruction is one Dockerfile instruction: its keyword in upper case,
// its flags (--from=...) and its arguments, continuation lines joined.
type instruction struct {
	line    int
	keyword string
	flags   []string
	args    string
}

// parseDockerfile reads the instructions of a Dockerfile, leaving out
// comments, parser directives and blank lines.
func parseDockerfile(t *testing.T, name string) []instruction {
	t.Helper()
	var out []instruction
	var cur strings.Builder
	start := 0
	for i, line := range strings.Split(string(readRepoFile(t, name)), "\n") {
		trimmed := strings.TrimSpace(line)
		if cur.Len() == 0 && (trimmed == "" || strings.HasPrefix(trimmed, "#")) {
			continue
		}
		if cur.Len() == 0 {
			start = i + 1
		}
		if cont, ok := strings.CutSuffix(trimmed, `\`); ok {
			cur.WriteString(cont + " ")
			continue
		}
		cur.WriteString(trimmed)
		keyword, rest, _ := strings.Cut(cur.String(), " ")
		in := instruction{line: start, keyword: strings.ToUpper(keyword)}
		fields := strings.Fields(rest)
		for len(fields) > 0 && strings.HasPrefix(fields[0], "--") {
			in.flags = append(in.flags, fields[0])
			fields = fields[1:]
		}
		in.args = strings.Join(fields, " ")
		out = append(out, in)
		cur.Reset()
	}
	if len(out) == 0 {
		t.Fatalf("%s holds no instruction", name)
	}
	return out
}

// finalStage returns the instructions of a Dockerfile's last stage.
func finalStage(ins []instruction) []instruction {
	last := 0
	for i, in := range ins {
		if in.keyword == "FROM" {
			last = i
		}
	}
	return ins[last:]
}

// execForm decodes an instruction's exec form (a JSON array).
func execForm(t *testing.T, name string, in instruction) []string {
	t.Helper()
	var words []string
	if err := json.Unmarshal([]byte(in.args), &words); err != nil {
		t.Fatalf("%s:%d: %s is not in exec form (a JSON array): %v", name, in.line, in.keyword, err)
	}
	return words
}

var pinnedImage = regexp.MustCompile(`^[a-z0-9.-]+(?:/[a-z0-9._-]+)*:[A-Za-z0-9._-]+@sha256:[0-9a-f]{64}$`)

// checkImage holds what both images must be: every base pinned by tag and
// digest, the final stage run by a user that is not root, podctl copied
// from the build context goreleaser makes ($TARGETPLATFORM/podctl), and
// every other COPY from an earlier stage or an extra file goreleaser puts
// in the context. It returns the final stage.
func checkImage(t *testing.T, name string, extraFiles []string) []instruction {
	t.Helper()
	all := parseDockerfile(t, name)
	stages := map[string]bool{}
	for _, in := range all {
		if in.keyword != "FROM" {
			continue
		}
		words := strings.Fields(in.args)
		if !pinnedImage.MatchString(words[0]) {
			t.Errorf("%s:%d: base %s is not pinned by tag and digest (image:tag@sha256:...)", name, in.line, words[0])
		}
		if len(words) == 3 && strings.EqualFold(words[1], "AS") {
			stages[words[2]] = true
		}
	}
	final := finalStage(all)
	var user string
	args := map[string]bool{}
	copiedPodctl := ""
	for _, in := range final {
		switch in.keyword {
		case "USER":
			user = in.args
		case "ARG":
			args[strings.SplitN(in.args, "=", 2)[0]] = true
		case "COPY", "ADD":
			words := strings.Fields(in.args)
			src, dst := words[0], words[len(words)-1]
			from := slices.IndexFunc(in.flags, func(f string) bool { return strings.HasPrefix(f, "--from=") })
			switch {
			case from >= 0:
				if !stages[strings.TrimPrefix(in.flags[from], "--from=")] {
					t.Errorf("%s:%d: COPY from %s, which is no stage of this file", name, in.line, in.flags[from])
				}
			case src == "$TARGETPLATFORM/podctl":
				if !args["TARGETPLATFORM"] {
					t.Errorf("%s:%d: $TARGETPLATFORM is used before ARG TARGETPLATFORM declares it in the stage", name, in.line)
				}
				copiedPodctl = dst
			case !slices.Contains(extraFiles, src):
				t.Errorf("%s:%d: COPY %s, which goreleaser does not put in the build context (extra_files: %v)", name, in.line, src, extraFiles)
			}
		}
	}
	uid, _, _ := strings.Cut(user, ":")
	if uid == "" || uid == "0" || uid == "root" {
		t.Errorf("%s: the image runs as %q: name a user that is not root (USER)", name, user)
	}
	if copiedPodctl != "/usr/local/bin/podctl" {
		t.Errorf("%s: podctl is copied to %q, want COPY $TARGETPLATFORM/podctl /usr/local/bin/podctl", name, copiedPodctl)
	}
	return final
}

// dockerV2 is the part of goreleaser's dockers_v2 entry these tests read.
type dockerV2 struct {
	ID         string   `json:"id"`
	IDs        []string `json:"ids"`
	Dockerfile string   `json:"dockerfile"`
	Images     []string `json:"images"`
	Platforms  []string `json:"platforms"`
	ExtraFiles []string `json:"extra_files"`
}

func imagesOfRelease(t *testing.T) map[string]dockerV2 {
	t.Helper()
	var release struct {
		Builds []struct {
			ID     string   `json:"id"`
			GOOS   []string `json:"goos"`
			GOARCH []string `json:"goarch"`
		} `json:"builds"`
		Dockers   []any      `json:"dockers"`
		DockersV2 []dockerV2 `json:"dockers_v2"`
	}
	if err := yaml.Unmarshal(readRepoFile(t, ".goreleaser.yaml"), &release); err != nil {
		t.Fatal(err)
	}
	if len(release.Dockers) > 0 {
		t.Error(".goreleaser.yaml: dockers is being phased out by goreleaser; use dockers_v2")
	}
	built := map[string]bool{}
	for _, b := range release.Builds {
		for _, goos := range b.GOOS {
			for _, goarch := range b.GOARCH {
				built[b.ID+" "+goos+"/"+goarch] = true
			}
		}
	}
	byFile := map[string]dockerV2{}
	for _, d := range release.DockersV2 {
		if len(d.Images) == 0 || len(d.IDs) != 1 {
			t.Errorf("dockers_v2 %q: want images and the one build it copies (ids)", d.ID)
		}
		for _, p := range d.Platforms {
			if !built[strings.Join(d.IDs, "")+" "+p] {
				t.Errorf("dockers_v2 %q: platform %s, which build %v does not make", d.ID, p, d.IDs)
			}
		}
		if len(d.Platforms) == 0 {
			t.Errorf("dockers_v2 %q: name the platforms", d.ID)
		}
		for _, f := range d.ExtraFiles {
			readRepoFile(t, f)
		}
		byFile[d.Dockerfile] = d
	}
	return byFile
}

// TestImage: the podctl image runs podctl fn when given no arguments, as
// kpt fn eval --image and kustomize's container functions run an image,
// and that command, run on a ResourceList, applies the PodDefaults.
func TestImage(t *testing.T) {
	d, ok := imagesOfRelease(t)["Dockerfile"]
	if !ok {
		t.Fatal(".goreleaser.yaml builds no image from Dockerfile")
	}
	final := checkImage(t, "Dockerfile", d.ExtraFiles)
	var entrypoint, cmd []string
	for _, in := range final {
		switch in.keyword {
		case "ENTRYPOINT":
			entrypoint = execForm(t, "Dockerfile", in)
		case "CMD":
			cmd = execForm(t, "Dockerfile", in)
		}
	}
	if !slices.Equal(entrypoint, []string{"/usr/local/bin/podctl"}) {
		t.Fatalf("ENTRYPOINT %q, want [\"/usr/local/bin/podctl\"], so that arguments go to podctl", entrypoint)
	}
	if !slices.Equal(cmd, []string{"fn"}) {
		t.Fatalf("CMD %q, want [\"fn\"]: kpt and kustomize run the image with no arguments", cmd)
	}

	// What the container runs with no arguments, on what kpt sends it.
	resourceList := `apiVersion: config.kubernetes.io/v1
kind: ResourceList
items:
- apiVersion: v1
  kind: Pod
  metadata: {name: p, namespace: team-ml, labels: {add-sidecar: "true"}}
  spec:
    containers: [{name: c, image: i}]
functionConfig:
  apiVersion: kubeflow.org/v1alpha1
  kind: PodDefault
  metadata: {name: add-sidecar, namespace: team-ml}
  spec:
    selector: {matchLabels: {add-sidecar: "true"}}
    sidecars: [{name: my-sidecar, image: busybox}]
`
	run := exec.Command(testbin.Podctl(t), cmd...)
	run.Stdin = strings.NewReader(resourceList)
	var stdout, stderr bytes.Buffer
	run.Stdout, run.Stderr = &stdout, &stderr
	if err := run.Run(); err != nil {
		t.Fatalf("podctl %s: %v\n%s", strings.Join(cmd, " "), err, stderr.String())
	}
	if !strings.Contains(stdout.String(), "kind: ResourceList") || !strings.Contains(stdout.String(), "my-sidecar") {
		t.Errorf("podctl %s: want the ResourceList with the sidecar applied; got\n%s", strings.Join(cmd, " "), stdout.String())
	}
}

// TestArgoCDImage: the sidecar image holds podctl, kustomize and the
// plugin where argocd-cmp-server reads it, and runs as Argo CD's user 999.
func TestArgoCDImage(t *testing.T) {
	const name = "Dockerfile.argocd-cmp"
	d, ok := imagesOfRelease(t)[name]
	if !ok {
		t.Fatalf(".goreleaser.yaml builds no image from %s", name)
	}
	final := checkImage(t, name, d.ExtraFiles)
	var copied []string
	user := ""
	for _, in := range final {
		switch in.keyword {
		case "COPY":
			words := strings.Fields(in.args)
			copied = append(copied, words[0]+" -> "+words[len(words)-1])
		case "USER":
			user = in.args
		case "ENTRYPOINT", "CMD":
			t.Errorf("%s:%d: %s: the sidecar's command is Argo CD's argocd-cmp-server, set in the repo server's spec", name, in.line, in.keyword)
		}
	}
	for _, want := range []string{
		"/out/kustomize -> /usr/local/bin/kustomize",
		"docs/argocd/plugin.yaml -> /home/argocd/cmp-server/config/plugin.yaml",
	} {
		if !slices.Contains(copied, want) {
			t.Errorf("%s: no COPY %s among %q", name, want, copied)
		}
	}
	if user != "999:999" && user != "999" {
		t.Errorf("%s: USER %q, want 999, the user Argo CD runs plugin sidecars as", name, user)
	}
}
