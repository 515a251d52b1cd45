package store

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"
)

// graphTable is what the relation graph knows of one table.
type graphTable struct {
	Name       string
	View       bool
	Columns    []Column
	PrimaryKey []string
}

func (t *graphTable) column(name string) *Column {
	for i := range t.Columns {
		if t.Columns[i].Name == name {
			return &t.Columns[i]
		}
	}
	return nil
}

// Unresolved is a column named like a reference (user_id, userId) that
// was not inferred as a relation, and why: the tables its name fits are
// ambiguous, the key does not fit, or its type differs from the key's.
type Unresolved struct {
	Table  string
	Column string
	Reason string
}

// inferRelations guesses relations from column names, only where the
// guess is unambiguous: a column <x>_id or <x>Id of a base table refers to
// the single-column primary key of the one base table named <x> or a
// plural of it (see pluralForms) when the types match. Columns already in
// a known relation (a foreign key or a declared relation) are left alone.
// Composite keys are never guessed.
func inferRelations(tables []graphTable, known []ForeignKey) ([]ForeignKey, []Unresolved) {
	taken := map[string]bool{} // table + "\x00" + column already in a relation
	for _, r := range known {
		for _, c := range r.Columns {
			taken[r.Table+"\x00"+c] = true
		}
	}
	byName := map[string][]*graphTable{} // lower-case name -> base tables
	for i := range tables {
		if !tables[i].View {
			n := strings.ToLower(tables[i].Name)
			byName[n] = append(byName[n], &tables[i])
		}
	}
	var out []ForeignKey
	var unresolved []Unresolved
	for i := range tables {
		child := &tables[i]
		if child.View {
			continue
		}
		for _, col := range child.Columns {
			if taken[child.Name+"\x00"+col.Name] {
				continue
			}
			parents := candidateParents(col.Name, byName)
			if len(parents) == 0 {
				continue
			}
			fk, why := inferOne(child, col, parents)
			if why != "" {
				unresolved = append(unresolved, Unresolved{Table: child.Name, Column: col.Name, Reason: why})
				continue
			}
			if fk != nil {
				out = append(out, *fk)
			}
		}
	}
	return out, unresolved
}

// inferOne decides between the tables col's name fits: a relation, or
// why there is none (empty when the column simply is the key itself).
func inferOne(child *graphTable, col Column, parents []*graphTable) (*ForeignKey, string) {
	if len(parents) > 1 {
		names := make([]string, len(parents))
		for i, p := range parents {
			names[i] = p.Name
		}
		return nil, fmt.Sprintf("its name fits the tables %s: declare the one it refers to", strings.Join(names, " and "))
	}
	p := parents[0]
	switch {
	case len(p.PrimaryKey) == 0:
		return nil, fmt.Sprintf("table %s has no primary key to refer to", p.Name)
	case len(p.PrimaryKey) > 1:
		return nil, fmt.Sprintf("the primary key of %s is composite (%s): composite relations are never guessed; declare it",
			p.Name, strings.Join(p.PrimaryKey, ", "))
	}
	key := p.column(p.PrimaryKey[0])
	if key == nil {
		return nil, fmt.Sprintf("the primary key column %s of %s is not in its column list", p.PrimaryKey[0], p.Name)
	}
	if p == child && key.Name == col.Name {
		return nil, "" // the table's own key
	}
	if !sameKeyType(col, *key) {
		return nil, fmt.Sprintf("its type %s differs from %s.%s (%s)", col.Type, p.Name, key.Name, key.Type)
	}
	return &ForeignKey{Table: child.Name, Columns: []string{col.Name}, RefTable: p.Name,
		RefColumns: []string{key.Name}, Origin: OriginInferred}, ""
}

// candidateParents returns the base tables whose name fits a reference
// column named col, in name order.
func candidateParents(col string, byName map[string][]*graphTable) []*graphTable {
	seen := map[*graphTable]bool{}
	var out []*graphTable
	for _, x := range referencedNames(col) {
		for _, form := range pluralForms(x) {
			for _, t := range byName[form] {
				if !seen[t] {
					seen[t] = true
					out = append(out, t)
				}
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// referencedNames returns the lower-case <x> a column named <x>_id,
// <x>Id or <x>ID refers to, with the snake_case spelling of a camelCase x
// (teamMemberId: teammember and team_member); none for other names.
func referencedNames(col string) []string {
	lower := strings.ToLower(col)
	if strings.HasSuffix(lower, "_id") && len(col) > 3 {
		return []string{lower[:len(lower)-3]}
	}
	if len(col) > 2 && (strings.HasSuffix(col, "Id") || strings.HasSuffix(col, "ID")) {
		before := rune(col[len(col)-3])
		if unicode.IsLower(before) || unicode.IsDigit(before) {
			x := col[:len(col)-2]
			names := []string{strings.ToLower(x)}
			if snake := snakeCase(x); snake != names[0] {
				names = append(names, snake)
			}
			return names
		}
	}
	return nil
}

// snakeCase turns teamMember into team_member.
func snakeCase(s string) string {
	var b strings.Builder
	rs := []rune(s)
	for i, r := range rs {
		if unicode.IsUpper(r) && i > 0 && (unicode.IsLower(rs[i-1]) || unicode.IsDigit(rs[i-1])) {
			b.WriteByte('_')
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// irregularPlurals are the common English nouns whose plural no suffix
// rule makes.
var irregularPlurals = map[string]string{
	"person": "people", "child": "children", "man": "men", "woman": "women",
	"mouse": "mice", "goose": "geese", "tooth": "teeth", "foot": "feet",
	"datum": "data", "medium": "media", "criterion": "criteria", "index": "indices",
}

// pluralForms returns the table names a reference to x fits: x itself and
// its plurals by the common English rules — +s, +es, consonant+y → ies,
// f/fe → ves, is → es and the irregular nouns (for the last word of a
// snake_case name: team_person → team_people).
func pluralForms(x string) []string {
	forms := []string{x, x + "s", x + "es"}
	n := len(x)
	if n >= 2 && x[n-1] == 'y' && !strings.ContainsRune("aeiou", rune(x[n-2])) {
		forms = append(forms, x[:n-1]+"ies")
	}
	if strings.HasSuffix(x, "fe") {
		forms = append(forms, x[:n-2]+"ves")
	} else if strings.HasSuffix(x, "f") {
		forms = append(forms, x[:n-1]+"ves")
	}
	if strings.HasSuffix(x, "is") {
		forms = append(forms, x[:n-2]+"es")
	}
	head, last := "", x
	if i := strings.LastIndexByte(x, '_'); i >= 0 {
		head, last = x[:i+1], x[i+1:]
	}
	if p, ok := irregularPlurals[last]; ok {
		forms = append(forms, head+p)
	}
	return slices.Compact(forms)
}

// intDisplayWidth matches the display width MariaDB and MySQL 5 write
// into integer types ("int(11)"), which MySQL 8 and TiDB leave out.
var intDisplayWidth = regexp.MustCompile(`^(tinyint|smallint|mediumint|int|integer|bigint)\(\d+\)`)

// sameKeyType reports whether a column of type a can refer to a key of
// type b as a foreign key could: integers of the same type and
// signedness, character strings with character strings and byte strings
// with byte strings of any length, other types when they are the same.
func sameKeyType(a, b Column) bool {
	ta, tb := normalizeKeyType(a), normalizeKeyType(b)
	da, db := strings.ToLower(a.DataType), strings.ToLower(b.DataType)
	family := func(d string) string {
		switch d {
		case "char", "varchar":
			return "chars"
		case "binary", "varbinary":
			return "bytes"
		}
		return ""
	}
	if f := family(da); f != "" {
		return f == family(db)
	}
	return ta == tb
}

func normalizeKeyType(c Column) string {
	t := strings.ToLower(strings.TrimSpace(c.Type))
	t = intDisplayWidth.ReplaceAllString(t, "$1")
	t = strings.ReplaceAll(t, " zerofill", "")
	return strings.Join(strings.Fields(t), " ")
}
