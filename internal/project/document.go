package project

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

// document is the project file as TOML decodes it. Each section of the
// file is one field here, named by its toml tag, and one call in check,
// which validates it and fills the File. Decoding is strict: a key that no
// field names is an error, at the top level and inside every section.
type document struct {
	Relation []rawRelation `toml:"relation"`
	Seed     *rawSeed      `toml:"seed"`
}

// check validates each section and puts it into f.
func (d *document) check(c *checker, f *File) {
	f.Relations = checkRelations(c, d.Relation)
	f.Seed = checkSeed(c, d.Seed)
}

// checker collects the problems of one file, each at the position of its
// key.
type checker struct {
	file string
	keys *keyIndex
	errs []error
}

// at is the position of the key at path: parts joined with dots, entry
// numbers of arrays as ints, e.g. c.at("relation", 1, "from").
func (c *checker) at(parts ...any) Pos {
	strs := make([]string, len(parts))
	for i, p := range parts {
		strs[i] = fmt.Sprint(p)
	}
	path := strings.Join(strs, ".")
	return Pos{File: c.file, Line: c.keys.line(path), Key: displayKey(path)}
}

// errorf records a problem at p.
func (c *checker) errorf(p Pos, format string, args ...any) {
	c.errs = append(c.errs, p.Errorf(format, args...))
}

// decode decodes data strictly into doc and turns the decoder's errors
// into Errors.
func (c *checker) decode(data []byte, doc *document) error {
	err := toml.NewDecoder(bytes.NewReader(data)).DisallowUnknownFields().Decode(doc)
	if err == nil {
		return nil
	}
	var strict *toml.StrictMissingError
	if errors.As(err, &strict) {
		errs := make([]error, 0, len(strict.Errors))
		for i := range strict.Errors {
			errs = append(errs, c.unknownKey(&strict.Errors[i]))
		}
		return errors.Join(errs...)
	}
	var de *toml.DecodeError
	if errors.As(err, &de) {
		line, col := de.Position()
		path := c.keys.pathAt(line, col)
		if path == "" {
			path = strings.Join(de.Key(), ".")
		}
		return &Error{File: c.file, Line: line, Key: displayKey(path), Problem: decodeProblem(de)}
	}
	return &Error{File: c.file, Problem: err.Error()}
}

// unknownKey reports a key the document has no field for, with the keys
// that are known where it stands.
func (c *checker) unknownKey(e *toml.DecodeError) *Error {
	line, col := e.Position()
	path := c.keys.pathAt(line, col)
	if path == "" {
		path = strings.Join(e.Key(), ".")
	}
	parent := ""
	if i := strings.LastIndexByte(path, '.'); i >= 0 {
		parent = path[:i]
	}
	known := knownKeys(reflect.TypeFor[document](), parent)
	what := "unknown key"
	if parent == "" {
		what = "unknown section"
	}
	problem := what
	if len(known) > 0 {
		problem += "; the known ones here are " + strings.Join(known, ", ")
	}
	return &Error{File: c.file, Line: line, Key: displayKey(path), Problem: problem}
}

// knownKeys lists the toml names of the fields of the struct at path
// inside t (entry numbers skipped), sorted.
func knownKeys(t reflect.Type, path string) []string {
	if path != "" {
		for _, part := range strings.Split(path, ".") {
			t = elem(t)
			if _, err := strconv.Atoi(part); err == nil {
				continue
			}
			if t.Kind() == reflect.Map { // part is a key of the map
				t = t.Elem()
				continue
			}
			if t.Kind() != reflect.Struct {
				return nil
			}
			f, ok := fieldByTag(t, part)
			if !ok {
				return nil
			}
			t = f.Type
		}
	}
	t = elem(t)
	if t.Kind() != reflect.Struct {
		return nil
	}
	var names []string
	for i := range t.NumField() {
		if name := tagName(t.Field(i)); name != "" {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names
}

func elem(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array {
		t = t.Elem()
	}
	return t
}

func fieldByTag(t reflect.Type, name string) (reflect.StructField, bool) {
	for i := range t.NumField() {
		if tagName(t.Field(i)) == name {
			return t.Field(i), true
		}
	}
	return reflect.StructField{}, false
}

func tagName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
	if name == "-" || !f.IsExported() {
		return ""
	}
	if name == "" {
		return f.Name
	}
	return name
}

// typeMismatch matches the decoder's complaint about a value of the wrong
// type.
var typeMismatch = regexp.MustCompile(`cannot decode TOML (\w+) into .* of type (\S+)`)

// decodeProblem says what is wrong with a value in the user's terms, not
// the Go types the decoder names.
func decodeProblem(e *toml.DecodeError) string {
	msg := strings.TrimPrefix(e.Error(), "toml: ")
	m := typeMismatch.FindStringSubmatch(msg)
	if m == nil {
		return msg
	}
	return fmt.Sprintf("expected %s, not %s", goTypeWords(m[2]), article(strings.ToLower(m[1])))
}

// goTypeWords names a Go type as the kind of TOML value that decodes into
// it.
func goTypeWords(t string) string {
	switch {
	case t == "string":
		return "a string"
	case t == "bool":
		return "true or false"
	case strings.HasPrefix(t, "int") || strings.HasPrefix(t, "uint"):
		return "an integer"
	case strings.HasPrefix(t, "float"):
		return "a number"
	case t == "[]string":
		return "an array of strings"
	case strings.HasPrefix(t, "[]"):
		return "an array"
	}
	return "a table"
}

func article(word string) string {
	if word != "" && strings.ContainsRune("aeiou", rune(word[0])) {
		return "an " + word
	}
	return "a " + word
}
