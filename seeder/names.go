package seeder

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Column widths of schema.sql that generated strings must fit.
const (
	maxUsernameLen = 20 // users.username varchar(20)
	maxNameLen     = 35 // user_profiles.first_name, last_name varchar(35)
)

// username turns a raw gofakeit username into a unique one for row id:
// a stem of ASCII letters, digits and dots (gofakeit's spaces, quotes and
// underscores removed), cut so that "_" and the base-36 id fit in 20
// characters. The stem never contains "_", so the last "_" splits any name
// into stem and id, and distinct ids give distinct names — at any scale,
// under the case-insensitive collation too (the suffix is lower case).
func username(raw string, id int64) string {
	suffix := strconv.FormatInt(id, 36)
	var b strings.Builder
	for _, r := range raw {
		switch {
		case r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(r)
		case r == '.' || r == '_' || r == '-':
			b.WriteByte('.')
		}
	}
	stem := strings.Trim(b.String(), ".")
	if stem == "" {
		stem = "user"
	}
	if limit := maxUsernameLen - 1 - len(suffix); len(stem) > limit {
		stem = strings.TrimRight(stem[:max(limit, 0)], ".")
	}
	return stem + "_" + suffix
}

// lastName makes gofakeit's last name unique for profile id: the name's
// ASCII letters, a hyphen and id in bijective base 26 (A, B, ..., Z, AA,
// ...), cut to fit 35 characters. As with usernames, the stem never holds
// the separator, so distinct ids give distinct names.
func lastName(raw string, id int64) string {
	suffix := letters(id)
	var b strings.Builder
	for _, r := range raw {
		if r < utf8.RuneSelf && unicode.IsLetter(r) {
			b.WriteRune(r)
		}
	}
	stem := b.String()
	if stem == "" {
		stem = "Doe"
	}
	if limit := maxNameLen - 1 - len(suffix); len(stem) > limit {
		stem = stem[:max(limit, 0)]
	}
	return stem + "-" + suffix
}

// letters writes n >= 1 in bijective base 26 with the letters A to Z.
func letters(n int64) string {
	var buf [16]byte
	i := len(buf)
	for n > 0 {
		n--
		i--
		buf[i] = byte('A' + n%26)
		n /= 26
	}
	return string(buf[i:])
}

// printable drops control characters, so a value can never break the
// tab-separated stream or a terminal.
func printable(s string) string {
	if strings.IndexFunc(s, func(r rune) bool { return !unicode.IsPrint(r) }) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsPrint(r) {
			return r
		}
		return -1
	}, s)
}

// clip cuts s to at most n characters.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}
