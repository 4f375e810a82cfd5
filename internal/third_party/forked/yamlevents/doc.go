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
// The files ported from libyaml keep their MIT licence (LICENSE, NOTICE);
// the exported API is in events.go. compose.go builds yaml.v3's node trees
// from the events, following yaml.v3's own decode.go (Apache 2.0, NOTICE),
// so that parsing needs no second copy of a document's scalars. The changes to them, each marked
// "podctl:", keep only the start of a long value when asked, size a long
// value's buffer once instead of growing it, and let a parser be reset
// for reuse. Keep them few: the point of the fork is to be yaml.v3.
package yamlevents
