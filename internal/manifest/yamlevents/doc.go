// Package yamlevents is the YAML scanner and parser of go.yaml.in/yaml/v3
// (v3.0.5), a Go port of libyaml, with its event stream exposed.
//
// yaml.v3 builds a document's whole node tree before it hands anything
// back; for a document of many small values that tree takes several times
// the document's size. podctl reads most documents only to know that they
// are valid YAML, and reads them here, an event at a time, with the very
// code yaml.v3 uses: a stream is refused here exactly when yaml.v3 refuses
// it, with the same message.
//
// The files ported from libyaml keep their MIT licence (LICENSE); the
// exported API is in events.go.
package yamlevents
