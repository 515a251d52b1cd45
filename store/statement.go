package store

import (
	"strings"

	"github.com/dolthub/vitess/go/vt/sqlparser"
)

// StatementKind says what a statement typed by a user does, which decides
// how the console runs it.
type StatementKind int

// The statement kinds.
const (
	// KindRead returns rows and changes nothing: SELECT, a UNION, WITH ...
	// SELECT, SHOW, DESCRIBE, EXPLAIN, TABLE, VALUES. It streams.
	KindRead StatementKind = iota
	// KindWrite changes rows: INSERT, UPDATE, DELETE, REPLACE, LOAD DATA,
	// CALL (a procedure may change anything). It runs inside a transaction
	// that the user commits or rolls back.
	KindWrite
	// KindDDL changes the schema or the server's accounts: CREATE, ALTER,
	// DROP, TRUNCATE, RENAME, GRANT, REVOKE, CREATE USER... MySQL commits
	// it on its own, so it cannot be rolled back.
	KindDDL
	// KindSession changes only the connection's own state: SET, USE.
	KindSession
	// KindTransaction is transaction control: BEGIN, START TRANSACTION,
	// COMMIT, ROLLBACK, SAVEPOINT.
	KindTransaction
	// KindOther is anything else (ANALYZE, FLUSH, KILL, LOCK TABLES, ...),
	// run as it is.
	KindOther
)

// String names the kind: "read", "write", "DDL", "session", "transaction
// control" or "other".
func (k StatementKind) String() string {
	switch k {
	case KindRead:
		return "read"
	case KindWrite:
		return "write"
	case KindDDL:
		return "DDL"
	case KindSession:
		return "session"
	case KindTransaction:
		return "transaction control"
	}
	return "other"
}

// Classified is what Classify learned about one statement.
type Classified struct {
	// Text is the statement as given, without surrounding blanks and the
	// trailing semicolon.
	Text string
	Kind StatementKind
	// Verb names the statement for people: "SELECT", "UPDATE", "DROP
	// TABLE", "CREATE INDEX", ...
	Verb string
	// Tables are the tables the statement reads or changes, as written
	// (without a database qualifier), each once, in order of appearance.
	// For DDL it is the table (or view) it creates, alters or drops; for a
	// database statement it is empty and Database names the database.
	Tables   []string
	Database string
	// NoWhere is true for an UPDATE or DELETE without a WHERE clause: it
	// touches every row of its tables. It is also true for an UPDATE or
	// DELETE the parser could not read, since then a WHERE clause cannot
	// be checked for.
	NoWhere bool
	// Parsed is false when the SQL parser could not read the statement
	// (server-specific syntax, or an error the server will report); Kind
	// and Verb then come from its first words.
	Parsed bool

	sel *sqlparser.Select // a plain SELECT, for ResultTableOf
}

// NeedsConfirmation reports whether a statement should be confirmed before
// it runs: DDL (which cannot be rolled back) and an UPDATE or DELETE that
// touches every row.
func (st Classified) NeedsConfirmation() bool {
	return st.Kind == KindDDL || st.NoWhere
}

// Classify reads one statement with the MySQL parser (the vitess parser
// go-mysql-server uses) and says what it does. A statement the parser
// cannot read is classified by its first words, erring on the side of
// caution (an UPDATE or DELETE is then taken as NoWhere). Classify does not
// run anything.
func Classify(sqlText string) Classified {
	text := trimStatement(sqlText)
	st := Classified{Text: text}
	parsed, err := sqlparser.Parse(text)
	if err != nil || parsed == nil {
		classifyWords(&st)
		return st
	}
	st.Parsed = true
	classifyParsed(&st, parsed)
	return st
}

// trimStatement drops blanks and trailing semicolons.
func trimStatement(s string) string {
	s = strings.TrimSpace(s)
	for strings.HasSuffix(s, ";") {
		s = strings.TrimSpace(strings.TrimSuffix(s, ";"))
	}
	return s
}

func classifyParsed(st *Classified, parsed sqlparser.Statement) {
	switch p := parsed.(type) {
	case *sqlparser.Select:
		st.Kind, st.Verb = KindRead, "SELECT"
		st.sel = p
		st.addTableExprs(p.From)
	case *sqlparser.SetOp:
		st.Kind, st.Verb = KindRead, strings.ToUpper(p.Type)
	case *sqlparser.ParenSelect:
		st.Kind, st.Verb = KindRead, "SELECT"
	case *sqlparser.Show:
		st.Kind, st.Verb = KindRead, "SHOW"
		if strings.EqualFold(p.Type, "columns") {
			st.Verb = "DESCRIBE"
		}
	case *sqlparser.Explain:
		st.Kind, st.Verb = KindRead, "EXPLAIN"
	case *sqlparser.OtherRead:
		st.Kind, st.Verb = KindRead, firstWord(st.Text)
	case *sqlparser.Insert:
		st.Kind, st.Verb = KindWrite, strings.ToUpper(p.Action)
		st.addTable(p.Table)
	case *sqlparser.Update:
		st.Kind, st.Verb = KindWrite, "UPDATE"
		st.addTableExprs(p.TableExprs)
		st.NoWhere = p.Where == nil
	case *sqlparser.Delete:
		st.Kind, st.Verb = KindWrite, "DELETE"
		st.addTableExprs(p.TableExprs)
		st.NoWhere = p.Where == nil
	case *sqlparser.Load:
		st.Kind, st.Verb = KindWrite, "LOAD DATA"
		st.addTable(p.Table)
	case *sqlparser.Call:
		st.Kind, st.Verb = KindWrite, "CALL"
	case *sqlparser.DDL:
		st.Kind, st.Verb = KindDDL, ddlVerb(p)
		switch {
		case p.ViewSpec != nil:
			st.addTable(p.ViewSpec.ViewName)
		case !p.Table.IsEmpty():
			st.addTable(p.Table)
		}
		for _, t := range p.FromTables {
			st.addTable(t)
		}
		for _, t := range p.FromViews {
			st.addTable(t)
		}
	case *sqlparser.AlterTable:
		st.Kind, st.Verb = KindDDL, wordsVerb(st.Text, 2)
		st.addTable(p.Table)
	case *sqlparser.DBDDL:
		st.Kind = KindDDL
		st.Verb = strings.ToUpper(p.Action) + " " + strings.ToUpper(p.SchemaOrDatabase)
		st.Database = p.DBName
	case *sqlparser.Set:
		st.Kind, st.Verb = KindSession, "SET"
	case *sqlparser.Use:
		st.Kind, st.Verb = KindSession, "USE"
		st.Database = p.DBName.String()
	case *sqlparser.Begin:
		st.Kind, st.Verb = KindTransaction, "BEGIN"
	case *sqlparser.Commit:
		st.Kind, st.Verb = KindTransaction, "COMMIT"
	case *sqlparser.Rollback:
		st.Kind, st.Verb = KindTransaction, "ROLLBACK"
	case *sqlparser.Savepoint, *sqlparser.RollbackSavepoint, *sqlparser.ReleaseSavepoint:
		st.Kind, st.Verb = KindTransaction, firstWord(st.Text)
	default:
		// Accounts and privileges commit like DDL and change what users
		// may do: treat them as DDL. The rest runs as it is.
		switch w := firstWord(st.Text); w {
		case "CREATE", "ALTER", "DROP", "RENAME", "GRANT", "REVOKE":
			st.Kind, st.Verb = KindDDL, wordsVerb(st.Text, 2)
		default:
			st.Kind, st.Verb = KindOther, w
		}
	}
}

// ddlVerb names a DDL statement: "CREATE TABLE", "DROP VIEW", "TRUNCATE
// TABLE", "RENAME TABLE", ...
func ddlVerb(p *sqlparser.DDL) string {
	verb := strings.ToUpper(p.Action)
	switch {
	case p.ViewSpec != nil || len(p.FromViews) > 0:
		return verb + " VIEW"
	case p.TriggerSpec != nil:
		return verb + " TRIGGER"
	case p.ProcedureSpec != nil:
		return verb + " PROCEDURE"
	case p.EventSpec != nil:
		return verb + " EVENT"
	}
	return verb + " TABLE"
}

// classifyWords classifies a statement the parser could not read by its
// first words (strings, quoted names and comments skipped).
func classifyWords(st *Classified) {
	stmts := statementWords(st.Text)
	var words []string
	if len(stmts) > 0 {
		words = stmts[0]
	}
	if len(words) == 0 {
		st.Kind = KindOther
		return
	}
	st.Verb = words[0]
	switch words[0] {
	case "SELECT", "SHOW", "DESCRIBE", "DESC", "EXPLAIN", "VALUES", "TABLE", "HELP", "DO", "ANALYZE", "CHECK", "CHECKSUM":
		st.Kind = KindRead
	case "WITH":
		st.Kind = KindRead
		for _, w := range words[1:] {
			if w == "INSERT" || w == "UPDATE" || w == "DELETE" || w == "REPLACE" {
				st.Kind, st.Verb = KindWrite, w
				st.NoWhere = (w == "UPDATE" || w == "DELETE")
				break
			}
		}
	case "INSERT", "REPLACE", "LOAD", "CALL":
		st.Kind = KindWrite
	case "UPDATE", "DELETE":
		st.Kind = KindWrite
		st.NoWhere = true
	case "CREATE", "ALTER", "DROP", "TRUNCATE", "RENAME", "GRANT", "REVOKE":
		st.Kind = KindDDL
		st.Verb = strings.Join(words[:min(2, len(words))], " ")
	case "SET", "USE":
		st.Kind = KindSession
	case "BEGIN", "START", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "XA":
		st.Kind = KindTransaction
		if words[0] == "START" && !hasWord(words, "TRANSACTION") {
			st.Kind = KindOther
		}
	default:
		st.Kind = KindOther
	}
}

// firstWord is the statement's first keyword, upper-cased.
func firstWord(text string) string { return wordsVerb(text, 1) }

// wordsVerb is the statement's first n words, upper-cased.
func wordsVerb(text string, n int) string {
	stmts := statementWords(text)
	if len(stmts) == 0 || len(stmts[0]) == 0 {
		return ""
	}
	w := stmts[0]
	return strings.Join(w[:min(n, len(w))], " ")
}

// addTable notes a table of the statement, once. Tables of another
// database keep their qualifier ("db.t").
func (st *Classified) addTable(t sqlparser.TableName) {
	if t.Name.IsEmpty() {
		return
	}
	name := t.Name.String()
	if !t.DbQualifier.IsEmpty() {
		name = t.DbQualifier.String() + "." + name
	}
	for _, have := range st.Tables {
		if have == name {
			return
		}
	}
	st.Tables = append(st.Tables, name)
}

// addTableExprs notes the base tables of a FROM clause (or of UPDATE's and
// DELETE's table list), joins included; derived tables are skipped.
func (st *Classified) addTableExprs(exprs sqlparser.TableExprs) {
	for _, te := range exprs {
		switch te := te.(type) {
		case *sqlparser.AliasedTableExpr:
			if tn, ok := te.Expr.(sqlparser.TableName); ok {
				st.addTable(tn)
			}
		case *sqlparser.JoinTableExpr:
			st.addTableExprs(sqlparser.TableExprs{te.LeftExpr, te.RightExpr})
		case *sqlparser.ParenTableExpr:
			st.addTableExprs(te.Exprs)
		}
	}
}

// hasWord reports whether any of set is among the words after the verb
// (words[0]) of a statement's upper-cased words. The read-only guard and
// the statement classifier both look past the verb this way (WITH …
// DELETE writes; START without TRANSACTION is no transaction).
func hasWord(words []string, set ...string) bool {
	for _, w := range words[1:] {
		for _, s := range set {
			if w == s {
				return true
			}
		}
	}
	return false
}
