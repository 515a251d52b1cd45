package seeder

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"strings"
	"sync"

	"ariga.io/atlas/sql/schema"
	sq "github.com/Masterminds/squirrel"
)

// analyze marks c destructive when its atlas source can lose data or fail
// on the data present, and counts the rows concerned on db:
//   - a dropped table (all its rows) or column (rows where it is not NULL);
//   - a type change that can lose data (rows whose value does not fit, or
//     all non-NULL rows when the loss cannot be told in SQL);
//   - a column made NOT NULL (rows holding NULL);
//   - a NOT NULL column without default added to a non-empty table (every
//     row gets the type's implicit default);
//   - a unique index over duplicate values (rows sharing a value: the
//     statement will fail);
//   - a dropped or replaced foreign key, a dropped unique index or primary
//     key, an index made non-unique: the data stays, but the guarantee
//     goes (rows whose key is set, or all rows).
func analyze(ctx context.Context, db *sql.DB, src schema.Change, c *Change) error {
	var warnings []string
	warn := func(rows int64, format string, args ...any) {
		c.Destructive = true
		c.Rows = max(c.Rows, rows)
		warnings = append(warnings, fmt.Sprintf(format, args...))
	}
	switch src := src.(type) {
	case *schema.DropTable:
		n, err := countRows(ctx, db, src.T.Name, nil)
		if err != nil {
			return err
		}
		warn(n, "drops table `%s` and its %s", src.T.Name, rowCount(n))
	case *schema.ModifyTable:
		t := src.T.Name
		// The table's row count, read once however many changes need it.
		total := sync.OnceValues(func() (int64, error) { return countRows(ctx, db, t, nil) })
		for _, sub := range src.Changes {
			switch sub := sub.(type) {
			case *schema.DropColumn:
				n, err := countRows(ctx, db, t, sq.Expr(quoteIdent(sub.C.Name)+" IS NOT NULL"))
				if err != nil {
					return err
				}
				warn(n, "drops column `%s`.`%s` (%d rows hold a value)", t, sub.C.Name, n)
			case *schema.ModifyColumn:
				if err := analyzeModify(ctx, db, t, sub, warn); err != nil {
					return err
				}
			case *schema.AddColumn:
				if sub.C.Type == nil || sub.C.Type.Null || sub.C.Default != nil || autoIncrement(sub.C) {
					continue
				}
				n, err := total()
				if err != nil {
					return err
				}
				if n > 0 {
					warn(n, "adds NOT NULL column `%s`.`%s` without a default: its %d existing rows get the type's implicit default", t, sub.C.Name, n)
				}
			case *schema.AddIndex:
				if err := analyzeUnique(ctx, db, t, sub.I, warn); err != nil {
					return err
				}
			case *schema.DropIndex:
				if !sub.I.Unique {
					continue
				}
				n, err := total()
				if err != nil {
					return err
				}
				warn(n, "drops unique index `%s` of `%s`: its %s keep their values, but nothing keeps them unique any more", sub.I.Name, t, rowCount(n))
			case *schema.ModifyIndex:
				if sub.From.Unique && !sub.To.Unique {
					n, err := total()
					if err != nil {
						return err
					}
					warn(n, "makes index `%s` of `%s` non-unique: its %s keep their values, but nothing keeps them unique any more", sub.From.Name, t, rowCount(n))
				} else if err := analyzeUnique(ctx, db, t, sub.To, warn); err != nil {
					return err
				}
			case *schema.DropPrimaryKey:
				n, err := total()
				if err != nil {
					return err
				}
				warn(n, "drops the primary key of `%s`: its %s keep their values, but nothing keeps them unique any more", t, rowCount(n))
			case *schema.DropForeignKey:
				n, err := countRows(ctx, db, t, keySet(sub.F))
				if err != nil {
					return err
				}
				warn(n, "drops foreign key `%s` of `%s`: its %s that reference `%s` keep their values, but nothing checks them any more", sub.F.Symbol, t, rowCount(n), refTable(sub.F))
			case *schema.ModifyForeignKey:
				n, err := countRows(ctx, db, t, keySet(sub.From))
				if err != nil {
					return err
				}
				warn(n, "replaces foreign key `%s` of `%s` (%s): its guarantee over %s changes, and between the two statements nothing checks them",
					sub.From.Symbol, t, fkRules(sub.From, sub.To), rowCount(n))
			}
		}
	}
	c.Warning = strings.Join(warnings, "; ")
	return nil
}

// analyzeUnique warns when a unique index is added over duplicate values.
func analyzeUnique(ctx context.Context, db *sql.DB, t string, idx *schema.Index, warn func(int64, string, ...any)) error {
	if idx == nil || !idx.Unique {
		return nil
	}
	n, err := duplicateRows(ctx, db, t, idx)
	if err != nil {
		return err
	}
	if n > 0 {
		warn(n, "adds unique index `%s` on `%s`, but %d rows share a value: the statement will fail", idx.Name, t, n)
	}
	return nil
}

// keySet selects the rows whose foreign-key columns are all set: the rows
// that reference something.
func keySet(fk *schema.ForeignKey) sq.Sqlizer {
	and := sq.And{}
	for _, c := range fk.Columns {
		and = append(and, sq.Expr(quoteIdent(c.Name)+" IS NOT NULL"))
	}
	return and
}

func refTable(fk *schema.ForeignKey) string {
	if fk.RefTable == nil {
		return "?"
	}
	return fk.RefTable.Name
}

// fkRules describes how a foreign key changes, e.g. "ON DELETE NO ACTION
// → CASCADE".
func fkRules(from, to *schema.ForeignKey) string {
	var parts []string
	if from.OnDelete != to.OnDelete {
		parts = append(parts, fmt.Sprintf("ON DELETE %s → %s", action(from.OnDelete), action(to.OnDelete)))
	}
	if from.OnUpdate != to.OnUpdate {
		parts = append(parts, fmt.Sprintf("ON UPDATE %s → %s", action(from.OnUpdate), action(to.OnUpdate)))
	}
	if refTable(from) != refTable(to) {
		parts = append(parts, fmt.Sprintf("references `%s` → `%s`", refTable(from), refTable(to)))
	}
	if len(parts) == 0 {
		return "its columns change"
	}
	return strings.Join(parts, ", ")
}

func action(a schema.ReferenceOption) string {
	if a == "" {
		return "NO ACTION"
	}
	return string(a)
}

func analyzeModify(ctx context.Context, db *sql.DB, t string, m *schema.ModifyColumn, warn func(int64, string, ...any)) error {
	col := quoteIdent(m.From.Name)
	if m.Change.Is(schema.ChangeType) && m.From.Type != nil && m.To.Type != nil {
		if lossy, cond := typeLoss(m.From.Type.Type, m.To.Type.Type, col); lossy {
			n, err := countRows(ctx, db, t, cond)
			if err != nil {
				return err
			}
			warn(n, "changes `%s`.`%s` from %s to %s, which can lose data (%d rows affected)",
				t, m.From.Name, typeName(m.From.Type), typeName(m.To.Type), n)
		}
	}
	if m.Change.Is(schema.ChangeNull) && m.To.Type != nil && !m.To.Type.Null {
		n, err := countRows(ctx, db, t, sq.Expr(col+" IS NULL"))
		if err != nil {
			return err
		}
		if n > 0 {
			warn(n, "makes `%s`.`%s` NOT NULL, but %d rows hold NULL", t, m.From.Name, n)
		}
	}
	return nil
}

// typeLoss reports whether changing a column from one type to another can
// lose data and, if so, the condition selecting the rows that would.
func typeLoss(from, to schema.Type, col string) (bool, sq.Sqlizer) {
	anyValue := sq.Expr(col + " IS NOT NULL")
	switch f := from.(type) {
	case *schema.IntegerType:
		t, ok := to.(*schema.IntegerType)
		if !ok {
			break
		}
		lo, hi, ok := intRange(t)
		flo, fhi, fok := intRange(f)
		if !ok || !fok {
			break
		}
		if lo <= flo && fhi <= hi {
			return false, nil
		}
		return true, sq.Or{sq.Lt{col: lo}, sq.Gt{col: hi}}
	case *schema.StringType:
		t, ok := to.(*schema.StringType)
		if !ok {
			break
		}
		fc, tc := stringCap(f), stringCap(t)
		if tc >= fc {
			return false, nil
		}
		return true, sq.Expr("CHAR_LENGTH("+col+") > ?", tc)
	case *schema.DecimalType:
		if t, ok := to.(*schema.DecimalType); ok && t.Precision-t.Scale >= f.Precision-f.Scale && t.Scale >= f.Scale && (t.Unsigned == f.Unsigned || !t.Unsigned) {
			return false, nil
		}
	case *schema.FloatType:
		if t, ok := to.(*schema.FloatType); ok && (strings.EqualFold(t.T, "double") || strings.EqualFold(t.T, f.T)) {
			return false, nil
		}
	case *schema.TimeType:
		if t, ok := to.(*schema.TimeType); ok {
			widen := strings.EqualFold(f.T, "date") && (strings.EqualFold(t.T, "datetime") || strings.EqualFold(t.T, "timestamp"))
			same := strings.EqualFold(f.T, t.T) && precision(t) >= precision(f)
			if widen || same {
				return false, nil
			}
		}
	}
	return true, anyValue
}

// intRange is the value range of an integer type; hi saturates at MaxInt64.
func intRange(t *schema.IntegerType) (lo int64, hi uint64, ok bool) {
	bits := map[string]uint{"tinyint": 8, "smallint": 16, "mediumint": 24, "int": 32, "integer": 32, "bigint": 64}[strings.ToLower(t.T)]
	if bits == 0 {
		return 0, 0, false
	}
	if t.Unsigned {
		if bits == 64 {
			return 0, math.MaxUint64, true
		}
		return 0, 1<<bits - 1, true
	}
	return -1 << (bits - 1), 1<<(bits-1) - 1, true
}

// stringCap is the number of characters a string type holds.
func stringCap(t *schema.StringType) int {
	switch strings.ToLower(t.T) {
	case "tinytext", "tinyblob":
		return 255
	case "text", "blob":
		return 65535
	case "mediumtext", "mediumblob":
		return 16777215
	case "longtext", "longblob":
		return math.MaxInt32
	}
	return t.Size
}

func precision(t *schema.TimeType) int {
	if t.Precision == nil {
		return 0
	}
	return *t.Precision
}

func typeName(t *schema.ColumnType) string {
	if t.Raw != "" {
		return t.Raw
	}
	return fmt.Sprintf("%T", t.Type)
}

func autoIncrement(c *schema.Column) bool {
	for _, a := range c.Attrs {
		if strings.Contains(strings.ToLower(fmt.Sprintf("%T", a)), "autoincrement") {
			return true
		}
	}
	return false
}

// countRows counts the rows of table that match where (all when nil).
func countRows(ctx context.Context, db *sql.DB, table string, where sq.Sqlizer) (int64, error) {
	b := sq.Select("COUNT(*)").From(quoteIdent(table))
	if where != nil {
		b = b.Where(where)
	}
	query, args, err := b.ToSql()
	if err != nil {
		return 0, fmt.Errorf("seeder: build count: %w", err)
	}
	var n int64
	if err := db.QueryRowContext(ctx, query, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("seeder: count rows of %s: %w", table, err)
	}
	return n, nil
}

// duplicateRows counts the rows of table whose values in the columns of idx
// are shared with another row (NULLs never collide in a unique index).
func duplicateRows(ctx context.Context, db *sql.DB, table string, idx *schema.Index) (int64, error) {
	var cols []string
	inner := sq.Select("COUNT(*) AS n").From(quoteIdent(table))
	for _, p := range idx.Parts {
		if p.C == nil {
			return 0, nil // an expression part: cannot tell in general
		}
		q := quoteIdent(p.C.Name)
		cols = append(cols, q)
		inner = inner.Where(sq.Expr(q + " IS NOT NULL"))
	}
	if len(cols) == 0 {
		return 0, nil
	}
	query, args, err := sq.Select("COALESCE(SUM(d.n), 0)").
		FromSelect(inner.GroupBy(cols...).Having("COUNT(*) > 1"), "d").ToSql()
	if err != nil {
		return 0, fmt.Errorf("seeder: build duplicate count: %w", err)
	}
	// The embedded engine returns SUM as a DOUBLE.
	var n sql.NullFloat64
	if err := db.QueryRowContext(ctx, query, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("seeder: count duplicates in %s: %w", table, err)
	}
	return int64(n.Float64), nil
}
