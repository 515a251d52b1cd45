package project

// Seed is the [seed] section: refinements of the dataset seed generates,
// the way drizzle-seed's refine() declares them, without code:
//
//	[seed]
//	seed = 1234                         # optional: the default seed
//
//	[seed.tables.users]
//	count = 12                          # rows of a table no parent's with sets
//	with = { user_profiles = 1, sessions = 5 }   # children per parent row
//	columns.date_of_birth = { generator = "date", min = "1990-01-01", max = "2000-12-31" }
//	columns.username = { generator = "special" }
//
// What needs the database (do the tables and columns exist, can a column
// hold a range?) is checked by the seeder, with each key's Pos.
type Seed struct {
	// Seed is the default seed; nil when the file sets none.
	Seed *uint64
	// Tables are the [seed.tables.<name>] entries, in file order.
	Tables []SeedTable
	// At is the [seed] line.
	At Pos
}

// Table returns the entry for table name, or nil.
func (s *Seed) Table(name string) *SeedTable {
	if s == nil {
		return nil
	}
	for i := range s.Tables {
		if s.Tables[i].Name == name {
			return &s.Tables[i]
		}
	}
	return nil
}

// SeedTable refines one table.
type SeedTable struct {
	Name string
	// Count is the table's row count; nil keeps the default. A table that
	// is some parent's With child gets its count from there instead.
	Count *int64
	// With are the children per parent row, in file order.
	With []SeedWith
	// Columns are the per-column generators, in file order.
	Columns []SeedColumn
	// At is the [seed.tables.<name>] line.
	At Pos
	// CountAt is the count key's position (the table's when unset).
	CountAt Pos
}

// Column returns the generator for column name, or nil.
func (t *SeedTable) Column(name string) *SeedColumn {
	if t == nil {
		return nil
	}
	for i := range t.Columns {
		if t.Columns[i].Name == name {
			return &t.Columns[i]
		}
	}
	return nil
}

// SeedWith is one entry of a table's with: Count rows of Table for each
// row of the table that declares it.
type SeedWith struct {
	Table string
	Count int64
	At    Pos
}

// SeedColumn is one column's generator and its options. Which options a
// generator takes, and what they mean for the column's type, is the
// seeder's to check (colgen).
type SeedColumn struct {
	// Name is the column.
	Name string
	// Generator names the generator ("int", "number", "date", "datetime",
	// "list", "template", "special", "email", "first_name", ...).
	Generator string
	// Min and Max bound the values, inclusive, as written (numbers are
	// formatted back to text, dates and times as YYYY-MM-DD[ hh:mm:ss]);
	// empty when unset.
	Min, Max string
	// Precision is the number of decimals; -1 when unset.
	Precision int
	// Values are a list generator's values; Weights, when set, one per
	// value.
	Values  []string
	Weights []float64
	// Unique asks for no repeated value in the column.
	Unique bool
	// Template is a template generator's text.
	Template string
	// Nulls is the share of NULLs, 0..1.
	Nulls float64
	// At is the column key's position.
	At Pos
}
