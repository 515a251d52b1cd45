package store

import (
	"context"
	"database/sql"
	"sort"
	"strings"

	sq "github.com/Masterminds/squirrel"
)

// Database is one database (schema) of the server, as the switcher lists
// it.
type Database struct {
	Name   string
	Tables int64 // base tables and views
	Bytes  int64 // data and index size, from information_schema (an estimate)
	// System marks the server's own schemas (mysql, information_schema,
	// performance_schema, sys, and TiDB's metrics_schema).
	System bool
}

// systemSchemas are the schemas servers keep for themselves.
var systemSchemas = map[string]bool{
	"mysql": true, "information_schema": true, "performance_schema": true, "sys": true,
	"metrics_schema": true, "inspection_schema": true,
}

// Databases lists the databases the user can see with their table counts
// and sizes: user databases in name order, then the system ones.
func (s *Store) Databases(ctx context.Context) ([]Database, error) {
	names, err := selectRows(ctx, s, "list databases", sq.Select("SCHEMA_NAME").From("information_schema.SCHEMATA"),
		func(rows *sql.Rows) (string, error) {
			var n string
			return n, rows.Scan(&n)
		})
	if err != nil {
		return nil, err
	}
	q := sq.Select("TABLE_SCHEMA", "COUNT(*)", "COALESCE(SUM(DATA_LENGTH), 0) + COALESCE(SUM(INDEX_LENGTH), 0)").
		From("information_schema.TABLES").GroupBy("TABLE_SCHEMA")
	type sizes struct {
		name          string
		tables, bytes int64
	}
	stats, err := selectRows(ctx, s, "measure databases", q, func(rows *sql.Rows) (sizes, error) {
		var z sizes
		// SUM is DECIMAL on the servers and DOUBLE on the embedded
		// engine: read it as a float.
		var b sql.NullFloat64
		err := rows.Scan(&z.name, &z.tables, &b)
		z.bytes = int64(b.Float64)
		return z, err
	})
	if err != nil {
		stats = nil // sizes are a nicety: the names still make a list
	}
	by := map[string]sizes{}
	for _, z := range stats {
		by[z.name] = z
	}
	out := make([]Database, 0, len(names))
	for _, n := range names {
		out = append(out, Database{Name: n, Tables: by[n].tables, Bytes: by[n].bytes, System: systemSchemas[strings.ToLower(n)]})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].System != out[j].System {
			return !out[i].System
		}
		return strings.ToLower(out[i].Name) < strings.ToLower(out[j].Name)
	})
	return out, nil
}
