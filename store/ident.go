package store

import "strings"

// QuoteIdent quotes a MySQL identifier (table or column name) with
// backticks, doubling any backtick inside it, so that names such as
// order, "my table" or one containing a backtick are safe to splice into
// SQL (a backtick becomes two). Values are
// never spliced: they are always placeholders.
func QuoteIdent(name string) string {
	return "`" + strings.ReplaceAll(name, "`", "``") + "`"
}

// quoteIdents quotes every name.
func quoteIdents(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = QuoteIdent(n)
	}
	return out
}
