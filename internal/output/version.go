package output

import (
	"encoding/json"
	"fmt"
	"io"
)

// Build is podctl's own identity, what podctl version prints.
type Build struct {
	Version   string `json:"version"`
	Commit    string `json:"commit"`
	Date      string `json:"date"`
	GoVersion string `json:"goVersion"`
	Platform  string `json:"platform"`
}

// VersionText writes the build for people: the version, then a line each
// for the commit, the build date, and Go's version and platform.
func VersionText(w io.Writer, b Build) error {
	_, err := fmt.Fprintf(w, "podctl %s\ncommit:   %s\nbuilt:    %s\ngo:       %s %s\n", b.Version, b.Commit, b.Date, b.GoVersion, b.Platform)
	return err
}

// VersionJSON writes the build as one JSON object.
func VersionJSON(w io.Writer, b Build) error {
	out, err := json.MarshalIndent(b, "", "  ")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", out)
	return err
}
