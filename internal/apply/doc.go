// Package apply is the use case behind both of podctl's front ends (the
// CLI and the KRM function): collect the PodDefaults, find every pod
// template in the manifests, run the engine on each, and write the changes
// back into the manifests' own text.
//
// It reads documents with manifest and yamldoc, changes them with splice,
// finds templates with workload and runs the engine (poddefault) and the
// cluster model (cluster); nothing imports it but the front ends and
// internal/output, which writes their results.
package apply
