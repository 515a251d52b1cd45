package project

import (
	"fmt"
	"slices"
	"strings"
)

// Relation is a [[relation]] entry: the columns From of one table refer to
// the columns To of another (or the same) table, pair by pair, as a
// FOREIGN KEY constraint would say if the schema had one:
//
//	[[relation]]
//	name = "scores_session"            # optional
//	from = "scores.session_id"         # the child side
//	to   = "sessions.id"               # the parent side
//
//	[[relation]]
//	from = "assignments.(team_id, member_no)"
//	to   = "team_members.(team_id, number)"
type Relation struct {
	// Name names the relation in the terminal UI; empty when the entry
	// has none.
	Name string
	From Endpoint
	To   Endpoint
	// At is the entry's [[relation]] line.
	At Pos
}

// Endpoint is one side of a relation: a table and its columns, written
// "table.column" or "table.(column, column, ...)"; a name holding a dot,
// comma, parenthesis, backtick or space is written in backticks (a
// backtick inside doubled), as in SQL.
type Endpoint struct {
	Table   string
	Columns []string
	// At is the position of the from or to key that names it.
	At Pos
}

// String writes the endpoint in the file's syntax.
func (e Endpoint) String() string {
	cols := make([]string, len(e.Columns))
	for i, c := range e.Columns {
		cols[i] = quoteName(c)
	}
	if len(cols) == 1 {
		return quoteName(e.Table) + "." + cols[0]
	}
	return quoteName(e.Table) + ".(" + strings.Join(cols, ", ") + ")"
}

// rawRelation is a [[relation]] entry as written.
type rawRelation struct {
	Name string `toml:"name"`
	From string `toml:"from"`
	To   string `toml:"to"`
}

// checkRelations checks each entry on its own and against the others.
func checkRelations(c *checker, raws []rawRelation) []Relation {
	if c.keys.kinds["relation"] == declaredTable {
		c.errorf(c.at("relation"), "a relation is an entry of an array of tables: write [[relation]] (double brackets) above each one")
		return nil
	}
	var out []Relation
	for i, raw := range raws {
		rel := Relation{Name: raw.Name, At: c.at("relation", i)}
		ok := true
		for _, side := range []struct {
			key, text string
			dst       *Endpoint
		}{{"from", raw.From, &rel.From}, {"to", raw.To, &rel.To}} {
			at := c.at("relation", i, side.key)
			if strings.TrimSpace(side.text) == "" {
				c.errorf(at, `missing: write %s = "table.column" (or "table.(column, column)" for a composite key)`, side.key)
				ok = false
				continue
			}
			ep, err := ParseEndpoint(side.text)
			if err != nil {
				c.errorf(at, "%v", err)
				ok = false
				continue
			}
			ep.At = at
			*side.dst = ep
		}
		if !ok {
			continue
		}
		if len(rel.From.Columns) != len(rel.To.Columns) {
			c.errorf(rel.To.At, "names %d columns and from names %d: the columns pair up in order, so both sides need as many",
				len(rel.To.Columns), len(rel.From.Columns))
			continue
		}
		if rel.From.Table == rel.To.Table && slices.Equal(rel.From.Columns, rel.To.Columns) {
			c.errorf(rel.To.At, "is the from side itself: a relation leads from a table's columns to other columns")
			continue
		}
		if prev := sameRelation(out, rel); prev != nil {
			c.errorf(rel.At, "repeats the relation of line %d (%s → %s)", prev.At.Line, rel.From, rel.To)
			continue
		}
		if prev := sameName(out, rel.Name); prev != nil {
			c.errorf(c.at("relation", i, "name"), "%q already names the relation of line %d: names must differ", rel.Name, prev.At.Line)
			continue
		}
		out = append(out, rel)
	}
	return out
}

func sameRelation(rels []Relation, r Relation) *Relation {
	for i := range rels {
		p := &rels[i]
		if p.From.Table == r.From.Table && slices.Equal(p.From.Columns, r.From.Columns) &&
			p.To.Table == r.To.Table && slices.Equal(p.To.Columns, r.To.Columns) {
			return p
		}
	}
	return nil
}

func sameName(rels []Relation, name string) *Relation {
	if name == "" {
		return nil
	}
	for i := range rels {
		if rels[i].Name == name {
			return &rels[i]
		}
	}
	return nil
}

// ParseEndpoint reads "table.column" or "table.(column, column, ...)",
// names optionally in backticks.
func ParseEndpoint(s string) (Endpoint, error) {
	p := &endpointParser{s: s}
	var e Endpoint
	var err error
	if e.Table, err = p.name("a table name"); err != nil {
		return e, err
	}
	if !p.take('.') {
		return e, p.fail(`expected "." after the table name: write "table.column" or "table.(column, column)"`)
	}
	if p.take('(') {
		for {
			col, err := p.name("a column name")
			if err != nil {
				return e, err
			}
			e.Columns = append(e.Columns, col)
			if p.take(')') {
				break
			}
			if !p.take(',') {
				return e, p.fail(`expected "," or ")" in the column list`)
			}
		}
	} else {
		col, err := p.name("a column name (or a list in parentheses)")
		if err != nil {
			return e, err
		}
		e.Columns = []string{col}
	}
	if p.skipSpace(); p.i < len(p.s) {
		if p.s[p.i] == '.' {
			return e, p.fail(`a second "." : relations stay inside the database, so write "table.column"; quote a name holding a dot in backticks`)
		}
		return e, p.fail("unexpected text after the columns")
	}
	for i, c := range e.Columns {
		if slices.Contains(e.Columns[:i], c) {
			return e, fmt.Errorf("%q: column %q is listed twice", s, c)
		}
	}
	return e, nil
}

// endpointParser reads an endpoint left to right.
type endpointParser struct {
	s string
	i int
}

func (p *endpointParser) skipSpace() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t') {
		p.i++
	}
}

// take consumes c (after spaces) when it comes next.
func (p *endpointParser) take(c byte) bool {
	p.skipSpace()
	if p.i < len(p.s) && p.s[p.i] == c {
		p.i++
		return true
	}
	return false
}

// name reads a bare or backticked name.
func (p *endpointParser) name(what string) (string, error) {
	p.skipSpace()
	if p.i < len(p.s) && p.s[p.i] == '`' {
		var b strings.Builder
		for j := p.i + 1; j < len(p.s); j++ {
			if p.s[j] != '`' {
				b.WriteByte(p.s[j])
				continue
			}
			if j+1 < len(p.s) && p.s[j+1] == '`' {
				b.WriteByte('`')
				j++
				continue
			}
			p.i = j + 1
			if b.Len() == 0 {
				return "", p.fail("expected " + what + ", found empty backticks")
			}
			return b.String(), nil
		}
		return "", p.fail("a backtick is not closed")
	}
	start := p.i
	for p.i < len(p.s) && !strings.ContainsRune(".,()` \t", rune(p.s[p.i])) {
		p.i++
	}
	if p.i == start {
		return "", p.fail("expected " + what)
	}
	return p.s[start:p.i], nil
}

func (p *endpointParser) fail(problem string) error {
	return fmt.Errorf("%q: %s", p.s, problem)
}

// quoteName writes a name bare when the syntax allows, else in backticks.
func quoteName(n string) string {
	if n != "" && !strings.ContainsAny(n, ".,()` \t") {
		return n
	}
	return "`" + strings.ReplaceAll(n, "`", "``") + "`"
}
