package colgen

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/brianvoe/gofakeit/v7"

	"github.com/demobots/demobots-tui/internal/project"
)

// namedText are the text generators a refinement names, each a cheap
// gofakeit call (the ones gofakeit builds with its template engine, such
// as Sentence and Username, are rebuilt here from words and names).
var namedText = map[string]func(f *gofakeit.Faker) string{
	"email":        func(f *gofakeit.Faker) string { return f.Email() },
	"first_name":   func(f *gofakeit.Faker) string { return f.FirstName() },
	"last_name":    func(f *gofakeit.Faker) string { return f.LastName() },
	"full_name":    func(f *gofakeit.Faker) string { return f.FirstName() + " " + f.LastName() },
	"username":     username,
	"city":         func(f *gofakeit.Faker) string { return f.City() },
	"country":      func(f *gofakeit.Faker) string { return f.Country() },
	"country_code": func(f *gofakeit.Faker) string { return f.CountryAbr() },
	"state":        func(f *gofakeit.Faker) string { return f.State() },
	"zip":          func(f *gofakeit.Faker) string { return f.Zip() },
	"address":      func(f *gofakeit.Faker) string { return f.Street() + ", " + f.City() },
	"phone":        func(f *gofakeit.Faker) string { return f.Phone() },
	"url":          func(f *gofakeit.Faker) string { return "https://www." + lowerWord(f) + ".com/" + lowerWord(f) },
	"company":      func(f *gofakeit.Faker) string { return f.Company() },
	"job_title":    func(f *gofakeit.Faker) string { return f.JobTitle() },
	"sentence":     func(f *gofakeit.Faker) string { return sentence(f, 4+f.IntN(8)) },
	"paragraph":    func(f *gofakeit.Faker) string { return paragraph(f) },
	"word":         func(f *gofakeit.Faker) string { return f.Word() },
	"title":        func(f *gofakeit.Faker) string { return strings.TrimSuffix(sentence(f, 2+f.IntN(4)), ".") },
	"name":         func(f *gofakeit.Faker) string { return capitalize(f.Adjective()) + " " + capitalize(f.Noun()) },
	"color":        func(f *gofakeit.Faker) string { return f.Color() },
	"currency":     func(f *gofakeit.Faker) string { return f.CurrencyShort() },
	"ip":           func(f *gofakeit.Faker) string { return f.IPv4Address() },
	"slug":         func(f *gofakeit.Faker) string { return lowerWord(f) + "-" + lowerWord(f) + "-" + lowerWord(f) },
	"code":         code,
}

func username(f *gofakeit.Faker) string {
	return strings.ToLower(f.FirstName()) + "_" + strings.ToLower(f.LastName()) + strconv.Itoa(f.IntN(100))
}

func lowerWord(f *gofakeit.Faker) string { return strings.ToLower(f.Word()) }

func capitalize(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

func sentence(f *gofakeit.Faker, words int) string {
	var b strings.Builder
	for i := 0; i < words; i++ {
		w := f.Word()
		if i == 0 {
			w = capitalize(w)
		} else {
			b.WriteByte(' ')
		}
		b.WriteString(w)
	}
	b.WriteByte('.')
	return b.String()
}

func paragraph(f *gofakeit.Faker) string {
	n := 2 + f.IntN(3)
	parts := make([]string, n)
	for i := range parts {
		parts[i] = sentence(f, 5+f.IntN(8))
	}
	return strings.Join(parts, " ")
}

// code is an upper-case code such as "KX-4821".
func code(f *gofakeit.Faker) string {
	b := []byte{byte('A' + f.IntN(26)), byte('A' + f.IntN(26)), '-'}
	return string(strconv.AppendInt(b, int64(1000+f.IntN(9000)), 10))
}

// textGen is the named text generator name for a text column.
func textGen(c Column, name string, rows int64, unique bool) (Gen, error) {
	if c.family() != famText {
		return nil, wrongType(name, c)
	}
	if err := uniqueFits(c, rows, unique); err != nil {
		return nil, err
	}
	fn, limit := namedText[name], c.maxLen()
	if unique {
		return func(w Writer, f *gofakeit.Faker, row int64) { w.Str(uniqueText(fn(f), row, limit)) }, nil
	}
	return func(w Writer, f *gofakeit.Faker, _ int64) { w.Str(fit(fn(f), limit)) }, nil
}

// uniqueFits checks that a unique text column is long enough to carry a
// row number (in base 36, the shortest form uniqueText falls back to).
func uniqueFits(c Column, rows int64, unique bool) error {
	if !unique || rows == 0 {
		return nil
	}
	if need := int64(len(strconv.FormatInt(rows, 36))); need > c.maxLen() {
		possible := uint64(math.MaxUint64)
		if c.maxLen() < 12 {
			possible = uint64(math.Pow(36, float64(c.maxLen())))
		}
		return tooFew(fmt.Sprintf("text of at most %d characters", c.maxLen()), possible, rows)
	}
	return nil
}

// uniqueText makes s unique by its row number: "-<row+1>" at its end (before
// the @ of an email), s cut to make room; when there is no room for it,
// the row number alone in base 36. The row is what follows the last '-'
// (of the local part), so two rows never give the same text.
func uniqueText(s string, row int64, limit int64) string {
	suffix := "-" + strconv.FormatInt(row+1, 10)
	room := limit - int64(len(suffix))
	if room < 1 {
		return strconv.FormatInt(row+1, 36)
	}
	if at := strings.LastIndexByte(s, '@'); at > 0 {
		local, domain := s[:at], s[at:]
		if keep := room - int64(len(domain)); keep >= 1 {
			return fit(local, keep) + suffix + domain
		}
	}
	return fit(s, room) + suffix
}

// fit cuts s to at most limit characters.
func fit(s string, limit int64) string {
	if int64(len(s)) <= limit {
		return s
	}
	n := int64(0)
	for i := range s {
		if n == limit {
			return s[:i]
		}
		n++
	}
	return s
}

// specials are strings that test escaping and display: quotes,
// backslashes, control characters, emoji, right-to-left text, SQL and HTML
// look-alikes.
var specials = []string{
	`O'Reilly's "quoted" text`,
	`back\slash \\ double \N`,
	"tab\there and new\nline",
	"emoji 😀🎉👍🏽 mix",
	"עברית RTL שלום עולם",
	"العربية مرحبا بالعالم",
	`' OR '1'='1'; -- DROP TABLE`,
	`<b>bold</b> &amp; <script>x</script>`,
	`100% _wild_ cards`,
	"ünïcödé ñ ß Ω 漢字",
	"NULL",
	"  padded with spaces  ",
	"",
}

func buildSpecial(c Column, s *project.SeedColumn, rows int64) (Gen, error) {
	if c.family() != famText {
		return nil, wrongType("special", c)
	}
	if err := uniqueFits(c, rows, s.Unique); err != nil {
		return nil, err
	}
	limit, unique := c.maxLen(), s.Unique
	return func(w Writer, f *gofakeit.Faker, row int64) {
		v := specials[f.IntN(len(specials))]
		if unique {
			w.Str(uniqueText(v, row, limit))
			return
		}
		w.Str(fit(v, limit))
	}, nil
}

func buildUUID(c Column, s *project.SeedColumn, _ int64) (Gen, error) {
	switch {
	case c.family() == famText && c.maxLen() >= 36:
		return func(w Writer, f *gofakeit.Faker, _ int64) { w.Str(f.UUID()) }, nil
	case c.family() == famBinary && c.maxLen() >= 16:
		return func(w Writer, f *gofakeit.Faker, _ int64) {
			b := make([]byte, 16)
			for i := range b {
				b[i] = byte(f.IntN(256))
			}
			w.Str(string(b))
		}, nil
	}
	return nil, wrongType("uuid", c)
}
