// Package lint finds the PodDefaults that will break pods, namespaces or
// the Kubeflow notebook form before they reach a cluster: selectors the
// webhook cannot convert, PodDefaults that clash on the pods they select
// together, with themselves or with what the API server adds, overrides
// that depend on name order, labels that never chain, items the API server
// refuses, PodDefaults the notebook form cannot list or tick, and, given
// workloads, the templates the webhook would reject.
//
// Every verdict about what the webhook does comes from the engine
// (internal/poddefault): lint finds a pod that the PodDefaults in question
// select together (a witness: the smallest labels all their selectors
// accept, found exactly), and asks poddefault.Apply what happens to it.
// lint decides only which pods to ask about.
//
// Rules holds the rules, each with its ID, severity, what happens in the
// cluster, a bad example and the fix; docs/lint.md is generated from it.
//
// It is pure: typed PodDefaults and pod templates with their locations
// in, findings out. It imports internal/poddefault and the Kubernetes API
// libraries, and knows nothing of YAML, files, flags or printing.
package lint
