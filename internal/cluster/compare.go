package cluster

import (
	"encoding/json"
	"sort"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"
)

// SameContent reports whether two pods hold the same content, lists of
// named items compared by name: the order in which the API server's
// plugins and the webhook add items is not something a manifest can
// show, so it is told apart from a difference in content.
func SameContent(a, b *corev1.Pod) bool {
	return equality.Semantic.DeepEqual(alignedJSON(a), alignedJSON(b))
}

func alignedJSON(pod *corev1.Pod) any {
	data, err := json.Marshal(pod)
	if err != nil {
		return nil
	}
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		return nil
	}
	return AlignNamed(v)
}

// AlignNamed returns a copy of a generic JSON value with every list of
// named items (name, or key for tolerations) sorted by that name: the
// harness aligns such lists by name, so that an order the manifest cannot
// show is told apart from a difference in content.
func AlignNamed(v any) any {
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, x := range t {
			out[k] = AlignNamed(x)
		}
		return out
	case []any:
		out := make([]any, len(t))
		keys := make([]string, len(t))
		named := true
		for i, x := range t {
			out[i] = AlignNamed(x)
			m, ok := x.(map[string]any)
			if !ok {
				named = false
				continue
			}
			name, ok := m["name"].(string)
			if !ok {
				name, ok = m["key"].(string)
				if e, _ := m["effect"].(string); ok {
					name += "\x00" + e
				}
			}
			keys[i], named = name, named && ok
		}
		if named {
			sort.SliceStable(out, func(i, j int) bool { return keyOf(out[i]) < keyOf(out[j]) })
		}
		return out
	}
	return v
}

func keyOf(v any) string {
	m := v.(map[string]any)
	if name, ok := m["name"].(string); ok {
		return name
	}
	k, _ := m["key"].(string)
	e, _ := m["effect"].(string)
	return k + "\x00" + e
}
