package poddefault_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"

	"github.com/podctl/podctl/internal/poddefault"
)

// TestWebhookConformance: Webhook gives the webhook's real answer for every
// conformance case, the pod its JSON patch makes or its denial.
func TestWebhookConformance(t *testing.T) {
	for _, c := range loadCases(t, "../../testdata/conformance", "expected.yaml") {
		t.Run(c.name, func(t *testing.T) {
			got, err := poddefault.Webhook(c.pod, c.defaults)
			if c.meta.Rejected {
				var ce *poddefault.ConflictError
				var se *poddefault.SelectorError
				if !errors.As(err, &ce) && !errors.As(err, &se) {
					t.Fatalf("want a denial (%s), got %v", c.meta.Reason, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("want admitted, got %v", err)
			}
			if g, w := normalized(got), normalized(c.want); !reflect.DeepEqual(g, w) {
				gj, _ := json.Marshal(g)
				wj, _ := json.Marshal(w)
				t.Fatalf("result differs\n got  %s\n want %s", gj, wj)
			}
		})
	}
}

// TestWebhookQuirks: where the webhook's patch applies, Webhook gives the
// broken pod it makes (expected.yaml); where it does not, a PatchError.
func TestWebhookQuirks(t *testing.T) {
	for _, c := range loadCases(t, "../../testdata/quirks", "expected.yaml") {
		t.Run(c.name, func(t *testing.T) {
			got, err := poddefault.Webhook(c.pod, c.defaults)
			if c.want == nil {
				var pe *poddefault.PatchError
				if !errors.As(err, &pe) {
					t.Fatalf("want a PatchError, got %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if g, w := normalized(got), normalized(c.want); !reflect.DeepEqual(g, w) {
				gj, _ := json.Marshal(g)
				wj, _ := json.Marshal(w)
				t.Fatalf("result differs\n got  %s\n want %s", gj, wj)
			}
		})
	}
}

func TestWebhookLeavesExcludedPodsAlone(t *testing.T) {
	for _, c := range loadCases(t, "../../testdata/conformance", "expected.yaml") {
		if c.name != "050-exclude-true" {
			continue
		}
		got, err := poddefault.Webhook(c.pod, c.defaults)
		if err != nil || !reflect.DeepEqual(got, c.pod) || got == c.pod {
			t.Errorf("excluded pod: got %v, %v; want an equal copy", got, err)
		}
		return
	}
	t.Fatal("case 050-exclude-true not found")
}
