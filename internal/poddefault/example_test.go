package poddefault_test

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/podctl/podctl/internal/poddefault"
)

func ExampleApply() {
	token := poddefault.PodDefault{
		ObjectMeta: metav1.ObjectMeta{Name: "pipeline-token", Namespace: "team-ml"},
		Spec: poddefault.PodDefaultSpec{
			Selector: metav1.LabelSelector{MatchLabels: map[string]string{"pipelines": "true"}},
			Env:      []corev1.EnvVar{{Name: "KF_PIPELINES_SA_TOKEN_PATH", Value: "/var/run/secrets/token"}},
		},
	}
	pod := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: "nb", Namespace: "team-ml", Labels: map[string]string{"pipelines": "true"}},
		Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "main", Image: "jupyter"}}},
	}
	res, err := poddefault.Apply(pod, []poddefault.PodDefault{token})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Pod.Spec.Containers[0].Env[0].Name)
	fmt.Println(res.Pod.Annotations)
	// Output:
	// KF_PIPELINES_SA_TOKEN_PATH
	// map[poddefault.admission.kubeflow.org/poddefault-pipeline-token:]
}
