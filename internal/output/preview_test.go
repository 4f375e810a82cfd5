package output

import (
	"bytes"
	"encoding/json"
	"strconv"
	"testing"

	"sigs.k8s.io/yaml"

	"github.com/podctl/podctl/internal/apply"
)

// TestPreviewFormatsAgree: YAML and JSON write the same v1 List, each
// pod annotated with its source and without a null creationTimestamp.
func TestPreviewFormatsAgree(t *testing.T) {
	previewed, err := apply.Preview(request(t, examplesWorkloads, examplesDefaults))
	if err != nil {
		t.Fatal(err)
	}
	var y, j bytes.Buffer
	if err := PreviewYAML(&y, previewed); err != nil {
		t.Fatal(err)
	}
	if err := PreviewJSON(&j, previewed); err != nil {
		t.Fatal(err)
	}
	var fromYAML, fromJSON map[string]any
	if err := yaml.Unmarshal(y.Bytes(), &fromYAML); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(j.Bytes(), &fromJSON); err != nil {
		t.Fatal(err)
	}
	a, _ := json.Marshal(fromYAML)
	b, _ := json.Marshal(fromJSON)
	if !bytes.Equal(a, b) {
		t.Errorf("YAML and JSON differ:\n%s\n%s", a, b)
	}
	items, _ := fromJSON["items"].([]any)
	if fromJSON["kind"] != "List" || len(items) != len(previewed) || len(items) == 0 {
		t.Fatalf("kind %v, %d items for %d pods", fromJSON["kind"], len(items), len(previewed))
	}
	for i, item := range items {
		md := item.(map[string]any)["metadata"].(map[string]any)
		if _, ok := md["creationTimestamp"]; ok {
			t.Errorf("item %d has a creationTimestamp", i)
		}
		ann, _ := md["annotations"].(map[string]any)
		if ann[PreviewSourceAnnotation] != previewed[i].Location.File+":"+strconv.Itoa(previewed[i].Line) || ann[PreviewObjectAnnotation] != previewed[i].Object {
			t.Errorf("item %d: annotations %v", i, ann)
		}
	}
	if previewed[0].Pod.Annotations[PreviewSourceAnnotation] != "" {
		t.Error("writing the preview annotated the pod it was given")
	}
}
