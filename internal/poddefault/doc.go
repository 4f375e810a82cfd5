// Package poddefault is podctl's merge engine: the PodDefault API types and
// the rules by which Kubeflow's PodDefault admission webhook selects, checks
// and merges PodDefaults into a Pod.
//
// It is pure: typed values in, typed values out. It knows nothing of YAML,
// files, flags or printing, and imports no other podctl package, so that the
// CLI and the KRM function share one exact engine.
package poddefault
