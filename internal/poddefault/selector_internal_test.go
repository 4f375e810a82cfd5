package poddefault

import (
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
)

// selectorOf answers as metav1.LabelSelectorAsSelector, and selectors
// that differ in anything it reads (nil and empty lists alike) have
// different keys.
func TestSelectorOf(t *testing.T) {
	sels := []metav1.LabelSelector{
		{},
		{MatchLabels: map[string]string{"a": "b"}},
		{MatchLabels: map[string]string{"a": "b", "c": "d"}},
		{MatchLabels: map[string]string{"ab": ""}},
		{MatchLabels: map[string]string{"a": "b:"}},
		{MatchLabels: map[string]string{"1": "1", "2:1": "3"}},
		{MatchLabels: map[string]string{"bad key!": "x"}},
		{MatchExpressions: []metav1.LabelSelectorRequirement{{Key: "a", Operator: metav1.LabelSelectorOpIn, Values: []string{"b", "c"}}}},
		{MatchExpressions: []metav1.LabelSelectorRequirement{{Key: "a", Operator: metav1.LabelSelectorOpIn, Values: []string{"b"}}, {Key: "c", Operator: metav1.LabelSelectorOpIn}}},
		{MatchExpressions: []metav1.LabelSelectorRequirement{{Key: "a", Operator: metav1.LabelSelectorOpIn, Values: []string{"bc"}}}},
		{MatchExpressions: []metav1.LabelSelectorRequirement{{Key: "a", Operator: metav1.LabelSelectorOpNotIn, Values: []string{"b"}}}},
		{MatchExpressions: []metav1.LabelSelectorRequirement{{Key: "a", Operator: metav1.LabelSelectorOpExists}}},
		{MatchExpressions: []metav1.LabelSelectorRequirement{{Key: "a", Operator: metav1.LabelSelectorOpDoesNotExist}}},
		{MatchExpressions: []metav1.LabelSelectorRequirement{{Key: "a", Operator: metav1.LabelSelectorOpExists, Values: []string{"x"}}}},
		{MatchExpressions: []metav1.LabelSelectorRequirement{{Key: "a", Operator: "Near"}}},
		{MatchLabels: map[string]string{"a": "b"}, MatchExpressions: []metav1.LabelSelectorRequirement{{Key: "c", Operator: metav1.LabelSelectorOpExists}}},
	}
	pods := []labels.Set{nil, {"a": "b"}, {"a": "c"}, {"a": "b", "c": "d"}, {"ab": ""}, {"a": "b:"}, {"1": "1", "2:1": "3"}, {"c": "x"}}
	keys := map[string]int{}
	for i := range sels {
		s := &sels[i]
		if j, dup := keys[string(appendSelectorKey(nil, s))]; dup {
			t.Errorf("selectors %d and %d have one key %q", j, i, string(appendSelectorKey(nil, s)))
		}
		keys[string(appendSelectorKey(nil, s))] = i
		for round := 0; round < 2; round++ { // converted, then kept
			got, gotErr := selectorOf(s)
			want, wantErr := metav1.LabelSelectorAsSelector(s)
			if (gotErr == nil) != (wantErr == nil) || gotErr != nil && gotErr.Error() != wantErr.Error() {
				t.Fatalf("selector %d: error %v, want %v", i, gotErr, wantErr)
			}
			if wantErr != nil {
				continue
			}
			if got.String() != want.String() {
				t.Errorf("selector %d: %q, want %q", i, got, want)
			}
			for _, set := range pods {
				if got.Matches(set) != want.Matches(set) {
					t.Errorf("selector %d on %v: %v", i, set, got.Matches(set))
				}
			}
		}
	}
}
