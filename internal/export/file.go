package export

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// ErrExists is returned by File.Commit without overwrite when the
// destination exists.
var ErrExists = errors.New("the file exists")

// File is an export's output while it is written: a temporary file in the
// destination's directory (a hidden name ending in .partial), renamed to
// the destination by Commit. So the destination never holds a partial
// export, and Abort leaves nothing behind. The file is readable by its
// owner only: exported rows may be private.
type File struct {
	f    *os.File
	path string
	done bool
}

// Create starts writing an export that Commit will place at path.
func Create(path string) (*File, error) {
	dir, base := filepath.Split(path)
	if base == "" {
		return nil, fmt.Errorf("export: %q names a directory, not a file", path)
	}
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".*.partial")
	if err != nil {
		return nil, fmt.Errorf("export: create a file in %s: %w", dir, err)
	}
	return &File{f: f, path: path}, nil
}

// Path is where Commit puts the file.
func (f *File) Path() string { return f.path }

// TempPath is the temporary file being written.
func (f *File) TempPath() string { return f.f.Name() }

// Write implements io.Writer.
func (f *File) Write(p []byte) (int, error) { return f.f.Write(p) }

// Commit flushes the file to disk and moves it to its path. Without
// overwrite an existing file there is never replaced: Commit returns an
// error matching ErrExists and removes the temporary file. After Commit,
// Abort does nothing.
func (f *File) Commit(overwrite bool) error {
	if f.done {
		return errors.New("export: the file is already committed or aborted")
	}
	err := f.f.Sync()
	if cerr := f.f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = place(f.f.Name(), f.path, overwrite)
	}
	f.done = true
	if err != nil {
		_ = os.Remove(f.f.Name())
		return err
	}
	return nil
}

// place moves tmp to path. Without overwrite it links instead, which
// fails when path exists even if it appeared a moment ago; a file system
// without hard links gets a check and a rename.
func place(tmp, path string, overwrite bool) error {
	if overwrite {
		if err := os.Rename(tmp, path); err != nil {
			return fmt.Errorf("export: %w", err)
		}
		return nil
	}
	err := os.Link(tmp, path)
	switch {
	case err == nil:
		_ = os.Remove(tmp)
		return nil
	case errors.Is(err, os.ErrExist):
		return fmt.Errorf("export: %s: %w; choose another name or allow overwriting", path, ErrExists)
	case errors.Is(err, syscall.EPERM), errors.Is(err, syscall.ENOTSUP), errors.Is(err, syscall.EXDEV), errors.Is(err, syscall.EMLINK):
		if _, serr := os.Lstat(path); serr == nil {
			return fmt.Errorf("export: %s: %w; choose another name or allow overwriting", path, ErrExists)
		}
		if err := os.Rename(tmp, path); err != nil {
			return fmt.Errorf("export: %w", err)
		}
		return nil
	}
	return fmt.Errorf("export: %w", err)
}

// Abort closes and removes the temporary file. It does nothing after
// Commit and may be called more than once, so `defer f.Abort()` is safe.
func (f *File) Abort() error {
	if f.done {
		return nil
	}
	f.done = true
	_ = f.f.Close()
	if err := os.Remove(f.f.Name()); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("export: remove the partial file: %w", err)
	}
	return nil
}

// Exists reports whether something is at path already (a file, a
// directory, a dangling link), which an export must not replace without
// asking.
func Exists(path string) (bool, error) {
	_, err := os.Lstat(path)
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, os.ErrNotExist):
		return false, nil
	}
	return false, fmt.Errorf("export: %w", err)
}
