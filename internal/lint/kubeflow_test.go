package lint_test

import (
	"os"
	"testing"

	"github.com/podctl/podctl/internal/apply"
	"github.com/podctl/podctl/internal/lint"
	"github.com/podctl/podctl/internal/manifest"
)

// The PodDefaults that Kubeflow users meet first lint clean, notebook
// form included: the two examples of the Kubeflow guide
// (testdata/examples/poddefaults.yaml) and the access-ml-pipeline
// PodDefault of the Kubeflow distribution, each on its own. Together, one
// finding stands, and is right: the guide's kubeflow-pipelines-api-token
// and the distribution's access-ml-pipeline are two spellings of one
// thing (a Pipelines token for notebooks) that set
// KF_PIPELINES_SA_TOKEN_PATH to different paths. A namespace that has
// both shows two boxes, and a notebook with both ticked is refused.
func TestKubeflowPodDefaultsLintClean(t *testing.T) {
	const guide, distribution = "../../testdata/examples/poddefaults.yaml", "../../testdata/lint/access-ml-pipeline.yaml"
	run := func(paths ...string) []lint.Finding {
		var srcs []*manifest.Source
		for _, p := range paths {
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			srcs = append(srcs, manifest.NewSource(p, b))
		}
		res, err := apply.Lint(apply.Request{Defaults: srcs}, true)
		if err != nil {
			t.Fatal(err)
		}
		return res.Findings
	}
	for _, p := range []string{guide, distribution} {
		if fs := run(p); len(fs) > 0 {
			t.Errorf("%s: %v", p, fs)
		}
	}
	fs := run(guide, distribution)
	if len(fs) != 1 || fs[0].Rule != "PD102" || len(fs[0].Clashes) != 1 || fs[0].Clashes[0].Key != "KF_PIPELINES_SA_TOKEN_PATH" {
		t.Fatalf("want the one clash on KF_PIPELINES_SA_TOKEN_PATH, got %v", fs)
	}
	if got := involved(fs[0]); got[0] != "access-ml-pipeline" || got[1] != "kubeflow-pipelines-api-token" {
		t.Errorf("the clash involves %v", got)
	}
}
