// Package workload knows where pod templates live: a table of the kinds
// that carry them, the path of each template inside an object, and the
// namespace a template's pods are created in.
//
// It holds data only; it imports no other podctl package and no YAML
// library.
package workload
