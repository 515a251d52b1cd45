package export

import (
	"bufio"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/demobots/demobots-tui/store"
)

// maxStatementBytes is about the largest INSERT statement the SQL format
// writes before starting another, as mysqldump's default does: far below
// any server's max_allowed_packet (a single larger row goes alone).
const maxStatementBytes = 1 << 20

// sqlEncoder writes multi-row INSERT statements that load back into an
// empty copy of the table.
type sqlEncoder struct {
	w       *bufio.Writer
	table   string
	create  string
	kinds   []kind
	keep    []int  // the columns written: all but generated ones
	insert  []byte // INSERT INTO `t` (`a`, `b`) VALUES
	inStmt  int    // bytes of the open statement; 0 when none is open
	buf     []byte
	written int64
}

func newSQLEncoder(w *bufio.Writer, cols []store.Column, table, create string) (*sqlEncoder, error) {
	if strings.TrimSpace(table) == "" {
		return nil, errors.New("export: SQL INSERT statements need the name of the table to fill")
	}
	e := &sqlEncoder{w: w, table: table, create: strings.TrimSpace(create), kinds: kinds(cols)}
	names := make([]string, 0, len(cols))
	for i, c := range cols {
		if generated(c) {
			continue
		}
		e.keep = append(e.keep, i)
		names = append(names, store.QuoteIdent(c.Name))
	}
	if len(e.keep) == 0 {
		return nil, fmt.Errorf("export: every column of %s is generated: there is nothing to insert", store.QuoteIdent(table))
	}
	e.insert = []byte("INSERT INTO " + store.QuoteIdent(table) + " (" + strings.Join(names, ", ") + ") VALUES\n")
	return e, nil
}

// generated reports whether the server computes the column (VIRTUAL or
// STORED/PERSISTENT), so an INSERT may not name it. MySQL's
// DEFAULT_GENERATED is only a default and does not count.
func generated(c store.Column) bool {
	extra := strings.ToUpper(c.Extra)
	return strings.Contains(extra, "VIRTUAL GENERATED") || strings.Contains(extra, "STORED GENERATED") ||
		extra == "VIRTUAL" || extra == "PERSISTENT" || extra == "STORED"
}

// sqlHeader is what mysqldump sets around its INSERT statements: text as
// utf8mb4; an explicit 0 in an AUTO_INCREMENT column kept as 0; backslash
// escapes read as escapes (the SQL mode no longer holds
// NO_BACKSLASH_ESCAPES) and zero dates accepted; no foreign key checks,
// so a child table loads before its parents. The footer restores them.
const sqlHeader = `SET NAMES utf8mb4;
SET @OLD_SQL_MODE = @@SQL_MODE, SQL_MODE = 'NO_AUTO_VALUE_ON_ZERO';
SET @OLD_FOREIGN_KEY_CHECKS = @@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS = 0;
`

const sqlFooter = `SET FOREIGN_KEY_CHECKS = @OLD_FOREIGN_KEY_CHECKS;
SET SQL_MODE = @OLD_SQL_MODE;
`

func (e *sqlEncoder) header() error {
	var b strings.Builder
	b.WriteString("-- Rows of " + commentSafe(store.QuoteIdent(e.table)) + " exported by demobots-tui as INSERT statements.\n")
	b.WriteString(sqlHeader)
	if e.create != "" {
		b.WriteString("\n" + e.create + ";\n")
	}
	b.WriteString("\n")
	_, err := e.w.WriteString(b.String())
	return err
}

// commentSafe keeps a name on its comment line.
func commentSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' {
			return ' '
		}
		return r
	}, s)
}

func (e *sqlEncoder) row(r store.Row) error {
	b := e.buf[:0]
	if e.inStmt == 0 {
		b = append(b, e.insert...)
	} else {
		b = append(b, ",\n"...)
	}
	b = append(b, '(')
	for j, i := range e.keep {
		if j > 0 {
			b = append(b, ", "...)
		}
		b = appendSQLValue(b, e.kinds[i], r[i])
	}
	b = append(b, ')')
	e.inStmt += len(b)
	if e.inStmt >= maxStatementBytes {
		b = append(b, ";\n"...)
		e.inStmt = 0
	}
	e.buf = b
	e.written++
	_, err := e.w.Write(b)
	return err
}

func (e *sqlEncoder) footer(rows int64) error {
	var b strings.Builder
	if e.inStmt > 0 {
		b.WriteString(";\n")
		e.inStmt = 0
	}
	if e.written > 0 {
		b.WriteString("\n")
	}
	b.WriteString(sqlFooter)
	b.WriteString("-- Complete: " + strconv.FormatInt(rows, 10) + " rows.\n")
	_, err := e.w.WriteString(b.String())
	return err
}

// appendSQLValue appends one value as a SQL literal of its kind.
func appendSQLValue(b []byte, k kind, v store.Value) []byte {
	if v.Null {
		return append(b, "NULL"...)
	}
	switch k {
	case kindInt, kindDecimal, kindFloat:
		if isNumber(v.Bytes) {
			return append(b, v.Bytes...)
		}
	case kindFloat32:
		if f := floatText(v.Bytes); isNumber(f) {
			return append(b, f...)
		}
	case kindBit:
		return appendBitLiteral(b, v.Bytes)
	case kindBinary:
		b = append(b, 'X', '\'')
		for _, c := range v.Bytes {
			b = append(b, hexDigits[c>>4], hexDigits[c&0xf])
		}
		return append(b, '\'')
	}
	return appendSQLString(b, v.Bytes)
}

// appendBitLiteral appends b'...' with the value's bits, most significant
// first, without leading zeros (b'0' for zero).
func appendBitLiteral(b, v []byte) []byte {
	b = append(b, 'b', '\'')
	started := false
	for _, c := range v {
		for bit := 7; bit >= 0; bit-- {
			one := c>>bit&1 == 1
			if one || started {
				started = true
				b = append(b, '0'+c>>bit&1)
			}
		}
	}
	if !started {
		b = append(b, '0')
	}
	return append(b, '\'')
}

// appendSQLString appends s quoted, with the escapes mysqldump uses for
// the bytes a statement cannot carry raw: NUL, line breaks, quotes,
// backslash and Ctrl-Z (end of file on Windows).
func appendSQLString(b, s []byte) []byte {
	b = append(b, '\'')
	start := 0
	for i, c := range s {
		var esc byte
		switch c {
		case 0:
			esc = '0'
		case '\n':
			esc = 'n'
		case '\r':
			esc = 'r'
		case '\'':
			esc = '\''
		case '\\':
			esc = '\\'
		case 0x1a:
			esc = 'Z'
		default:
			continue
		}
		b = append(b, s[start:i]...)
		b = append(b, '\\', esc)
		start = i + 1
	}
	b = append(b, s[start:]...)
	return append(b, '\'')
}
