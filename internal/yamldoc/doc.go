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
// Callers read nodes through its accessors (Field, List, Entries, Scalar,
// At, Match) and make new ones with its builders (String, Mapping, Encode,
// …). Every accessor follows aliases and merge keys, as kubectl does when
// it turns YAML into JSON, so no caller walks a node's Content by hand.
//
// It knows YAML, not files or PodDefaults: of podctl's packages it imports
// only the forked parser.
package yamldoc
