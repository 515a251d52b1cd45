package colgen

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/brianvoe/gofakeit/v7"

	"github.com/demobots/demobots-tui/internal/project"
)

// placeholders are the template placeholders with a cheap path; any other
// gofakeit function ({number:1,10}, {hackerphrase}…) goes through
// gofakeit's template engine, which is much slower.
var placeholders = map[string]func(f *gofakeit.Faker) string{
	"firstname": namedText["first_name"],
	"lastname":  namedText["last_name"],
	"name":      namedText["full_name"],
	"email":     namedText["email"],
	"username":  namedText["username"],
	"city":      namedText["city"],
	"country":   namedText["country"],
	"state":     namedText["state"],
	"zip":       namedText["zip"],
	"street":    func(f *gofakeit.Faker) string { return f.Street() },
	"phone":     namedText["phone"],
	"company":   namedText["company"],
	"jobtitle":  namedText["job_title"],
	"word":      namedText["word"],
	"color":     namedText["color"],
	"uuid":      func(f *gofakeit.Faker) string { return f.UUID() },
}

// segment is a piece of a parsed template: literal text, the row number,
// or a placeholder.
type segment struct {
	text string
	row  bool
	fn   func(f *gofakeit.Faker) string
	slow string // a placeholder for gofakeit's engine, braces included
}

func parseTemplate(t string) ([]segment, error) {
	var out []segment
	for t != "" {
		open := strings.IndexByte(t, '{')
		if open < 0 {
			out = append(out, segment{text: t})
			break
		}
		if open > 0 {
			out = append(out, segment{text: t[:open]})
		}
		end := strings.IndexByte(t[open:], '}')
		if end < 0 {
			return nil, fmt.Errorf("template: %q has a { without }", t[open:])
		}
		inner := t[open+1 : open+end]
		name, _, _ := strings.Cut(inner, ":")
		switch fn := placeholders[inner]; {
		case inner == "row":
			out = append(out, segment{row: true})
		case fn != nil:
			out = append(out, segment{fn: fn})
		case gofakeit.GetFuncLookup(name) != nil:
			out = append(out, segment{slow: "{" + inner + "}"})
		default:
			return nil, fmt.Errorf("template: unknown placeholder {%s}", inner)
		}
		t = t[open+end+1:]
	}
	return out, nil
}

func buildTemplate(c Column, s *project.SeedColumn, rows int64) (Gen, error) {
	if c.family() != famText {
		return nil, wrongType("template", c)
	}
	segs, err := parseTemplate(s.Template)
	if err != nil {
		return nil, err
	}
	if err := uniqueFits(c, rows, s.Unique); err != nil {
		return nil, err
	}
	// With {row} the text is unique as long as it is not cut; a cut or a
	// template without {row} gets uniqueText's suffix.
	hasRow := false
	for _, sg := range segs {
		hasRow = hasRow || sg.row
	}
	limit, unique := c.maxLen(), s.Unique
	return func(w Writer, f *gofakeit.Faker, row int64) {
		var b strings.Builder
		for _, sg := range segs {
			switch {
			case sg.row:
				b.WriteString(strconv.FormatInt(row+1, 10))
			case sg.fn != nil:
				b.WriteString(sg.fn(f))
			case sg.slow != "":
				v, _ := f.Generate(sg.slow) // checked by parseTemplate
				b.WriteString(v)
			default:
				b.WriteString(sg.text)
			}
		}
		v := b.String()
		switch {
		case unique && (!hasRow || fit(v, limit) != v):
			w.Str(uniqueText(v, row, limit))
		default:
			w.Str(fit(v, limit))
		}
	}, nil
}
