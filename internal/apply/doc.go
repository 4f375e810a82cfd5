// Package apply is the use case behind both of podctl's front ends (the
// CLI and the KRM function): collect the PodDefaults, find every pod
// template in the manifests, run the engine on each, and write the changes
// back into the manifests' own text.
//
// It imports manifest, workload and poddefault; nothing imports it but the
// front ends.
package apply
