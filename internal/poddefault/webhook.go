package poddefault

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"
)

// DefectKind names a way in which the in-cluster webhook breaks a pod it
// admits (semantics.md, "Defects and surprises of the webhook").
type DefectKind string

const (
	// DefectPatchFails: the API server cannot apply the webhook's JSON patch.
	DefectPatchFails DefectKind = "patch-apply-fails"
	// DefectContainersWiped: the patch sets spec.containers to null.
	DefectContainersWiped DefectKind = "containers-wiped"
	// DefectContainersCorrupted: the patch applies but the pod is not the
	// one the webhook computed.
	DefectContainersCorrupted DefectKind = "containers-corrupted"
)

// Defect is one way the in-cluster webhook would differ from Result.Pod.
type Defect struct {
	Kind    DefectKind
	Message string
	// OwnSidecar is set when the only trouble is a sidecar that carries its
	// PodDefault's marker already: podctl injected it in an earlier run.
	OwnSidecar bool
}

// webhookDefects runs the webhook as it really is — its in-memory mutation,
// then the JSON patch it builds from a set-based array diff, applied as the
// API server applies it — and compares the outcome with podctl's intended
// pod. Any difference is a defect to warn about.
func webhookDefects(input *corev1.Pod, pds []*PodDefault, intended *corev1.Pod, present map[int]bool) []Defect {
	if !defectPossible(input, pds, intended, present) {
		return nil
	}
	actual := webhookMutation(input.DeepCopy(), pds)
	before, err1 := toGeneric(input)
	after, err2 := toGeneric(actual)
	want, err3 := toGeneric(intended)
	if err1 != nil || err2 != nil || err3 != nil {
		return nil
	}
	patch := createPatch(before, after, "")
	got, err := applyPatch(before, patch)
	if err != nil {
		return []Defect{{Kind: DefectPatchFails, Message: "the webhook's patch for this pod cannot be applied (" + err.Error() + ")" + patchCause(input, actual)}}
	}
	if reflect.DeepEqual(got, want) {
		return nil
	}
	spec, _ := got.(map[string]any)["spec"].(map[string]any)
	if spec != nil && spec["containers"] == nil && len(intended.Spec.Containers) > 0 {
		return []Defect{{Kind: DefectContainersWiped,
			Message:    "the webhook would set spec.containers to null: a container identical to a sidecar is already present (" + strings.Join(presentNames(input, present), ", ") + ")",
			OwnSidecar: ownSidecars(input, pds, present)}}
	}
	return []Defect{{Kind: DefectContainersCorrupted, Message: "the webhook's patch applies but does not give the pod it computed: existing containers change while a sidecar is added, and the patch's index shifts duplicate one container and lose another"}}
}

// defectPossible tells the pods whose webhook patch can go wrong from
// those where it cannot, so that only the first pay for running it. The
// patch is exact for maps, for lists of equal length, and for lists that
// only grow by items unlike the old ones; it goes wrong only where
// existing containers change while sidecars are added, where an envFrom
// entry the container had is added again, or where a container equals a
// sidecar.
func defectPossible(input *corev1.Pod, pds []*PodDefault, intended *corev1.Pod, present map[int]bool) bool {
	if len(present) > 0 {
		return true
	}
	grew := len(intended.Spec.Containers) > len(input.Spec.Containers)
	for i := range input.Spec.Containers {
		in := &input.Spec.Containers[i]
		if grew && !reflect.DeepEqual(in, &intended.Spec.Containers[i]) {
			return true
		}
		for _, pd := range pds {
			for j := range pd.Spec.EnvFrom {
				if containsDeepEqual(in.EnvFrom, pd.Spec.EnvFrom[j]) {
					return true
				}
			}
		}
	}
	return false
}

func patchCause(input, actual *corev1.Pod) string {
	if len(actual.Spec.Containers) != len(input.Spec.Containers) {
		changed := 0
		for i := range input.Spec.Containers {
			if !reflect.DeepEqual(input.Spec.Containers[i], actual.Spec.Containers[i]) {
				changed++
			}
		}
		if changed >= 2 {
			return fmt.Sprintf(": %d existing containers change and a sidecar is added", changed)
		}
	}
	return ": an envFrom entry the container already has is added again before a new one"
}

func presentNames(pod *corev1.Pod, present map[int]bool) []string {
	var out []string
	for i := range pod.Spec.Containers {
		if present[i] {
			out = append(out, strconv.Quote(pod.Spec.Containers[i].Name))
		}
	}
	return out
}

// ownSidecars reports whether every present sidecar comes from a
// PodDefault whose marker the pod already carries.
func ownSidecars(pod *corev1.Pod, pds []*PodDefault, present map[int]bool) bool {
	if len(present) == 0 {
		return false
	}
	for i := range pod.Spec.Containers {
		if !present[i] {
			continue
		}
		own := false
		for _, pd := range pds {
			if _, marked := pod.Annotations[MarkerKey(pd.Name)]; !marked {
				continue
			}
			for j := range pd.Spec.Sidecars {
				if reflect.DeepEqual(pod.Spec.Containers[i], pd.Spec.Sidecars[j]) {
					own = true
				}
			}
		}
		if !own {
			return false
		}
	}
	return true
}

// webhookMutation is applyPodDefaultsOnPod exactly as the webhook runs it,
// including its defects: every container's env and volumeMounts become
// non-nil, envFrom is appended blindly, and sidecars are merged against the
// containers already modified, so an identical sidecar now clashes and
// spec.containers becomes nil.
func webhookMutation(pod *corev1.Pod, pds []*PodDefault) *corev1.Pod {
	(&pass{pds: pds, mode: asWebhook}).run(pod)
	return pod
}

func toGeneric(v any) (any, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var out any
	err = json.Unmarshal(b, &out)
	return out, err
}

// patchOp is one JSON patch operation.
type patchOp struct {
	op, path string
	value    any
}

// createPatch diffs two generic JSON values as github.com/mattbaird/jsonpatch
// does (the webhook's library): objects key by key, arrays of equal length
// position by position, and arrays of different length as sets — every old
// element without a deep-equal new one is removed at its old index, then
// every new element without a deep-equal old one is added at its new index.
func createPatch(a, b any, path string) []patchOp {
	am, aok := a.(map[string]any)
	bm, bok := b.(map[string]any)
	if !aok || !bok {
		return nil
	}
	return diffObjects(am, bm, path, nil)
}

func diffObjects(a, b map[string]any, path string, ops []patchOp) []patchOp {
	for _, k := range sortedKeys(b) {
		bv := b[k]
		p := path + "/" + escapeKey(k)
		av, ok := a[k]
		switch {
		case !ok:
			ops = append(ops, patchOp{"add", p, bv})
		case reflect.TypeOf(av) != reflect.TypeOf(bv):
			ops = append(ops, patchOp{"replace", p, bv})
		default:
			ops = diffValues(av, bv, p, ops)
		}
	}
	for _, k := range sortedKeys(a) {
		if _, ok := b[k]; !ok {
			ops = append(ops, patchOp{"remove", path + "/" + escapeKey(k), nil})
		}
	}
	return ops
}

func diffValues(av, bv any, p string, ops []patchOp) []patchOp {
	switch at := av.(type) {
	case map[string]any:
		return diffObjects(at, bv.(map[string]any), p, ops)
	case []any:
		bt := bv.([]any)
		if len(at) != len(bt) {
			return append(ops, compareArrays(at, bt, p)...)
		}
		for i := range bt {
			ops = diffValues(at[i], bt[i], p+"/"+strconv.Itoa(i), ops)
		}
		return ops
	case nil:
		if bv != nil {
			ops = append(ops, patchOp{"add", p, bv})
		}
		return ops
	default:
		if av != bv {
			ops = append(ops, patchOp{"replace", p, bv})
		}
		return ops
	}
}

func compareArrays(a, b []any, p string) []patchOp {
	var ops []patchOp
	for i, v := range a {
		if !containsDeepEqual(b, v) {
			ops = append(ops, patchOp{"remove", p + "/" + strconv.Itoa(i), nil})
		}
	}
	for i, v := range b {
		if !containsDeepEqual(a, v) {
			ops = append(ops, patchOp{"add", p + "/" + strconv.Itoa(i), v})
		}
	}
	return ops
}

// applyPatch applies ops in order with the API server's rules: an add into
// an array may point at most one past its end, a remove or replace must
// point at an existing element or key.
func applyPatch(doc any, ops []patchOp) (any, error) {
	root := deepCopyJSON(doc)
	for _, op := range ops {
		var err error
		if root, err = applyAt(root, strings.Split(op.path, "/")[1:], op); err != nil {
			return nil, fmt.Errorf("error in %s for path: '%s': %w", op.op, op.path, err)
		}
	}
	return root, nil
}

// applyAt applies op at the path parts below v and returns the new v.
func applyAt(v any, parts []string, op patchOp) (any, error) {
	key := unescapeKey(parts[0])
	switch t := v.(type) {
	case map[string]any:
		child, exists := t[key]
		if len(parts) > 1 {
			if !exists {
				return nil, fmt.Errorf("missing key: %s", key)
			}
			nc, err := applyAt(child, parts[1:], op)
			t[key] = nc
			return t, err
		}
		switch {
		case op.op == "remove" && !exists:
			return nil, fmt.Errorf("Unable to remove nonexistent key: %s: missing value", key)
		case op.op == "replace" && !exists:
			return nil, fmt.Errorf("replace operation does not apply: doc is missing key: %s", key)
		case op.op == "remove":
			delete(t, key)
		default:
			t[key] = deepCopyJSON(op.value)
		}
		return t, nil
	case []any:
		i, err := strconv.Atoi(key)
		limit := len(t) - 1
		if len(parts) == 1 && op.op == "add" {
			limit = len(t)
		}
		if err != nil || i < 0 || i > limit {
			return nil, fmt.Errorf("Unable to access invalid index: %s: invalid index referenced", key)
		}
		if len(parts) > 1 {
			nc, err := applyAt(t[i], parts[1:], op)
			t[i] = nc
			return t, err
		}
		switch op.op {
		case "add":
			t = append(t, nil)
			copy(t[i+1:], t[i:])
			t[i] = deepCopyJSON(op.value)
		case "replace":
			t[i] = deepCopyJSON(op.value)
		case "remove":
			t = append(t[:i], t[i+1:]...)
		}
		return t, nil
	}
	return nil, fmt.Errorf("cannot apply at %q: not an object or array", key)
}

func deepCopyJSON(v any) any {
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, x := range t {
			out[k] = deepCopyJSON(x)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, x := range t {
			out[i] = deepCopyJSON(x)
		}
		return out
	}
	return v
}

// escapeKey escapes an object key for a JSON pointer (RFC 6901).
func escapeKey(k string) string {
	if !strings.ContainsAny(k, "~/") {
		return k
	}
	return strings.ReplaceAll(strings.ReplaceAll(k, "~", "~0"), "/", "~1")
}

// unescapeKey reverses escapeKey.
func unescapeKey(k string) string {
	if !strings.Contains(k, "~") {
		return k
	}
	return strings.ReplaceAll(strings.ReplaceAll(k, "~1", "/"), "~0", "~")
}
