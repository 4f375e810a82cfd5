// Package clustertest holds what tests need to compare a pod with the
// stored answers of a real API server (testdata/cluster): the same
// normalisation as the harness that recorded them, and a JSON diff.
package clustertest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/podctl/podctl/internal/poddefault"
)

var (
	tokenVolume = regexp.MustCompile(`"kube-api-access-[a-z0-9]{5}"`)
	markerKey   = poddefault.MarkerKey("")
)

// Normalise removes from a pod what differs between requests, as the
// harness does: uid, creationTimestamp, resourceVersion, managedFields,
// generation, the generated part of a name, the time of status
// conditions, the values of the PodDefault markers (the server writes the
// live resourceVersion), and the random suffix of the token volume.
func Normalise(pod any) map[string]any {
	b, _ := json.Marshal(pod)
	b = tokenVolume.ReplaceAll(b, []byte(`"kube-api-access-xxxxx"`))
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	md, _ := m["metadata"].(map[string]any)
	if md == nil {
		return m
	}
	for _, k := range []string{"uid", "creationTimestamp", "resourceVersion", "managedFields", "generation"} {
		delete(md, k)
	}
	if g, _ := md["generateName"].(string); g != "" {
		if n, _ := md["name"].(string); strings.HasPrefix(n, g) {
			md["name"] = g + "xxxxx"
		}
	}
	if st, _ := m["status"].(map[string]any); st != nil {
		conds, _ := st["conditions"].([]any)
		for _, c := range conds {
			if cm, ok := c.(map[string]any); ok {
				delete(cm, "lastTransitionTime")
			}
		}
	}
	if ann, _ := md["annotations"].(map[string]any); ann != nil {
		for k := range ann {
			if strings.HasPrefix(k, markerKey) {
				ann[k] = "<resourceVersion>"
			}
		}
	}
	return m
}

// DiffJSON lists the paths where two generic JSON values differ.
func DiffJSON(a, b any, path string) []string {
	switch at := a.(type) {
	case map[string]any:
		bt, ok := b.(map[string]any)
		if !ok {
			break
		}
		keys := map[string]bool{}
		for k := range at {
			keys[k] = true
		}
		for k := range bt {
			keys[k] = true
		}
		var sorted []string
		for k := range keys {
			sorted = append(sorted, k)
		}
		sort.Strings(sorted)
		var out []string
		for _, k := range sorted {
			out = append(out, DiffJSON(at[k], bt[k], path+"."+k)...)
		}
		return out
	case []any:
		bt, ok := b.([]any)
		if !ok || len(at) != len(bt) {
			break
		}
		var out []string
		for i := range at {
			out = append(out, DiffJSON(at[i], bt[i], fmt.Sprintf("%s[%d]", path, i))...)
		}
		return out
	}
	ab, _ := json.Marshal(a)
	bb, _ := json.Marshal(b)
	if !bytes.Equal(ab, bb) {
		return []string{fmt.Sprintf("%s: want %s, got %s", path, ab, bb)}
	}
	return nil
}
