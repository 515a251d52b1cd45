package store

import (
	"time"
)

// Table is one base table or view of the catalog.
type Table struct {
	Name string
	// Rows is the row count: an estimate from information_schema unless
	// Exact is true.
	Rows  int64
	Exact bool
	// View is true for a view (listed with the tables, never counted).
	View bool
}

// Column describes one column of a table.
type Column struct {
	Name     string
	Type     string // full column type as the server reports it, e.g. "int(11)", "varchar(20)"
	DataType string // base type, lower case, e.g. "int", "varchar", "blob"
	Nullable bool
	Default  *string // nil when the column has no default
	Key      string  // "PRI", "UNI", "MUL" or ""
	Extra    string  // e.g. "auto_increment"
	Comment  string
	// Binary is true for columns whose values are bytes, not text
	// (binary, varbinary, blob types, bit); the TUI shows them as hex.
	Binary bool
}

// Index is one index of a table.
type Index struct {
	Name    string
	Columns []string
	Unique  bool
	Primary bool
}

// ForeignKey is a relation from Table(Columns) to RefTable(RefColumns):
// a FOREIGN KEY constraint, or (Origin) a relation declared in the
// project file or inferred from column names. The same value describes an
// outgoing relation (seen from Table) and an incoming one (seen from
// RefTable).
type ForeignKey struct {
	Name       string // the constraint's or the declaration's name; empty for an inferred or unnamed relation
	Table      string
	Columns    []string
	RefTable   string
	RefColumns []string
	OnUpdate   string // the constraint's rules; empty for relations without one
	OnDelete   string
	Origin     Origin // where the relation comes from; the zero value is OriginFK
}

// TableInfo is everything the catalog knows about one table.
type TableInfo struct {
	Name       string
	Columns    []Column
	PrimaryKey []string // empty for a table without a primary key; may be composite
	Indexes    []Index
	Outgoing   []ForeignKey // this table's relations to parent tables (foreign keys, declared, inferred)
	Incoming   []ForeignKey // other tables' relations to this table
	// View is true for a view. A view's PrimaryKey is set when it selects
	// the whole primary key of one base table (KeyFrom) without grouping or
	// joining, so that it pages by keyset like a table.
	View    bool
	KeyFrom string
}

// Value is one cell as the server sent it. NULL, the empty string and
// binary bytes stay distinguishable.
//
// A page carries only a prefix of long values (TEXT, BLOB, JSON and wide
// VARCHAR/VARBINARY columns): Bytes then holds at most CellPrefixBytes
// bytes, Truncated is true and Size says how long the whole value is;
// Store.FullValue reads all of it.
type Value struct {
	Null  bool
	Bytes []byte
	// Size is the length of the whole value in bytes (0 for NULL). It is
	// len(Bytes) unless Truncated; for a truncated value it is the length
	// the server stores (OCTET_LENGTH), which for a column in a character
	// set other than utf8mb4 or binary may differ from the length of the
	// UTF-8 text FullValue returns.
	Size int64
	// Truncated is true when Bytes is only the start of the value.
	Truncated bool
}

// Row is one row, its values in the order of RowPage.Columns.
type Row []Value

// Op is a filter operator.
type Op string

// The filter operators Rows understands.
const (
	OpEq      Op = "="
	OpNe      Op = "!="
	OpLt      Op = "<"
	OpLe      Op = "<="
	OpGt      Op = ">"
	OpGe      Op = ">="
	OpLike    Op = "LIKE"
	OpNotLike Op = "NOT LIKE"
	OpIn      Op = "IN"
	OpNotIn   Op = "NOT IN"
	OpBetween Op = "BETWEEN"
	OpIsNull  Op = "IS NULL"
	OpNotNull Op = "IS NOT NULL"
)

// Ops lists the operators in the order a filter prompt offers them.
var Ops = []Op{OpEq, OpNe, OpLt, OpLe, OpGt, OpGe, OpLike, OpNotLike, OpIn, OpNotIn, OpBetween, OpIsNull, OpNotNull}

// Filter restricts rows to those whose Column compares to Value by Op.
// Value is ignored by IS NULL and IS NOT NULL. For IN and NOT IN it is a
// list of values separated by commas, for BETWEEN two values separated by
// a comma or AND; a value holding a comma is written in single quotes
// (a quote inside doubled: 'it”s, here'). Values are always sent as
// placeholders, never spliced into SQL; ValidateFilter checks them against
// the column's type.
type Filter struct {
	Column string
	Op     Op
	Value  string
}

// Sort orders rows by one column (ties broken by the primary key).
type Sort struct {
	Column string
	Desc   bool
}

// Cursor is an opaque position between rows, taken from a RowPage and given
// back in a RowQuery to fetch the next or previous page. It holds the
// keyset (sort column and primary key values) of the boundary row.
//
// The zero Cursor means "no position": as After or Before it asks for the
// first page. A cursor only fits queries with the same table and sort (the
// filters may change); Rows rejects others with ErrBadQuery.
type Cursor struct {
	keys   []Value
	offset int64  // used only for tables that have no usable key
	shape  string // "offset", or "keyset" and the key columns and direction
	// inclusive marks a cursor on a row rather than between rows (see
	// CursorAt): as After it includes that row.
	inclusive bool
}

// RowQuery asks for one page of rows.
type RowQuery struct {
	Table   string
	Filters []Filter
	Sort    *Sort // nil: primary key order
	Limit   int   // rows per page; 0 means DefaultPageSize

	// At most one of After and Before is set. Neither: the first page, or
	// with Last the last page.
	After  *Cursor // the page that follows this position
	Before *Cursor // the page that precedes this position
	Last   bool    // with neither cursor: the last page of the table
}

// DefaultPageSize is the page size of a RowQuery with Limit 0.
const DefaultPageSize = 100

// RowPage is one page of rows in display order.
type RowPage struct {
	Columns []Column
	Rows    []Row
	// Start and End are the positions before the first and after the last
	// row; pass them as Before/After to fetch the neighbouring pages.
	Start, End Cursor
	HasPrev    bool
	HasNext    bool
	// Keyset is false when the table has no primary key (or unique NOT
	// NULL key) and the page was fetched by OFFSET instead.
	Keyset bool
}

// RelationCount is one relation of a row with the number of rows it leads to.
type RelationCount struct {
	FK       ForeignKey
	Incoming bool  // true: child rows of FK.Table that point to this row; false: the parent row
	Rows     int64 // number of related rows
}

// User is a row of the demobots users table.
type User struct {
	ID          int64
	Username    string
	CreatedAt   time.Time
	DateOfBirth time.Time
}

// Profile is a row of the demobots user_profiles table.
type Profile struct {
	ID        int64
	FirstName string
	LastName  string
	Title     string
}

// SessionSummary is a demobots session with the summary of its scores.
type SessionSummary struct {
	ID          int64
	CreatedAt   time.Time
	Duration    int64 // seconds
	Scores      int64
	AvgScore    float64
	BestScore   int64
	AvgAccuracy float64
}

// UserSummary is what the user view shows: the user, their profile (nil
// when they have none) and their sessions, oldest first.
type UserSummary struct {
	User     User
	Profile  *Profile
	Sessions []SessionSummary
}

// ScoreRow is a demobots score with the name of its level.
type ScoreRow struct {
	ID        int64
	SessionID int64
	LevelID   int64
	Level     string
	CreatedAt time.Time
	Score     int64
	TimeTaken int64 // seconds
	Accuracy  float64
}

// ScorePoint is one score of a user at a time, for the user view's chart.
type ScorePoint struct {
	At    time.Time
	Score int64
}

// ServerInfo describes the server a Store is connected to.
type ServerInfo struct {
	Database string // the selected database
	Host     string // host:port or socket path; never the password
	User     string
	Version  string // VERSION() as the server answers it, e.g. "10.11.19-MariaDB-0+deb12u1"
	// Flavor is the kind of server and its own version; Flavor.String()
	// names it for people ("MariaDB 10.11.19", "TiDB v8.4.0").
	Flavor   Flavor
	ReadOnly bool
}
