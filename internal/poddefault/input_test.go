package poddefault_test

import (
	"path/filepath"
	"reflect"
	"testing"

	corev1 "k8s.io/api/core/v1"

	"github.com/podctl/podctl/internal/poddefault"
)

// Apply, Check and Webhook change nothing of the pod they are given: the
// engine and the model of the API server hand one pod to several of them.
func TestInputPodUnchanged(t *testing.T) {
	var dirs []string
	for _, set := range []string{"conformance", "quirks"} {
		found, _ := filepath.Glob("../../testdata/" + set + "/*")
		dirs = append(dirs, found...)
	}
	n := 0
	for _, dir := range dirs {
		var pod corev1.Pod
		var pds []poddefault.PodDefault
		if !loadJSON(dir, &pod, &pds) {
			continue
		}
		n++
		before := pod.DeepCopy()
		if _, err := poddefault.Apply(&pod, pds); err == nil && !reflect.DeepEqual(&pod, before) {
			t.Errorf("%s: Apply changed its input", dir)
		}
		if matching, err := poddefault.Select(&pod, pds); err == nil {
			poddefault.Check(&pod, matching)
			if !reflect.DeepEqual(&pod, before) {
				t.Errorf("%s: Check changed its input", dir)
			}
		}
		_, _ = poddefault.Webhook(&pod, pds)
		if !reflect.DeepEqual(&pod, before) {
			t.Errorf("%s: Webhook changed its input", dir)
		}
	}
	if n < 100 {
		t.Fatalf("only %d cases", n)
	}
}
