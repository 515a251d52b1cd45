// Package project loads the project file, demobots-tui.toml: the settings
// of one project's database that do not belong in the schema, such as the
// relations a schema without FOREIGN KEY constraints keeps in its
// application code. It is the one loader of that file and gives every
// problem with it in one format, "file:line: key: problem", also for the
// problems found later against the live database (see Pos.Errorf).
//
// The package knows TOML and nothing of databases: cmd loads the file and
// hands each section to the package that uses it (the relations to store).
package project

import (
	"errors"
	"fmt"
	"os"
)

// DefaultFile is the project file looked up in the working directory when
// no --config names one.
const DefaultFile = "demobots-tui.toml"

// File is a project file, read and checked.
type File struct {
	// Path is the file's path as given (DefaultFile when found in the
	// working directory); errors name it.
	Path string
	// Found is false when no file was named and DefaultFile does not
	// exist: the File is then empty, and Path says where one would go.
	Found bool
	// Relations are the [[relation]] entries, in file order.
	Relations []Relation
	// Seed is the [seed] section; nil when the file has none.
	Seed *Seed
}

// Locate returns the project file the program uses: path when it is set
// (the --config flag; it must exist), else DefaultFile in the working
// directory when there is one, else an empty File with Found false.
func Locate(path string) (*File, error) {
	if path != "" {
		return Load(path)
	}
	f, err := Load(DefaultFile)
	if errors.Is(err, os.ErrNotExist) {
		return &File{Path: DefaultFile}, nil
	}
	return f, err
}

// Load reads and checks the project file at path. A missing file gives an
// error matching os.ErrNotExist; a file that does not check gives one
// *Error per problem (joined with errors.Join), each saying where.
func Load(path string) (*File, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, notExistError{path}
		}
		return nil, fmt.Errorf("read the project file: %w", err)
	}
	return Parse(path, data)
}

// Parse checks data as the project file name (which errors name): TOML
// whose every key is known, each section valid on its own. What needs the
// database (do the tables and columns exist?) is checked by the package
// that uses the section, with Pos.Errorf for the same error format.
func Parse(name string, data []byte) (*File, error) {
	c := &checker{file: name, keys: indexKeys(data)}
	var doc document
	if err := c.decode(data, &doc); err != nil {
		return nil, err
	}
	f := &File{Path: name, Found: true}
	doc.check(c, f)
	if len(c.errs) > 0 {
		return nil, errors.Join(c.errs...)
	}
	return f, nil
}

// notExistError is Load's error for a missing file; it matches
// os.ErrNotExist.
type notExistError struct{ path string }

func (e notExistError) Error() string {
	return "project file " + e.path + " does not exist"
}

func (e notExistError) Is(target error) bool { return target == os.ErrNotExist }
