package colgen

import (
	"strings"

	"github.com/demobots/demobots-tui/internal/project"
)

// auto chooses col's generator by its name and type, as drizzle-seed
// does: an email column gets emails, a price two-decimal prices, a
// created_at a moment in the past, and any other column values of its
// type within its length and range.
func auto(c Column, rows int64) (Gen, error) {
	name := strings.ToLower(c.Name)
	spec := &project.SeedColumn{Precision: -1, Unique: c.Unique}
	switch c.family() {
	case famInt:
		if (strings.HasPrefix(c.ColumnType, "tinyint(1)") || isFlag(name)) && !c.Unique {
			return intGen(0, 1, false), nil
		}
		lo, hi := intRangeFor(name)
		tlo, thi := c.IntRange()
		lo, hi = max(lo, tlo), min(hi, thi)
		if c.Unique {
			lo = max(tlo, 1)
			hi = min(thi, lo+max(rows, hi-lo+1)-1)
			if span(lo, hi) < uint64(rows) {
				return nil, tooFew(c.ColumnType, span(lo, hi), rows)
			}
		}
		return intGen(lo, hi, c.Unique), nil
	case famDecimal:
		if c.Unique {
			return buildInt(c, spec, rows)
		}
		if hasAny(name, "price", "amount", "cost", "total", "balance", "salary", "fee") {
			spec.Min, spec.Max = "1", "999"
		}
		if _, hi, _ := intLimits(c); hi < 999 {
			spec.Min, spec.Max = "", ""
		}
		return buildNumber(c, spec, rows)
	case famFloat:
		if c.Unique { // integers: exact in a FLOAT up to 2^24
			return buildInt(c, spec, rows)
		}
		return buildNumber(c, spec, rows)
	case famYear:
		if c.Unique {
			spec.Min, spec.Max = "1901", "2155"
		} else {
			spec.Min, spec.Max = "1950", "2025"
		}
		return buildInt(c, spec, rows)
	case famBit:
		return bitGen(c, c.Unique, rows)
	case famDate:
		lo, hi := pastFrom, pastUntil
		if hasAny(name, "birth", "dob", "born") {
			lo, hi = birthFrom, birthTo
		}
		if c.Unique && (hi-lo)/86400 < rows {
			lo, hi = day(1900, 1, 1), dateMax
		}
		return dateGen(lo, hi, c.Unique, rows)
	case famDateTime, famTimestamp:
		return dateTimeGen(pastFrom, pastUntil, c.Unique, rows)
	case famTime:
		return timeGen(c.Unique, rows)
	case famText:
		return textGen(c, textKind(c, name), rows, c.Unique)
	case famBinary:
		return bytesGen(c, c.Unique, rows)
	case famEnum:
		return enumGen(c, c.Unique, rows)
	case famSet:
		return setGen(c, c.Unique, rows)
	case famJSON:
		return jsonGen, nil
	case famSpatial:
		return spatialGen(c), nil
	}
	return nil, wrongType("(chosen by type)", c)
}

func hasAny(name string, parts ...string) bool {
	for _, p := range parts {
		if strings.Contains(name, p) {
			return true
		}
	}
	return false
}

func isFlag(name string) bool {
	return strings.HasPrefix(name, "is_") || strings.HasPrefix(name, "has_") || hasAny(name, "active", "enabled", "deleted", "verified")
}

// intRangeFor is the range an integer column's name suggests.
func intRangeFor(name string) (lo, hi int64) {
	switch {
	case name == "age" || strings.HasSuffix(name, "_age"):
		return 18, 90
	case hasAny(name, "year"):
		return 1950, 2025
	case hasAny(name, "rating", "stars"):
		return 1, 5
	case hasAny(name, "quantity", "qty", "stock", "count"):
		return 0, 500
	case hasAny(name, "price", "amount", "cost", "total", "salary"):
		return 1, 10000
	}
	return 1, 100000
}

// personTables hold people: their name column gets a person's name.
var personTables = []string{"user", "person", "people", "customer", "employee", "author", "member", "staff", "student", "contact", "manager", "player"}

// textKind picks the named text generator for a text column.
func textKind(c Column, name string) string {
	switch {
	case hasAny(name, "email", "e_mail"):
		return "email"
	case hasAny(name, "first_name", "firstname", "fname", "given_name"):
		return "first_name"
	case hasAny(name, "last_name", "lastname", "surname", "lname", "family_name"):
		return "last_name"
	case hasAny(name, "full_name", "fullname", "display_name"):
		return "full_name"
	case hasAny(name, "username", "user_name", "login", "nickname", "handle"):
		return "username"
	case hasAny(name, "city", "town"):
		return "city"
	case hasAny(name, "country_code"):
		return "country_code"
	case hasAny(name, "country"):
		return "country"
	case hasAny(name, "state", "province", "region"):
		return "state"
	case hasAny(name, "zip", "postal", "postcode"):
		return "zip"
	case hasAny(name, "street", "address"):
		return "address"
	case hasAny(name, "phone", "mobile", "tel", "fax"):
		return "phone"
	case hasAny(name, "url", "website", "homepage", "link", "avatar", "image"):
		return "url"
	case hasAny(name, "company", "organization", "organisation", "employer"):
		return "company"
	case hasAny(name, "job", "position", "role"):
		return "job_title"
	case hasAny(name, "description", "bio", "comment", "note", "body", "content", "text", "message", "summary", "review"):
		if c.maxLen() >= 500 {
			return "paragraph"
		}
		return "sentence"
	case hasAny(name, "title", "subject", "headline"):
		return "title"
	case hasAny(name, "colour", "color"):
		return "color"
	case hasAny(name, "currency"):
		return "currency"
	case name == "ip" || strings.HasSuffix(name, "_ip") || hasAny(name, "ip_address"):
		return "ip"
	case hasAny(name, "slug"):
		return "slug"
	case hasAny(name, "code", "sku"):
		return "code"
	case name == "name" || strings.HasSuffix(name, "_name"):
		if hasAny(strings.ToLower(c.Table), personTables...) {
			return "full_name"
		}
		return "name"
	case c.maxLen() <= 12:
		return "code"
	}
	return "sentence"
}
