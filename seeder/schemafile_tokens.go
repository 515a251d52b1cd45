package seeder

import (
	"slices"
	"strings"

	"github.com/dolthub/vitess/go/vt/sqlparser"
)

// sqlToken is one token of the parser's tokenizer, as a byte range of the
// text it was read from (quotes included, leading blanks excluded).
type sqlToken struct {
	typ        int
	start, end int
}

func (t sqlToken) in(text string) string { return text[t.start:t.end] }

// lexError is a text the tokenizer cannot read, at offset.
type lexError struct{ offset int }

func (e *lexError) Error() string { return "unreadable SQL" }

// scanTokens splits text into the tokens of the parser's own tokenizer,
// comments included: executable comments too, as one comment token each,
// so that the caller sees exactly where every comment is.
func scanTokens(text string) ([]sqlToken, error) {
	tk := sqlparser.NewStringTokenizer(text)
	tk.SkipSpecialComments = true
	var toks []sqlToken
	for {
		typ, _ := tk.Scan()
		if typ == 0 {
			return toks, nil
		}
		// Position counts the characters read, the lookahead included: a
		// token ends just before it. OldPosition is where the scan began,
		// before the blanks that precede the token.
		end := min(tk.Position-1, len(text))
		start := min(max(tk.OldPosition-1, 0), end)
		for start < end && isBlank(text[start]) {
			start++
		}
		if typ == sqlparser.LEX_ERROR {
			return nil, &lexError{offset: start}
		}
		toks = append(toks, sqlToken{typ: typ, start: start, end: end})
	}
}

// isBlank matches the characters the tokenizer skips between tokens.
func isBlank(c byte) bool { return c == ' ' || c == '\n' || c == '\r' || c == '\t' }

// uncomment returns text with every comment blanked out and the
// executable comments opened. Blanking turns each byte but a newline into
// a space, so offsets and line numbers stay those of text. An executable
// comment (/*! … */, /*M! … */) loses its marker, its version number and
// its closing */, and keeps its contents, which the server runs.
func uncomment(text string, toks []sqlToken) string {
	b := []byte(text)
	blank := func(from, to int) {
		for i := from; i < to; i++ {
			if b[i] != '\n' {
				b[i] = ' '
			}
		}
	}
	for _, t := range toks {
		if t.typ != sqlparser.COMMENT {
			continue
		}
		c := t.in(text)
		marker := 0
		switch {
		case strings.HasPrefix(c, "/*!"):
			marker = 3
		case strings.HasPrefix(c, "/*M!"):
			marker = 4
		}
		if marker == 0 || !strings.HasSuffix(c, "*/") || len(c) < marker+2 {
			blank(t.start, t.end)
			continue
		}
		// The version: MySQL writes 5 digits, MariaDB 6.
		digits := 0
		for digits < 6 && marker+digits < len(c)-2 && c[marker+digits] >= '0' && c[marker+digits] <= '9' {
			digits++
		}
		if digits < 5 {
			digits = 0
		}
		blank(t.start, t.start+marker+digits)
		blank(t.end-2, t.end)
	}
	return string(b)
}

// splitStatements groups tokens into statements at each semicolon.
// Statements without tokens (";;") are dropped.
func splitStatements(toks []sqlToken) [][]sqlToken {
	var out [][]sqlToken
	var cur []sqlToken
	for _, t := range toks {
		if t.typ == ';' {
			if len(cur) > 0 {
				out = append(out, cur)
			}
			cur = nil
			continue
		}
		cur = append(cur, t)
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// forParser rewrites, for the parser's eyes only, the MariaDB spellings it
// does not know into the nearest MySQL ones: the column types uuid (as
// blob), inet4 and inet6 (as float) and year(4) (as year), the COMPRESSED
// attribute (removed), PERSISTENT generated columns (as STORED) and a
// function call as a default without parentheses (DEFAULT uuid(), which
// MySQL writes DEFAULT (uuid())). Each is recognised by its place: a type
// right after a column's name (an identifier), an attribute right after a
// type or an expression. None of them can change which statement it is or
// which names it uses, and a word in any other place is left as it is
// (the parser then refuses it). The text that runs is the original.
//
// It returns the rewritten statement and a function that maps an offset
// in it back to one in stmt.
func forParser(stmt string, toks []sqlToken) (string, func(int) int) {
	type edit struct {
		start, end int
		text       string
	}
	var edits []edit
	word := func(i int) string {
		if i < 0 || i >= len(toks) {
			return ""
		}
		return strings.ToLower(toks[i].in(stmt))
	}
	afterName := func(i int) bool { return i > 0 && toks[i-1].typ == sqlparser.ID }
	for i, t := range toks {
		switch word(i) {
		case "uuid":
			if afterName(i) && word(i+1) != "(" {
				edits = append(edits, edit{t.start, t.end, "blob"})
			}
		case "inet4", "inet6":
			if afterName(i) && word(i+1) != "(" {
				edits = append(edits, edit{t.start, t.end, "float"})
			}
		case "year":
			if afterName(i) && word(i+1) == "(" && i+3 < len(toks) && toks[i+2].typ == sqlparser.INTEGRAL && word(i+3) == ")" {
				edits = append(edits, edit{toks[i+1].start, toks[i+3].end, ""})
			}
		case "compressed":
			if i > 0 && word(i-1) != "(" && word(i-1) != "," && word(i+1) != "(" && word(i+1) != "=" {
				edits = append(edits, edit{t.start, t.end, ""})
			}
		case "persistent":
			if word(i-1) == ")" {
				edits = append(edits, edit{t.start, t.end, "STORED"})
			}
		case "default":
			if i+2 < len(toks) && toks[i+1].typ == sqlparser.ID && word(i+2) == "(" {
				if closing := matchingParen(stmt, toks, i+2); closing > 0 {
					edits = append(edits, edit{toks[i+1].start, toks[i+1].start, "("}, edit{toks[closing].end, toks[closing].end, ")"})
				}
			}
		}
	}
	slices.SortStableFunc(edits, func(a, b edit) int { return a.start - b.start })
	var out strings.Builder
	last := 0
	for _, e := range edits {
		if e.start < last {
			continue // overlapping: keep the first
		}
		out.WriteString(stmt[last:e.start])
		out.WriteString(e.text)
		last = e.end
	}
	out.WriteString(stmt[last:])
	back := func(offset int) int {
		shift := 0
		for _, e := range edits {
			if e.start+shift >= offset {
				break
			}
			shift += len(e.text) - (e.end - e.start)
		}
		return min(max(offset-shift, 0), len(stmt))
	}
	return out.String(), back
}

// matchingParen returns the index of the token closing the parenthesis
// opened at toks[open], or -1.
func matchingParen(stmt string, toks []sqlToken, open int) int {
	depth := 0
	for j := open; j < len(toks); j++ {
		switch toks[j].in(stmt) {
		case "(":
			depth++
		case ")":
			depth--
			if depth == 0 {
				return j
			}
		}
	}
	return -1
}
