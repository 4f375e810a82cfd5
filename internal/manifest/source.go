package manifest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Source is one input stream: a file, or standard input.
type Source struct {
	// Name is how messages name the source: the path as found, or "<stdin>".
	Name string
	// Path is the file to write when the source changes in place: the
	// target of a symlink, so that the link stays a link. "" for stdin.
	Path string
	Data []byte
	// Mode is the file's permission bits.
	Mode os.FileMode
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
	// Recursive reads the manifests of subfolders too (kubectl's -R).
	Recursive bool
	// AllowEmptyFolders accepts a folder without manifests; else naming
	// one is an error, as kubectl -f makes it one.
	AllowEmptyFolders bool
	// Exclude are globs of file and folder names (or paths below a folder
	// named on the command line) to skip in folders.
	Exclude []string
	// Warnings collects what was skipped and why.
	Warnings []string
	seen     map[string]bool
	stdin    bool
}

// manifestExts are the file extensions read from a folder.
var manifestExts = map[string]bool{".yaml": true, ".yml": true, ".json": true}

// kustomizeFiles are kustomize's own files, never manifests to change.
var kustomizeFiles = map[string]bool{"kustomization.yaml": true, "kustomization.yml": true, "Kustomization": true}

// Read reads each path: "-" is standard input; a folder gives its
// manifest files in name order — its own, or with Recursive those of its
// subfolders too, where dot-folders, kustomize's files, excluded names and
// symlinks that lead out of the folder are skipped.
func (r *Reader) Read(paths []string) ([]*Source, error) {
	if r.seen == nil {
		r.seen = map[string]bool{}
	}
	var out []*Source
	for _, p := range paths {
		if p == "-" {
			src, err := r.readStdin()
			if err != nil {
				return nil, err
			}
			if src != nil {
				out = append(out, src)
			}
			continue
		}
		info, err := os.Stat(p)
		if err != nil {
			return nil, pathError(p, err)
		}
		files := []string{p}
		if info.IsDir() {
			if files, err = r.folderFiles(p); err != nil {
				return nil, err
			}
			if len(files) == 0 && !r.AllowEmptyFolders {
				return nil, fmt.Errorf("%s: a folder without manifests (no .yaml, .yml or .json file%s)", p, map[bool]string{true: " in it or below", false: "; -R reads its subfolders"}[r.Recursive])
			}
		}
		for _, f := range files {
			src, err := r.readFile(f)
			if err != nil {
				return nil, err
			}
			if src != nil {
				out = append(out, src)
			}
		}
	}
	return out, nil
}

func (r *Reader) readStdin() (*Source, error) {
	if r.stdin {
		return nil, nil
	}
	r.stdin = true
	if r.Stdin == nil {
		return nil, fmt.Errorf("no standard input to read")
	}
	data, err := readAll(r.Stdin)
	if err != nil {
		return nil, fmt.Errorf("reading standard input: %w", err)
	}
	return NewSource(StdinName, data), nil
}

// readAll reads r to its end into memory the size of what it holds: a
// file's size at once, a pipe's in chunks joined once. A buffer grown by
// append's steps would leave several times a large input behind as
// garbage, before the soft memory limit set in proportion to the input
// is there to collect it.
func readAll(r io.Reader) ([]byte, error) {
	if f, ok := r.(interface{ Stat() (os.FileInfo, error) }); ok {
		if info, err := f.Stat(); err == nil && info.Mode().IsRegular() && info.Size() > 0 {
			var b bytes.Buffer
			b.Grow(int(info.Size()) + bytes.MinRead)
			_, err := b.ReadFrom(r)
			return b.Bytes(), err
		}
	}
	const chunkSize = 1 << 20
	var chunks [][]byte
	total := 0
	for {
		chunk := make([]byte, chunkSize)
		n, err := io.ReadFull(r, chunk)
		chunks, total = append(chunks, chunk[:n]), total+n
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	data := make([]byte, 0, total)
	for _, c := range chunks {
		data = append(data, c...)
	}
	return data, nil
}

// readFile reads a file once, however often it is reached.
func (r *Reader) readFile(name string) (*Source, error) {
	real, err := filepath.EvalSymlinks(name)
	if err != nil {
		// /dev/stdin and <(…) lead to pipes that have no path: read them as named
		if _, serr := os.Stat(name); serr != nil {
			return nil, pathError(name, err)
		}
		real = name
	}
	key, err := filepath.Abs(real)
	if err != nil {
		return nil, pathError(name, err)
	}
	if r.seen[key] {
		return nil, nil
	}
	r.seen[key] = true
	info, err := os.Stat(real)
	if err != nil {
		return nil, pathError(name, err)
	}
	var data []byte
	if info.Mode().IsRegular() {
		data, err = os.ReadFile(real)
	} else { // a pipe, as /dev/stdin or <(…) give
		var f *os.File
		if f, err = os.Open(real); err == nil {
			data, err = readAll(f)
			f.Close()
		}
	}
	if err != nil {
		return nil, pathError(name, err)
	}
	src := NewSource(name, data)
	src.Path, src.Mode = real, info.Mode().Perm()
	return src, nil
}

func (r *Reader) folderFiles(dir string) ([]string, error) {
	if !r.Recursive {
		entries, err := os.ReadDir(dir)
		if err != nil {
			return nil, pathError(dir, err)
		}
		var files []string
		for _, e := range entries {
			path := filepath.Join(dir, e.Name())
			if r.wanted(dir, path, e.Name()) && isFile(path) {
				files = append(files, path)
			}
		}
		sort.Strings(files)
		return files, nil
	}
	root, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return nil, pathError(dir, err)
	}
	root, _ = filepath.Abs(root)
	// a folder named through a symlink is walked, as kubectl -R does:
	// WalkDir does not descend into a root that is a link
	walkRoot := dir
	if fi, err := os.Lstat(dir); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		walkRoot = dir + string(filepath.Separator)
	}
	var files []string
	err = filepath.WalkDir(walkRoot, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return pathError(path, unwrapPath(err))
		}
		if path == walkRoot {
			return nil
		}
		name := d.Name()
		if d.IsDir() {
			if strings.HasPrefix(name, ".") || r.excluded(dir, path, name) {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasPrefix(name, ".") {
			return nil // .pre-commit-config.yaml and the like are no manifests
		}
		if d.Type()&fs.ModeSymlink != 0 {
			target, err := filepath.EvalSymlinks(path)
			if err != nil {
				r.Warnings = append(r.Warnings, fmt.Sprintf("%s: skipped: a symlink that leads nowhere (%v)", path, unwrapPath(err)))
				return nil
			}
			abs, _ := filepath.Abs(target)
			if abs != root && !strings.HasPrefix(abs, root+string(filepath.Separator)) {
				r.Warnings = append(r.Warnings, fmt.Sprintf("%s: skipped: a symlink that leads out of %s", path, dir))
				return nil
			}
			if !isFile(path) {
				// a folder inside the tree is walked where it stands; following
				// the link could walk it twice, or forever
				r.Warnings = append(r.Warnings, fmt.Sprintf("%s: skipped: a symlink to a folder (podctl does not follow them)", path))
				return nil
			}
		}
		if r.wanted(dir, path, name) {
			files = append(files, path)
		}
		return nil
	})
	return files, err
}

// wanted: a manifest file that is neither kustomize's nor excluded.
func (r *Reader) wanted(root, path, name string) bool {
	return manifestExts[strings.ToLower(filepath.Ext(name))] && !kustomizeFiles[name] && !r.excluded(root, path, name)
}

func (r *Reader) excluded(root, path, name string) bool {
	rel, _ := filepath.Rel(root, path)
	for _, g := range r.Exclude {
		if ok, _ := filepath.Match(g, name); ok {
			return true
		}
		if globMatch(strings.Split(filepath.ToSlash(g), "/"), strings.Split(filepath.ToSlash(rel), "/")) {
			return true
		}
	}
	return false
}

// globMatch matches path segments against glob segments, where "**"
// stands for any number of segments, none included (charts/**/tests).
func globMatch(glob, segs []string) bool {
	for len(glob) > 0 {
		if glob[0] == "**" {
			for i := 0; i <= len(segs); i++ {
				if globMatch(glob[1:], segs[i:]) {
					return true
				}
			}
			return false
		}
		if len(segs) == 0 {
			return false
		}
		if ok, _ := filepath.Match(glob[0], segs[0]); !ok {
			return false
		}
		glob, segs = glob[1:], segs[1:]
	}
	return len(segs) == 0
}

func isFile(path string) bool {
	info, err := os.Stat(path)
	return err == nil && info.Mode().IsRegular()
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// pathError names the path once: "x.yaml: no such file or directory".
func pathError(path string, err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", path, pe.Err)
	}
	return fmt.Errorf("%s: %w", path, err)
}
