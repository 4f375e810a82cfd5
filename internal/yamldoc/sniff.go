package yamldoc

import "bytes"

// Sniff reads a document's apiVersion and kind from its top-level lines
// without parsing it, so that documents podctl has no use for need no
// parse before their turn. ok is false when the document is not written
// plainly enough to tell (flow style, anchors, tags, quoting podctl does
// not read here): parse it then.
func Sniff(src []byte) (apiVersion, kind string, ok bool) {
	var haveAPI, haveKind bool
	for len(src) > 0 {
		line := src
		if i := bytes.IndexByte(src, '\n'); i >= 0 {
			line, src = src[:i], src[i+1:]
		} else {
			src = nil
		}
		switch {
		case bytes.HasPrefix(line, []byte("apiVersion:")):
			apiVersion, haveAPI = plainValue(line[len("apiVersion:"):])
			if !haveAPI {
				return "", "", false
			}
		case bytes.HasPrefix(line, []byte("kind:")):
			kind, haveKind = plainValue(line[len("kind:"):])
			if !haveKind {
				return "", "", false
			}
		case len(line) > 0 && line[0] == '{':
			return "", "", false
		}
		if haveAPI && haveKind {
			return apiVersion, kind, true
		}
	}
	return "", "", false
}

// plainValue reads a simple scalar: plain, or quoted without escapes.
func plainValue(b []byte) (string, bool) {
	b = bytes.TrimRight(b, "\r")
	if i := bytes.Index(b, []byte(" #")); i >= 0 {
		b = b[:i]
	}
	b = bytes.TrimSpace(b)
	if len(b) >= 2 && (b[0] == '"' || b[0] == '\'') && b[len(b)-1] == b[0] {
		b = b[1 : len(b)-1]
		if bytes.ContainsAny(b, "\\'\"") {
			return "", false
		}
		return string(b), true
	}
	if len(b) == 0 || bytes.ContainsAny(b[:1], "&*!|>{[\"'") {
		return "", false
	}
	return string(b), true
}
