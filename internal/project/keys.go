package project

import (
	"strconv"
	"strings"

	"github.com/pelletier/go-toml/v2/unstable"
)

// keyIndex says where each key of a file is. Paths are dotted, with the
// entries of arrays numbered from 0: the "from" of the second [[relation]]
// is "relation.1.from". The TOML decoder reports positions only in its own
// errors; this index gives them for any key, so that a check finding a
// problem in a decoded value can name its line.
type keyIndex struct {
	lines map[string]int      // path -> line of its key
	paths map[[2]int]string   // line and column of a key part -> its path
	kinds map[string]declared // how a table path was written
}

// declared is how a table was written: as a table ([t], t = {...}) or as
// an array of tables ([[t]], t = [{...}]).
type declared int

const (
	declaredTable declared = iota + 1
	declaredArray
)

// indexKeys walks the syntax tree of data. A syntax error stops the walk
// quietly: the decoder reports it, with its position.
func indexKeys(data []byte) *keyIndex {
	idx := &keyIndex{lines: map[string]int{}, paths: map[[2]int]string{}, kinds: map[string]declared{}}
	var p unstable.Parser
	p.Reset(data)
	entries := map[string]int{} // array-of-tables path -> entries so far
	var table string
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			path := ""
			it := e.Key()
			for it.Next() {
				k := it.Node()
				path = join(path, string(k.Data))
				last := it.IsLast()
				if last && e.Kind == unstable.ArrayTable {
					idx.kinds[path] = declaredArray
					n := entries[path]
					entries[path] = n + 1
					idx.note(&p, k, path)
					path = join(path, strconv.Itoa(n))
				} else if n, ok := entries[path]; ok {
					// A table inside the latest entry of an array of tables.
					idx.note(&p, k, path)
					path = join(path, strconv.Itoa(n-1))
				} else if last {
					idx.kinds[path] = declaredTable
				}
				idx.note(&p, k, path)
			}
			table = path
		case unstable.KeyValue:
			idx.keyValue(&p, table, e)
		}
	}
	return idx
}

// keyValue records the keys of a key = value line (or of an inline table
// entry) under the table path prefix, and those of inline tables inside.
func (idx *keyIndex) keyValue(p *unstable.Parser, prefix string, kv *unstable.Node) {
	path := prefix
	it := kv.Key()
	for it.Next() {
		path = join(path, string(it.Node().Data))
		idx.note(p, it.Node(), path)
	}
	idx.value(p, path, kv.Value(), kv)
}

// value records the keys inside v, the value at path; at is the node whose
// line an entry without keys of its own takes.
func (idx *keyIndex) value(p *unstable.Parser, path string, v, at *unstable.Node) {
	switch v.Kind {
	case unstable.InlineTable:
		if _, ok := idx.kinds[path]; !ok {
			idx.kinds[path] = declaredTable
		}
		children := v.Children()
		for children.Next() {
			idx.keyValue(p, path, children.Node())
		}
	case unstable.Array:
		elems := v.Children()
		allTables := true
		for i := 0; elems.Next(); i++ {
			el := elems.Node()
			allTables = allTables && el.Kind == unstable.InlineTable
			elPath := join(path, strconv.Itoa(i))
			if line := idx.lines[path]; line > 0 {
				idx.lines[elPath] = line
			}
			idx.value(p, elPath, el, at)
		}
		if allTables {
			idx.kinds[path] = declaredArray
		}
	}
}

// note records the position of key node k at path (the first time only:
// a path's line is where it first appears).
func (idx *keyIndex) note(p *unstable.Parser, k *unstable.Node, path string) {
	if k.Raw.Length == 0 && k.Raw.Offset == 0 {
		return
	}
	start := p.Shape(k.Raw).Start
	if _, ok := idx.lines[path]; !ok {
		idx.lines[path] = start.Line
	}
	idx.paths[[2]int{start.Line, start.Column}] = path
}

// line returns the line of path, or of its nearest parent that has one (a
// missing key is reported on the line of the table that lacks it); 0 when
// none has.
func (idx *keyIndex) line(path string) int {
	for path != "" {
		if l, ok := idx.lines[path]; ok {
			return l
		}
		i := strings.LastIndexByte(path, '.')
		if i < 0 {
			break
		}
		path = path[:i]
	}
	return 0
}

// pathAt returns the path of the key at line and column, or "".
func (idx *keyIndex) pathAt(line, col int) string {
	return idx.paths[[2]int{line, col}]
}

func join(path, part string) string {
	if path == "" {
		return part
	}
	return path + "." + part
}

// displayKey is path without entry numbers, as errors name keys:
// "relation.1.from" is "relation.from".
func displayKey(path string) string {
	parts := strings.Split(path, ".")
	out := parts[:0]
	for _, p := range parts {
		if _, err := strconv.Atoi(p); err == nil && p != "" {
			continue
		}
		out = append(out, p)
	}
	return strings.Join(out, ".")
}
