package lint_test

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/podctl/podctl/internal/lint"
	"github.com/podctl/podctl/internal/poddefault"
)

func Example() {
	cache := func(name, selectorKey string, medium corev1.StorageMedium) lint.Default {
		pd := poddefault.PodDefault{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "team-ml"}}
		pd.Spec.Desc = name
		pd.Spec.Selector.MatchLabels = map[string]string{selectorKey: "true"}
		pd.Spec.Volumes = []corev1.Volume{{Name: "cache", VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{Medium: medium}}}}
		return lint.Default{Location: lint.Location{File: name + ".yaml", Line: 1}, PodDefault: pd}
	}
	findings := lint.Run(lint.Input{Defaults: []lint.Default{
		cache("disk-cache", "cache", ""),
		cache("memory-cache", "fast", corev1.StorageMediumMemory),
	}})
	for _, f := range findings {
		fmt.Println(f.Location, f.Severity, f.Rule, f.Witness)
		for _, c := range f.Clashes {
			fmt.Println(" ", c.Field, c.Key, c.PodDefault, "vs", c.FoundIn)
		}
	}
	// Output:
	// memory-cache.yaml:1 error PD102 map[cache:true fast:true]
	//   volumes cache memory-cache vs disk-cache
}
