// Package workload knows where pod templates live: a table of the kinds
// that carry them, the path of each template inside an object, and the
// namespace a template's pods are created in.
//
// It holds data only and imports no other podctl package. It reads one
// YAML document, its own embedded table of built-in kinds, when it loads;
// --workload-config files are read by apply, which knows their positions.
package workload
