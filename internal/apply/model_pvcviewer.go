package apply

import (
	corev1 "k8s.io/api/core/v1"

	"github.com/podctl/podctl/internal/poddefault"
)

// pvcViewerModel is the PVCViewer controller's way of building a pod
// (kubeflow/kubeflow components/pvcviewer-controller, removed from that
// repository in e5563d9; controllers/pvcviewer_controller.go
// reconcileDeployment): a Deployment whose pod template is spec.podSpec
// as written, labelled with the controller's common labels only (the
// kind table's), with no annotations. Its defaulting webhook
// (api/v1alpha1/pvcviewer_webhook.go Default) fills an empty podSpec with
// a default one (from DEFAULT_POD_SPEC_PATH, else a filebrowser
// container named pvcviewer) and appends the volume viewer-volume for
// spec.pvc when no volume claims it.
//
// Where a PodDefault's fields land: everything of the pod spec in
// spec.podSpec (env, volumeMounts, … in spec.podSpec.containers[i];
// sidecars appended to spec.podSpec.containers). Refused: labels and
// annotations (the pod takes only the controller's), and anything at all
// when spec.podSpec is empty (a field written there would replace the
// default pod spec the webhook fills in). The webhook's marker
// annotations are not written.
type pvcViewerModel struct{}

func (pvcViewerModel) build(in modelInput) (*corev1.Pod, *layout, error) {
	// the table's path is spec: a PVCViewer without spec.podSpec has a pod too
	var spec corev1.PodSpec
	if err := decodeAt(in.p, in.node, in.steps, in.below("podSpec"), &spec); err != nil {
		return nil, nil, err
	}
	var pvc string
	if err := decodeAt(in.p, in.node, in.steps, in.below("pvc"), &pvc); err != nil {
		return nil, nil, err
	}
	pod := &corev1.Pod{Spec: spec}
	l := templateLayout(nil, in.below("podSpec"), len(spec.Containers))
	l.what = "a PVCViewer's pod"
	why := "the PVCViewer controller gives the pod its own labels and no annotations"
	l.fields[poddefault.FieldLabels], l.fields[poddefault.FieldAnnotations] = refused(why), refused(why)
	if len(spec.Containers) == 0 {
		// the webhook's default pod spec, which podctl cannot see
		for f := range l.fields {
			l.fields[f] = refused("spec.podSpec is empty, so the PVCViewer webhook fills in its default pod spec; writing into spec.podSpec would replace it (write the pod spec out to apply PodDefaults)")
		}
		return pod, l, nil
	}
	if pvc != "" && !claims(spec.Volumes, pvc) {
		pod.Spec.Volumes = append(pod.Spec.Volumes, corev1.Volume{Name: "viewer-volume",
			VolumeSource: corev1.VolumeSource{PersistentVolumeClaim: &corev1.PersistentVolumeClaimVolumeSource{ClaimName: pvc}}})
	}
	return pod, l, nil
}

// claims reports whether a volume mounts the claim.
func claims(volumes []corev1.Volume, claim string) bool {
	for _, v := range volumes {
		if v.PersistentVolumeClaim != nil && v.PersistentVolumeClaim.ClaimName == claim {
			return true
		}
	}
	return false
}
