package seeder

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/dolthub/vitess/go/vt/sqlparser"
)

// allowedEngines are the storage engines a schema file may name: they keep
// a table's data in the server's own data directory. Others (FEDERATED,
// CONNECT, MERGE, SPIDER, S3…) can read or write files or servers outside
// the database.
var allowedEngines = []string{"innodb", "myisam", "aria", "memory", "heap"}

// outsideOptions are table options that reach outside the database: files
// elsewhere on the server (DATA/INDEX DIRECTORY), another server
// (CONNECTION) or other tables (UNION of a MERGE table).
var outsideOptions = []string{"directory", "connection", "union"}

const onlyAllowed = "a schema file may hold only CREATE TABLE, CREATE INDEX, CREATE VIEW and ALTER TABLE statements"

// checkStatement decides whether a parsed statement may run in the scratch
// database. It returns what the statement does and the table or view it
// names, or the reason it is refused.
func checkStatement(ast sqlparser.Statement, stmt string, toks []sqlToken) (kind stmtKind, name, reason string) {
	what := leadingWords(stmt, toks)
	switch s := ast.(type) {
	case *sqlparser.DDL:
		if s.Action != sqlparser.CreateStr {
			return 0, "", fmt.Sprintf("%s, not %s", onlyAllowed, what)
		}
		switch {
		case s.TriggerSpec != nil || s.ProcedureSpec != nil || s.EventSpec != nil:
			return 0, "", fmt.Sprintf("%s, not %s", onlyAllowed, what)
		case s.OptSelect != nil:
			return 0, "", "CREATE TABLE … SELECT is not allowed: it copies data"
		case s.ViewSpec != nil:
			kind, name = stmtCreateView, s.ViewSpec.ViewName.Name.String()
		case s.TableSpec != nil || s.OptLike != nil:
			kind, name = stmtCreateTable, s.Table.Name.String()
			if s.Temporary {
				return 0, "", "CREATE TEMPORARY TABLE is not allowed: a temporary table is no part of a schema"
			}
			if s.TableSpec != nil {
				for _, o := range s.TableSpec.TableOpts {
					if strings.EqualFold(o.Name, "ENGINE") && !slices.Contains(allowedEngines, strings.ToLower(o.Value)) {
						return 0, "", engineRefused(o.Value)
					}
				}
			}
		default:
			return 0, "", fmt.Sprintf("%s, not %s", onlyAllowed, what)
		}
	case *sqlparser.AlterTable:
		kind, name = stmtAlterTable, s.Table.Name.String()
		if strings.HasPrefix(what, "CREATE") {
			kind = stmtCreateIndex // the parser reads CREATE INDEX as an ALTER TABLE
		}
		if r := alterEngine(stmt, toks); r != "" {
			return 0, "", r
		}
	default:
		return 0, "", fmt.Sprintf("%s, not %s", onlyAllowed, what)
	}
	if name == "" {
		return 0, "", "the statement names no table or view"
	}
	if kind != stmtCreateView {
		for _, t := range toks {
			if w := strings.ToLower(t.in(stmt)); t.typ != sqlparser.ID && slices.Contains(outsideOptions, w) {
				return 0, "", fmt.Sprintf("the table option %s is not allowed: it reaches outside the database (if it is a column's name, quote it with backticks)", strings.ToUpper(w))
			}
		}
	}
	if r := checkNames(ast, kind); r != "" {
		return 0, "", r
	}
	return kind, name, ""
}

func engineRefused(engine string) string {
	return fmt.Sprintf("ENGINE=%s is not allowed: a schema file may use InnoDB, MyISAM, Aria or MEMORY (other engines can reach files or servers outside the database)", engine)
}

// alterEngine checks the ENGINE option of an ALTER TABLE, which the parser
// reads but does not keep: an ENGINE word that starts an alteration
// (after the table's name or a comma) must name an allowed engine.
func alterEngine(stmt string, toks []sqlToken) string {
	nameAt := -1
	for i, t := range toks {
		if t.typ == sqlparser.ID {
			nameAt = i
			break
		}
	}
	for i, t := range toks {
		if !strings.EqualFold(t.in(stmt), "engine") || i == 0 || (i-1 != nameAt && toks[i-1].in(stmt) != ",") {
			continue
		}
		j := i + 1
		if j < len(toks) && toks[j].in(stmt) == "=" {
			j++
		}
		if j >= len(toks) {
			return ""
		}
		value := strings.Trim(toks[j].in(stmt), "`'\"")
		if !slices.Contains(allowedEngines, strings.ToLower(value)) {
			return engineRefused(value)
		}
	}
	return ""
}

// leadingWords names a statement by its first words, e.g. "DELETE",
// "DROP TABLE", "SET GLOBAL", "CREATE USER".
func leadingWords(stmt string, toks []sqlToken) string {
	var words []string
	for i, t := range toks {
		w := strings.ToUpper(t.in(stmt))
		if i > 0 && (t.typ == sqlparser.ID || !isWord(w)) {
			break
		}
		words = append(words, w)
		if i == 0 && !slices.Contains([]string{"CREATE", "DROP", "ALTER", "SET", "LOAD", "RENAME", "TRUNCATE", "SHOW", "LOCK", "UNLOCK", "START", "INSERT", "REPLACE"}, w) {
			break
		}
		if len(words) == 3 || (i == 1 && w != "OR" && w != "TEMPORARY" && w != "UNIQUE" && w != "DEFINER") {
			break
		}
	}
	return strings.Join(words, " ")
}

func isWord(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r >= 'A' && r <= 'Z' || r == '_') {
			return false
		}
	}
	return true
}

var (
	tableNameType = reflect.TypeOf(sqlparser.TableName{})
	funcExprType  = reflect.TypeOf(sqlparser.FuncExpr{})
	subqueryType  = reflect.TypeOf(sqlparser.Subquery{})
)

// errTooDeep stops a walk of a syntax tree deeper than any schema needs.
var errTooDeep = errors.New("the statement is nested too deeply")

// checkNames walks the whole syntax tree (by reflection, so that no field
// of any node is missed) and refuses names qualified by a database —
// tables, views, referenced tables, functions — and, outside a view,
// subqueries.
func checkNames(ast sqlparser.Statement, kind stmtKind) string {
	var reason string
	err := walkSyntax(reflect.ValueOf(ast), 0, func(v reflect.Value) bool {
		switch v.Type() {
		case tableNameType:
			db := identText(v.FieldByName("DbQualifier"))
			if db == "" {
				db = identText(v.FieldByName("SchemaQualifier"))
			}
			if db != "" {
				reason = fmt.Sprintf("the name %s.%s is qualified by a database: a schema file describes one database, so its names must not be qualified (not even by the current database's name)",
					quoteIdent(db), quoteIdent(identText(v.FieldByName("Name"))))
				return false
			}
		case funcExprType:
			if db := identText(v.FieldByName("Qualifier")); db != "" {
				reason = fmt.Sprintf("the function %s.%s is qualified by a database: a schema file may not reach other databases", quoteIdent(db), quoteIdent(identText(v.FieldByName("Name"))))
				return false
			}
		case subqueryType:
			if kind != stmtCreateView {
				reason = "a subquery is not allowed in a table definition"
				return false
			}
		}
		return true
	})
	if errors.Is(err, errTooDeep) {
		return err.Error()
	}
	return reason
}

// walkSyntax calls visit on every struct reachable from v; a false from
// visit stops the walk.
func walkSyntax(v reflect.Value, depth int, visit func(reflect.Value) bool) error {
	if depth > 400 {
		return errTooDeep
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return walkSyntax(v.Elem(), depth+1, visit)
	case reflect.Struct:
		if !visit(v) {
			return errStopWalk
		}
		for i := 0; i < v.NumField(); i++ {
			if err := walkSyntax(v.Field(i), depth+1, visit); err != nil {
				return err
			}
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			if err := walkSyntax(v.Index(i), depth+1, visit); err != nil {
				return err
			}
		}
	case reflect.Map:
		it := v.MapRange()
		for it.Next() {
			if err := walkSyntax(it.Value(), depth+1, visit); err != nil {
				return err
			}
		}
	}
	return nil
}

var errStopWalk = errors.New("stop")

// identText reads a sqlparser.TableIdent or ColIdent: the first string
// field holds the name as written (it is unexported; reflection can read
// it all the same).
func identText(v reflect.Value) string {
	if !v.IsValid() || v.Kind() != reflect.Struct {
		return ""
	}
	for i := 0; i < v.NumField(); i++ {
		if f := v.Field(i); f.Kind() == reflect.String {
			return f.String()
		}
	}
	return ""
}
