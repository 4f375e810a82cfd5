package apply

import (
	"testing"

	"github.com/podctl/podctl/internal/workload"
)

// Every model the kind table may name has an adapter, and every adapter a
// name in the table's list.
func TestEveryModelHasAnAdapter(t *testing.T) {
	for _, m := range workload.Models {
		if podModels[m] == nil {
			t.Errorf("model %s has no adapter in podModels", m)
		}
	}
	if len(podModels) != len(workload.Models) {
		t.Errorf("podModels has %d adapters, workload.Models names %d", len(podModels), len(workload.Models))
	}
	for _, k := range workload.Builtins().Kinds() {
		if k.Model != "" && podModels[k.Model] == nil {
			t.Errorf("%s/%s: model %s has no adapter", k.Group, k.Kind, k.Model)
		}
	}
}
