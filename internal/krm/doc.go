// Package krm is podctl as a KRM function, for kustomize and kpt: it reads
// a ResourceList, applies the PodDefaults of its functionConfig and of its
// items to every pod template among the items, and writes the ResourceList
// back with results. It adapts internal/apply; the rules live there and in
// the engine, not here.
package krm
