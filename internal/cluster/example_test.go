package cluster_test

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/podctl/podctl/internal/cluster"
	"github.com/podctl/podctl/internal/poddefault"
)

func ExampleCreate() {
	pod := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: "nb", Labels: map[string]string{"kfp": "true"}},
		Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "notebook", Image: "jupyter/base-notebook"}}},
	}
	token := poddefault.PodDefault{
		ObjectMeta: metav1.ObjectMeta{Name: "kfp-token", Namespace: "team-a"},
		Spec: poddefault.PodDefaultSpec{
			Selector: metav1.LabelSelector{MatchLabels: map[string]string{"kfp": "true"}},
			Env:      []corev1.EnvVar{{Name: "KF_PIPELINES_SA_TOKEN_PATH", Value: "/var/run/secrets/kubeflow/pipelines/token"}},
		},
	}
	out, err := cluster.Create(pod, "team-a", []poddefault.PodDefault{token}, cluster.Options{})
	if err != nil {
		panic(err)
	}
	c := out.Pod.Spec.Containers[0]
	fmt.Println("pull policy:", c.ImagePullPolicy)
	fmt.Println("env:", c.Env[0].Name)
	fmt.Println("mount:", c.VolumeMounts[0].Name, c.VolumeMounts[0].MountPath)
	for _, t := range out.Pod.Spec.Tolerations {
		fmt.Println("toleration:", t.Key, *t.TolerationSeconds)
	}
	fmt.Println("qos:", out.Pod.Status.QOSClass)
	// Output:
	// pull policy: Always
	// env: KF_PIPELINES_SA_TOKEN_PATH
	// mount: kube-api-access-xxxxx /var/run/secrets/kubernetes.io/serviceaccount
	// toleration: node.kubernetes.io/not-ready 300
	// toleration: node.kubernetes.io/unreachable 300
	// qos: BestEffort
}

// A PodDefault mount whose volume nothing defines: the webhook adds it, and
// the API server refuses the pod it made.
func ExampleCreate_invalid() {
	pod := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: "nb"},
		Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "notebook", Image: "jupyter/base-notebook:2024"}}},
	}
	data := poddefault.PodDefault{
		ObjectMeta: metav1.ObjectMeta{Name: "data", Namespace: "team-a"},
		Spec:       poddefault.PodDefaultSpec{VolumeMounts: []corev1.VolumeMount{{Name: "data", MountPath: "/data"}}},
	}
	out, _ := cluster.Create(pod, "team-a", []poddefault.PodDefault{data}, cluster.Options{})
	fmt.Println(out.Refusal.Reason)
	fmt.Println(out.Refusal.Message)
	fmt.Println(out.Sent.Spec.Containers[0].VolumeMounts[0].Name) // what the webhook saw
	// Output:
	// invalid
	// Pod "nb" is invalid: spec.containers[0].volumeMounts[1].name: Not found: "data"
	// kube-api-access-xxxxx
}
