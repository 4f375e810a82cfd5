package poddefault

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Clash is one conflict: a PodDefault brings an entry whose key is already
// taken by a different value.
type Clash struct {
	Field Field `json:"field"`
	// Container is the container whose env or volumeMounts clash.
	Container string `json:"container,omitempty"`
	// Key is the entry's identity: a name, a toleration key, a label key,
	// or a mount path when ByMountPath is set.
	Key         string `json:"key"`
	ByMountPath bool   `json:"byMountPath,omitempty"`
	// PodDefault brought the new value; Found came from FoundIn, which is
	// "" for the pod itself or the name of an earlier PodDefault.
	PodDefault string `json:"podDefault"`
	New        any    `json:"new"`
	Found      any    `json:"found"`
	FoundIn    string `json:"foundIn,omitempty"`
}

func (c Clash) String() string {
	var b strings.Builder
	b.WriteString(string(c.Field))
	switch {
	case c.ByMountPath:
		fmt.Fprintf(&b, " mount path %q", c.Key)
	default:
		fmt.Fprintf(&b, " %q", c.Key)
	}
	if c.Container != "" {
		fmt.Fprintf(&b, " in container %q", c.Container)
	}
	from := "the pod"
	if c.FoundIn != "" {
		from = "PodDefault " + c.FoundIn
	}
	fmt.Fprintf(&b, ": PodDefault %s brings %s, but %s has %s", c.PodDefault, show(c.New), from, show(c.Found))
	return b.String()
}

// ConflictError is the webhook's denial for clashing PodDefaults. Like the
// webhook it names every matching PodDefault; unlike it, it keeps every
// clash as a value.
type ConflictError struct {
	PodName     string
	PodDefaults []string
	Clashes     []Clash
}

func (e *ConflictError) Error() string {
	parts := make([]string, len(e.Clashes))
	for i, c := range e.Clashes {
		parts[i] = c.String()
	}
	return fmt.Sprintf("conflict occurred while applying poddefaults: %s on pod: %s err: %s",
		strings.Join(e.PodDefaults, ","), e.PodName, strings.Join(parts, "; "))
}

// SelectorError is the webhook's denial when a PodDefault of the pod's
// namespace has a selector that cannot be converted: it rejects every pod
// of that namespace that is not excluded.
type SelectorError struct {
	PodDefault string
	Selector   string
	Err        error
}

func (e *SelectorError) Error() string {
	return fmt.Sprintf("PodDefault %s: label selector conversion failed: %s for selector: %v", e.PodDefault, e.Selector, e.Err)
}

func (e *SelectorError) Unwrap() error { return e.Err }

// show renders a value compactly for a message.
func show(v any) string {
	if s, ok := v.(string); ok {
		return fmt.Sprintf("%q", s)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("%v", v)
	}
	return string(b)
}
