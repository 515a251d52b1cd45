package store

import "strings"

// Span is one statement of a buffer of SQL: Text is buffer[Start:End],
// without the blanks around it and without its semicolon.
type Span struct {
	Start, End int // byte offsets into the buffer
	Text       string
}

// SplitStatements cuts a buffer of SQL into its statements, in order, at
// the semicolons that are outside strings, quoted names and comments.
// Empty statements (blank, or only comments) are left out. DELIMITER
// commands are not understood: a stored program's body must be run on its
// own.
func SplitStatements(buf string) []Span {
	var out []Span
	start := 0
	add := func(end int) {
		s, e := trimSpan(buf, start, end)
		if s < e && !onlyComments(buf[s:e]) {
			out = append(out, Span{Start: s, End: e, Text: buf[s:e]})
		}
	}
	i, n := 0, len(buf)
	for i < n {
		c := buf[i]
		switch {
		case c == ';':
			add(i)
			i++
			start = i
		case c == '\'' || c == '"' || c == '`':
			i = skipQuoted(buf, i)
		case isLineComment(buf, i):
			for i < n && buf[i] != '\n' {
				i++
			}
		case c == '/' && i+1 < n && buf[i+1] == '*' && (i+2 >= n || buf[i+2] != '!'):
			end := strings.Index(buf[i+2:], "*/")
			if end < 0 {
				i = n
			} else {
				i += end + 4
			}
		default:
			i++
		}
	}
	add(n)
	return out
}

// StatementAt returns the statement of spans that holds byte offset pos of
// the buffer, or, when pos is between statements, the one that ends just
// before it (so the cursor right after a semicolon picks the statement it
// ends); ok is false when there is none.
func StatementAt(spans []Span, pos int) (Span, bool) {
	var best *Span
	for i := range spans {
		sp := &spans[i]
		if pos >= sp.Start && pos <= sp.End {
			return *sp, true
		}
		if sp.End < pos {
			best = sp
		}
	}
	if best != nil {
		return *best, true
	}
	if len(spans) > 0 {
		return spans[0], true
	}
	return Span{}, false
}

// isLineComment reports whether a "-- " or "#" comment starts at i (MySQL
// needs blank after the two dashes).
func isLineComment(s string, i int) bool {
	switch {
	case s[i] == '#':
		return true
	case s[i] == '-' && i+1 < len(s) && s[i+1] == '-':
		return i+2 == len(s) || s[i+2] == ' ' || s[i+2] == '\t' || s[i+2] == '\n' || s[i+2] == '\r'
	}
	return false
}

// trimSpan narrows [start, end) of s to exclude surrounding blanks.
func trimSpan(s string, start, end int) (int, int) {
	for start < end && isBlank(s[start]) {
		start++
	}
	for end > start && isBlank(s[end-1]) {
		end--
	}
	return start, end
}

func isBlank(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// onlyComments reports whether s holds nothing but comments and blanks.
func onlyComments(s string) bool {
	i, n := 0, len(s)
	for i < n {
		switch {
		case isBlank(s[i]):
			i++
		case isLineComment(s, i):
			for i < n && s[i] != '\n' {
				i++
			}
		case s[i] == '/' && i+1 < n && s[i+1] == '*' && (i+2 >= n || s[i+2] != '!'):
			end := strings.Index(s[i+2:], "*/")
			if end < 0 {
				return true
			}
			i += end + 4
		default:
			return false
		}
	}
	return true
}
