package tui

import (
	"sort"
	"strings"
	"unicode"

	"github.com/demobots/demobots-tui/store"
)

// sqlKeywords are the words completion offers besides names.
var sqlKeywords = strings.Fields(`SELECT FROM WHERE AND OR NOT NULL IS IN LIKE BETWEEN EXISTS
	JOIN LEFT RIGHT INNER OUTER CROSS ON USING AS DISTINCT ALL ANY
	GROUP BY ORDER ASC DESC HAVING LIMIT OFFSET UNION WITH RECURSIVE
	CASE WHEN THEN ELSE END
	INSERT INTO VALUES UPDATE SET DELETE REPLACE
	CREATE TABLE ALTER ADD COLUMN DROP INDEX VIEW TRUNCATE RENAME PRIMARY KEY FOREIGN REFERENCES DEFAULT
	SHOW TABLES COLUMNS DATABASES DESCRIBE EXPLAIN
	BEGIN COMMIT ROLLBACK
	COUNT SUM AVG MIN MAX COALESCE IFNULL CONCAT LENGTH LOWER UPPER SUBSTRING NOW CAST
	TRUE FALSE`)

// maxCandidates bounds what Tab cycles through.
const maxCandidates = 40

// tableWords are the keywords after which a table name comes.
var tableWords = map[string]bool{"FROM": true, "JOIN": true, "UPDATE": true, "INTO": true, "TABLE": true, "DESCRIBE": true, "DESC": true}

// completions lists what may complete prefix, best first: with a
// qualifier (alias. or table.), the columns of that table; after FROM,
// JOIN, UPDATE, INTO, the tables; otherwise the columns of the statement's
// tables, then keywords, then tables, then every other column. before is
// the text before the word; stmt the statement around the cursor.
func completions(prefix, qualifier, stmt, before string, tables []string, columns map[string][]string) []string {
	var out []string
	seen := map[string]bool{}
	add := func(name string, keyword bool) {
		if len(out) >= maxCandidates || !hasPrefixFold(name, prefix) {
			return
		}
		if keyword {
			if isLower(prefix) {
				name = strings.ToLower(name)
			}
		} else if needsQuotes(name) {
			name = store.QuoteIdent(name)
		}
		if name == prefix || seen[strings.ToLower(name)] {
			return
		}
		seen[strings.ToLower(name)] = true
		out = append(out, name)
	}
	aliases := tableAliases(stmt)
	if qualifier != "" {
		table := qualifier
		if t, ok := aliases[strings.ToLower(qualifier)]; ok {
			table = t
		}
		for _, c := range columnsOf(columns, table) {
			add(c, false)
		}
		return out
	}
	if tableWords[lastWord(before)] {
		for _, t := range tables {
			add(t, false)
		}
		return out
	}
	if prefix == "" {
		return nil
	}
	var used []string
	for _, t := range aliases {
		used = append(used, t)
	}
	sort.Strings(used)
	for _, t := range used {
		for _, c := range columnsOf(columns, t) {
			add(c, false)
		}
	}
	for _, kw := range sqlKeywords {
		add(kw, true)
	}
	for _, t := range tables {
		add(t, false)
	}
	names := make([]string, 0, len(columns))
	for t := range columns {
		names = append(names, t)
	}
	sort.Strings(names)
	for _, t := range names {
		for _, c := range columns[t] {
			add(c, false)
		}
	}
	return out
}

// columnsOf finds a table's columns, matching its name exactly, else
// ignoring case.
func columnsOf(columns map[string][]string, table string) []string {
	if cs, ok := columns[table]; ok {
		return cs
	}
	for t, cs := range columns {
		if strings.EqualFold(t, table) {
			return cs
		}
	}
	return nil
}

// tableAliases reads the tables a statement names after FROM, JOIN,
// UPDATE and INTO, with their aliases: alias (lower case) → table, and
// each table → itself. It reads words, not SQL: good enough to complete.
func tableAliases(stmt string) map[string]string {
	words := identWords(stmt)
	out := map[string]string{}
	for i := 0; i < len(words); i++ {
		if !tableWords[strings.ToUpper(words[i])] || i+1 >= len(words) {
			continue
		}
		for j := i + 1; j < len(words); {
			table := strings.Trim(words[j], "`")
			if table == "" || isKeyword(table) {
				break
			}
			out[strings.ToLower(table)] = table
			j++
			if j < len(words) && strings.EqualFold(words[j], "AS") {
				j++
			}
			if j < len(words) && words[j] != "," && !isKeyword(words[j]) {
				out[strings.ToLower(strings.Trim(words[j], "`"))] = table
				j++
			}
			if j < len(words) && words[j] == "," {
				j++
				continue
			}
			break
		}
	}
	return out
}

// identWords splits text into words (identifiers, backtick-quoted names)
// and commas; everything else separates.
func identWords(text string) []string {
	var out []string
	r := []rune(text)
	for i := 0; i < len(r); {
		switch {
		case r[i] == ',':
			out = append(out, ",")
			i++
		case r[i] == '`':
			j := i + 1
			for j < len(r) && r[j] != '`' {
				j++
			}
			out = append(out, string(r[i:min(j+1, len(r))]))
			i = j + 1
		case isIdentRune(r[i]):
			j := i
			for j < len(r) && isIdentRune(r[j]) {
				j++
			}
			out = append(out, string(r[i:j]))
			i = j
		case r[i] == '.':
			// db.table: keep the table's part only.
			if len(out) > 0 {
				out = out[:len(out)-1]
			}
			i++
		default:
			i++
		}
	}
	return out
}

// lastWord is the last word of text, upper-cased.
func lastWord(text string) string {
	words := identWords(text)
	if len(words) == 0 {
		return ""
	}
	return strings.ToUpper(words[len(words)-1])
}

func isKeyword(w string) bool {
	u := strings.ToUpper(w)
	for _, k := range sqlKeywords {
		if k == u {
			return true
		}
	}
	return false
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

func isLower(s string) bool {
	return s != "" && strings.ToLower(s) == s && strings.ToUpper(s) != s
}

// needsQuotes reports whether a name must be backtick-quoted in SQL.
func needsQuotes(name string) bool {
	if name == "" || isKeyword(name) {
		return name != ""
	}
	for i, r := range name {
		if r != '_' && r != '$' && !unicode.IsLetter(r) && (i == 0 || !unicode.IsDigit(r)) {
			return true
		}
	}
	return false
}
