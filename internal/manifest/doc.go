// Package manifest reads and writes Kubernetes manifests as streams of
// YAML or JSON documents without losing what the user wrote: files,
// folders and standard input in, atomic writes out.
//
// A stream is split into documents on its own bytes, at its "---" lines
// and between JSON objects written one after another (as kubectl reads
// them), so that the documents joined give back the stream byte for byte.
// Each document is then read on its own by package yamldoc and changed by
// package splice; a document that is not changed comes out as it went in.
//
// It knows files and streams, not PodDefaults: of podctl's packages it
// imports only yamldoc.
package manifest
