// Package splice changes a parsed document by splicing new text into its
// own bytes: a Patch says which keys and items to set, Apply turns it into
// an Edit, and every byte outside the places it changes is kept, so
// comments, key order, quoting and indentation survive. New text is
// rendered in the layout the document already uses; a JSON document is
// written again as JSON in its own indentation.
//
// It knows YAML, not files or PodDefaults: of podctl's packages it imports
// only yamldoc.
package splice
