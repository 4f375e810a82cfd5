package krm_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/api/types"
	"sigs.k8s.io/kustomize/kyaml/filesys"

	"github.com/podctl/podctl/internal/testbin"
)

// These tests run podctl as a KRM function under the real tools: kpt,
// kubectl's kustomize, and kustomize's own engine (krusty, in-process:
// a test-only dependency, so that kustomize's current engine is tested
// without installing a binary). A missing tool skips its test, except in
// CI (CI=true), where it fails.

// podctl is the binary kpt and kustomize run.
func podctl(t *testing.T) string { return testbin.Podctl(t) }

func tool(t *testing.T, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is needed in CI: %v", name, err)
		}
		t.Skipf("%s is not installed", name)
	}
	return path
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

const deployment = `# The web server
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: team-ml
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels:
        app: web
        add-sidecar: "true"  # wants the sidecar
    spec:
      containers:
      - name: web
        image: nginx   # pinned later
`

const sidecarDefault = `apiVersion: kubeflow.org/v1alpha1
kind: PodDefault
metadata:
  name: add-sidecar
  namespace: team-ml
spec:
  selector:
    matchLabels:
      add-sidecar: "true"
  sidecars:
  - name: log
    image: fluent-bit
`

const clashingDefault = `apiVersion: kubeflow.org/v1alpha1
kind: PodDefault
metadata:
  name: other-log
  namespace: team-ml
spec:
  selector: {}
  sidecars:
  - name: log
    image: vector
`

func podDefaultList(items ...string) string {
	var b strings.Builder
	b.WriteString("apiVersion: kubeflow.org/v1alpha1\nkind: PodDefaultList\nmetadata:\n  name: podctl\nitems:\n")
	for _, it := range items {
		for i, line := range strings.Split(strings.TrimSuffix(it, "\n"), "\n") {
			if i == 0 {
				b.WriteString("- " + line + "\n")
			} else {
				b.WriteString("  " + line + "\n")
			}
		}
	}
	return b.String()
}

func TestKptFnEvalWithFnConfig(t *testing.T) {
	kpt := tool(t, "kpt")
	dir := t.TempDir()
	pkg := filepath.Join(dir, "pkg")
	write(t, filepath.Join(pkg, "deploy.yaml"), deployment)
	write(t, filepath.Join(dir, "fn-config.yaml"), podDefaultList(sidecarDefault))
	out, err := exec.Command(kpt, "fn", "eval", pkg, "--exec", podctl(t), "--fn-config", filepath.Join(dir, "fn-config.yaml")).CombinedOutput()
	if err != nil {
		t.Fatalf("kpt: %v\n%s", err, out)
	}
	got, _ := os.ReadFile(filepath.Join(pkg, "deploy.yaml"))
	for _, want := range []string{"# The web server", "# wants the sidecar", "# pinned later", "- name: log", "poddefault.admission.kubeflow.org/poddefault-add-sidecar"} {
		if !strings.Contains(string(got), want) {
			t.Errorf("deploy.yaml lacks %q:\n%s", want, got)
		}
	}
	if !strings.Contains(string(out), "PodDefaults add-sidecar apply to Deployment/team-ml/web") {
		t.Errorf("kpt shows no info result:\n%s", out)
	}
	// a second run changes nothing
	before := got
	if out, err := exec.Command(kpt, "fn", "eval", pkg, "--exec", podctl(t), "--fn-config", filepath.Join(dir, "fn-config.yaml")).CombinedOutput(); err != nil {
		t.Fatalf("kpt, second run: %v\n%s", err, out)
	}
	if after, _ := os.ReadFile(filepath.Join(pkg, "deploy.yaml")); !bytes.Equal(after, before) {
		t.Errorf("a second run changed the file:\n%s", after)
	}
}

func TestKptFnEvalWithPodDefaultsInThePackage(t *testing.T) {
	kpt := tool(t, "kpt")
	pkg := t.TempDir()
	write(t, filepath.Join(pkg, "deploy.yaml"), deployment)
	write(t, filepath.Join(pkg, "poddefaults.yaml"), sidecarDefault)
	if out, err := exec.Command(kpt, "fn", "eval", pkg, "--exec", podctl(t)).CombinedOutput(); err != nil {
		t.Fatalf("kpt: %v\n%s", err, out)
	}
	got, _ := os.ReadFile(filepath.Join(pkg, "deploy.yaml"))
	if !strings.Contains(string(got), "- name: log") || !strings.Contains(string(got), "# wants the sidecar") {
		t.Errorf("deploy.yaml:\n%s", got)
	}
	if pd, _ := os.ReadFile(filepath.Join(pkg, "poddefaults.yaml")); !strings.Contains(string(pd), "kind: PodDefault") {
		t.Errorf("the PodDefault left the package:\n%s", pd)
	}
}

func TestKptFailsOnConflictAndWritesNothing(t *testing.T) {
	kpt := tool(t, "kpt")
	dir := t.TempDir()
	pkg := filepath.Join(dir, "pkg")
	write(t, filepath.Join(pkg, "deploy.yaml"), deployment)
	write(t, filepath.Join(dir, "fn-config.yaml"), podDefaultList(sidecarDefault, clashingDefault))
	out, err := exec.Command(kpt, "fn", "eval", pkg, "--exec", podctl(t), "--fn-config", filepath.Join(dir, "fn-config.yaml")).CombinedOutput()
	if err == nil {
		t.Fatalf("kpt succeeded on a conflict:\n%s", out)
	}
	if !strings.Contains(string(out), "other-log") || !strings.Contains(string(out), "add-sidecar") {
		t.Errorf("kpt's output does not name the PodDefaults:\n%s", out)
	}
	if got, _ := os.ReadFile(filepath.Join(pkg, "deploy.yaml")); string(got) != deployment {
		t.Errorf("the file changed:\n%s", got)
	}
}

// kustomize reads every kind named *List as a list of its items, so a
// transformer's config must be a single object: one PodDefault, or a
// ConfigMap (with the PodDefaults among the resources).
func kustomization(t *testing.T, dir, config string) {
	write(t, filepath.Join(dir, "deploy.yaml"), deployment)
	write(t, filepath.Join(dir, "kustomization.yaml"), "resources:\n- deploy.yaml\ntransformers:\n- podctl.yaml\n")
	write(t, filepath.Join(dir, "podctl.yaml"), config)
}

func withExec(config, path string) string {
	return strings.Replace(config, "metadata:\n", "metadata:\n  annotations:\n    config.kubernetes.io/function: |\n      exec:\n        path: "+path+"\n", 1)
}

// kubectl's kustomize (v5.5 in kubectl 1.32) has no --enable-exec: it
// skips exec functions without a word, so it cannot run podctl; the
// kustomize binary and its engine can, with --enable-alpha-plugins
// --enable-exec (docs/krm.md).

func krustyBuild(t *testing.T, dir string) []byte {
	t.Helper()
	opts := krusty.MakeDefaultOptions()
	opts.PluginConfig = types.EnabledPluginConfig(types.BploUseStaticallyLinked)
	opts.PluginConfig.FnpLoadingOptions.EnableExec = true
	m, err := krusty.MakeKustomizer(opts).Run(filesys.MakeFsOnDisk(), dir)
	if err != nil {
		t.Fatal(err)
	}
	out, err := m.AsYaml()
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestKrustyWithAPodDefaultAsConfig(t *testing.T) {
	dir := t.TempDir()
	kustomization(t, dir, withExec(sidecarDefault, podctl(t)))
	out := krustyBuild(t, dir)
	if !strings.Contains(string(out), "name: log") || !strings.Contains(string(out), "poddefault-add-sidecar") {
		t.Errorf("kustomize's output:\n%s", out)
	}
}

func TestKrustyWithPodDefaultsAmongTheResources(t *testing.T) {
	dir := t.TempDir()
	config := withExec("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: podctl\ndata:\n  namespace: team-ml\n", podctl(t))
	kustomization(t, dir, config)
	write(t, filepath.Join(dir, "poddefaults.yaml"), sidecarDefault)
	write(t, filepath.Join(dir, "kustomization.yaml"), "resources:\n- deploy.yaml\n- poddefaults.yaml\ntransformers:\n- podctl.yaml\n")
	out := krustyBuild(t, dir)
	if !strings.Contains(string(out), "name: log") || !strings.Contains(string(out), "kind: PodDefault") {
		t.Errorf("kustomize's output:\n%s", out)
	}
	if again := krustyBuild(t, dir); !bytes.Equal(out, again) {
		t.Error("two builds differ")
	}
}

func TestKptFnRenderWithAnExecPipeline(t *testing.T) {
	if testing.Short() {
		t.Skip("a second kpt pipeline: make test-large runs it")
	}
	kpt := tool(t, "kpt")
	pkg := t.TempDir()
	write(t, filepath.Join(pkg, "deploy.yaml"), deployment)
	write(t, filepath.Join(pkg, "poddefaults.yaml"), sidecarDefault)
	write(t, filepath.Join(pkg, "Kptfile"), "apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: app\npipeline:\n  mutators:\n  - exec: "+podctl(t)+"\n")
	if out, err := exec.Command(kpt, "fn", "render", pkg, "--allow-exec").CombinedOutput(); err != nil {
		t.Fatalf("kpt fn render: %v\n%s", err, out)
	}
	got, _ := os.ReadFile(filepath.Join(pkg, "deploy.yaml"))
	if !strings.Contains(string(got), "- name: log") || !strings.Contains(string(got), "# The web server") {
		t.Errorf("deploy.yaml:\n%s", got)
	}
}

// As a kpt validator (a ConfigMap functionConfig with mode: lint), podctl
// fails the render on a finding that is an error, names it, and leaves
// every file as it was; after a mutator that applies the PodDefaults, a
// sound package passes.
func TestKptFnRenderWithALintValidator(t *testing.T) {
	if testing.Short() {
		t.Skip("a second kpt pipeline: make test-large runs it")
	}
	kpt := tool(t, "kpt")
	validator := "  validators:\n  - exec: " + podctl(t) + "\n    configMap:\n      mode: lint\n"

	t.Run("fails on a clash", func(t *testing.T) {
		pkg := t.TempDir()
		write(t, filepath.Join(pkg, "deploy.yaml"), deployment)
		write(t, filepath.Join(pkg, "poddefaults.yaml"), sidecarDefault+"---\n"+clashingDefault)
		write(t, filepath.Join(pkg, "Kptfile"), "apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: app\npipeline:\n"+validator)
		out, err := exec.Command(kpt, "fn", "render", pkg, "--allow-exec").CombinedOutput()
		if err == nil {
			t.Fatalf("kpt fn render passed a clash:\n%s", out)
		}
		if !strings.Contains(string(out), "PD102") || !strings.Contains(string(out), "other-log") {
			t.Errorf("kpt's output does not name the finding:\n%s", out)
		}
		if got, _ := os.ReadFile(filepath.Join(pkg, "deploy.yaml")); string(got) != deployment {
			t.Errorf("deploy.yaml changed:\n%s", got)
		}
		if got, _ := os.ReadFile(filepath.Join(pkg, "poddefaults.yaml")); string(got) != sidecarDefault+"---\n"+clashingDefault {
			t.Errorf("poddefaults.yaml changed:\n%s", got)
		}
	})
	t.Run("passes after the mutator", func(t *testing.T) {
		pkg := t.TempDir()
		write(t, filepath.Join(pkg, "deploy.yaml"), deployment)
		write(t, filepath.Join(pkg, "poddefaults.yaml"), sidecarDefault)
		write(t, filepath.Join(pkg, "Kptfile"), "apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: app\npipeline:\n  mutators:\n  - exec: "+podctl(t)+"\n"+validator)
		out, err := exec.Command(kpt, "fn", "render", pkg, "--allow-exec").CombinedOutput()
		if err != nil {
			t.Fatalf("kpt fn render: %v\n%s", err, out)
		}
		if got, _ := os.ReadFile(filepath.Join(pkg, "deploy.yaml")); !strings.Contains(string(got), "- name: log") {
			t.Errorf("deploy.yaml:\n%s", got)
		}
	})
}
