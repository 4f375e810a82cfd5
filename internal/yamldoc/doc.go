// Package yamldoc reads one YAML or JSON document: it classifies it, parses
// it into nodes with their positions in the document's bytes, decodes
// nodes into typed values as kubectl would, and finds fields in them.
//
// Check reads a document as a stream of parser events (package yamlevents)
// and Parse builds its node tree from the same events, so the two refuse
// the same documents with the same words; Check costs no memory that grows
// with the document, which is what a document podctl only passes through
// needs. A document is parsed on its own, never the whole stream at once,
// and decoded only where asked.
//
// It knows YAML, not files or PodDefaults: of podctl's packages it imports
// only the forked parser.
package yamldoc
