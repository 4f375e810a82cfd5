package manifest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// FileWrite is the new content of one file.
type FileWrite struct {
	Path string // the file itself, not a symlink to it
	// Content writes the new content; it is written once, straight to
	// the temporary file, so that it need not be held whole.
	Content  io.WriterTo
	Mode     os.FileMode
	Original []byte // what the file held, to roll back to
}

// WriteFiles writes every file atomically and all or nothing: each target
// is checked and its new content written to a temporary file in the same
// folder before the first rename; a rename that still fails rolls the
// files already renamed back to their original content.
func WriteFiles(writes []FileWrite) error {
	temps := make([]string, 0, len(writes))
	cleanup := func() {
		for _, t := range temps {
			os.Remove(t)
		}
	}
	for _, w := range writes {
		if err := checkWritable(w.Path); err != nil {
			cleanup()
			return err
		}
		tmp, err := writeTemp(w)
		if err != nil {
			cleanup()
			return err
		}
		temps = append(temps, tmp)
	}
	for i, w := range writes {
		if err := os.Rename(temps[i], w.Path); err != nil {
			cleanup()
			var failed []error
			for _, done := range writes[:i] {
				if t, err := writeTemp(FileWrite{Path: done.Path, Content: bytes.NewReader(done.Original), Mode: done.Mode}); err != nil {
					failed = append(failed, err)
				} else if err := os.Rename(t, done.Path); err != nil {
					os.Remove(t)
					failed = append(failed, pathError(done.Path, err))
				}
			}
			err = pathError(w.Path, unwrapLink(err))
			if len(failed) > 0 {
				return fmt.Errorf("%w; rolling back also failed: %w", err, errors.Join(failed...))
			}
			return fmt.Errorf("%w (files already written were restored)", err)
		}
	}
	return nil
}

// checkWritable refuses read-only files and folders by their mode bits
// (root may write them anyway, but the user said not to) and files that
// cannot be opened for writing (immutable, read-only file system).
func checkWritable(path string) error {
	info, err := os.Stat(path)
	if err != nil {
		return pathError(path, err)
	}
	if info.Mode().Perm()&0o200 == 0 {
		return fmt.Errorf("%s: the file is read-only", path)
	}
	dir := filepath.Dir(path)
	if dinfo, err := os.Stat(dir); err != nil {
		return pathError(dir, err)
	} else if dinfo.Mode().Perm()&0o200 == 0 {
		return fmt.Errorf("%s: its folder %s is read-only", path, dir)
	}
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return pathError(path, err)
	}
	return f.Close()
}

// writeTemp writes data to a new temporary file beside path, with its mode.
func writeTemp(w FileWrite) (string, error) {
	f, err := os.CreateTemp(filepath.Dir(w.Path), "."+filepath.Base(w.Path)+".podctl-*")
	if err != nil {
		return "", pathError(w.Path, unwrapLink(err))
	}
	name := f.Name()
	buf := bufio.NewWriterSize(f, 1<<16)
	_, err = w.Content.WriteTo(buf)
	if err == nil {
		err = buf.Flush()
	}
	if err == nil {
		err = f.Chmod(w.Mode)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(name)
		return "", pathError(w.Path, unwrapLink(err))
	}
	return name, nil
}

func unwrapLink(err error) error {
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return unwrapPath(err)
}
