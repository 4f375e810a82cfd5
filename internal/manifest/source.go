package manifest

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Source is one input stream: a file, or standard input.
type Source struct {
	// Name is how messages name the source: the path as found, or "<stdin>".
	Name string
	Data []byte
	// Docs are the source's documents, in order.
	Docs []Document
}

// NewSource splits data into documents.
func NewSource(name string, data []byte) *Source {
	return &Source{Name: name, Data: data, Docs: Split(data)}
}

// StdinName names standard input in messages.
const StdinName = "<stdin>"

// Reader reads the files, folders and "-" named on a command line. A file
// reached twice (named twice, or also through a folder) is read once.
type Reader struct {
	Stdin io.Reader
	seen  map[string]bool
	stdin bool
}

// manifestExts are the file extensions read from a folder.
var manifestExts = map[string]bool{".yaml": true, ".yml": true, ".json": true}

// Read reads each path: "-" is standard input, a folder gives its own
// manifest files (not those of subfolders) in name order.
func (r *Reader) Read(paths []string) ([]*Source, error) {
	if r.seen == nil {
		r.seen = map[string]bool{}
	}
	var out []*Source
	for _, p := range paths {
		if p == "-" {
			if r.stdin {
				continue
			}
			r.stdin = true
			if r.Stdin == nil {
				return nil, fmt.Errorf("no standard input to read")
			}
			data, err := io.ReadAll(r.Stdin)
			if err != nil {
				return nil, fmt.Errorf("reading standard input: %w", err)
			}
			out = append(out, NewSource(StdinName, data))
			continue
		}
		info, err := os.Stat(p)
		if err != nil {
			return nil, pathError(p, err)
		}
		files := []string{p}
		if info.IsDir() {
			if files, err = folderFiles(p); err != nil {
				return nil, err
			}
		}
		for _, f := range files {
			key, err := filepath.Abs(f)
			if err != nil {
				return nil, err
			}
			if real, err := filepath.EvalSymlinks(key); err == nil {
				key = real
			}
			if r.seen[key] {
				continue
			}
			r.seen[key] = true
			data, err := os.ReadFile(f)
			if err != nil {
				return nil, pathError(f, err)
			}
			out = append(out, NewSource(f, data))
		}
	}
	return out, nil
}

func folderFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, pathError(dir, err)
	}
	var files []string
	for _, e := range entries {
		if e.IsDir() || !manifestExts[strings.ToLower(filepath.Ext(e.Name()))] {
			continue
		}
		files = append(files, filepath.Join(dir, e.Name()))
	}
	sort.Strings(files)
	return files, nil
}

// pathError names the path once: "x.yaml: no such file or directory".
func pathError(path string, err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", path, pe.Err)
	}
	return fmt.Errorf("%s: %w", path, err)
}
