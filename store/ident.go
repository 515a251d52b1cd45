package store

import "strings"

// QuoteIdent quotes a MySQL identifier (a table or column name) with
// backticks and doubles any backtick inside it, so that names such as
// order, "my table" or one containing a backtick are safe to splice into
// SQL. Values are never spliced: they are always placeholders.
func QuoteIdent(name string) string {
	return "`" + strings.ReplaceAll(name, "`", "``") + "`"
}
