package yamldoc

import "bytes"

// IsMarker reports whether the line is a document marker: the three
// characters followed by a space, a tab or the end of the line.
func IsMarker(line []byte, marker string) bool {
	if !bytes.HasPrefix(line, []byte(marker)) {
		return false
	}
	if len(line) == 3 {
		return true
	}
	switch line[3] {
	case ' ', '\t', '\n', '\r':
		return true
	}
	return false
}
