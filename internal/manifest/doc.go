// Package manifest reads and writes Kubernetes manifests as YAML or JSON
// streams without losing what the user wrote.
//
// A stream is split into documents on its own bytes, at its "---" lines
// and between JSON objects written one after another (as kubectl reads
// them); each document is parsed on its own (never the whole stream at
// once), decoded into typed values only where asked, and changed by
// splicing new text into the original bytes, so comments, key order,
// quoting and indentation survive and a document that is not changed
// comes out byte for byte.
//
// Check reads a document as a stream of parser events (package yamlevents)
// and Parse builds its node tree from the same events, so the two refuse
// the same documents with the same words; Check costs no memory that grows
// with the document, which is what a document podctl only passes through
// needs.
//
// It knows YAML and files, not PodDefaults: it imports no other podctl
// package.
package manifest
