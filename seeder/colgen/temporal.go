package colgen

import (
	"fmt"
	"strconv"
	"time"

	"github.com/brianvoe/gofakeit/v7"

	"github.com/demobots/demobots-tui/internal/project"
)

// The ranges of the temporal types, in UTC Unix seconds. TIMESTAMP's
// ends are kept a day inside its real ones (1970-01-01 00:00:01 to
// 2038-01-19 03:14:07 UTC): the server reads the text in the session's
// time zone.
var (
	dateMin      = day(1000, 1, 1)
	dateMax      = day(9999, 12, 31) + 86399
	timestampMin = day(1970, 1, 2)
	timestampMax = day(2038, 1, 18) + 86399
	// Values chosen by the column's name lie in the past.
	pastFrom  = day(2015, 1, 1)
	pastUntil = day(2025, 12, 31) + 86399
	birthFrom = day(1950, 1, 1)
	birthTo   = day(2005, 12, 31)
)

// maxTime is TIME's largest value, 838:59:59, in seconds.
const maxTime = 838*3600 + 59*60 + 59

func day(y int, m time.Month, d int) int64 { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() }

// parseWhen reads YYYY-MM-DD or YYYY-MM-DD hh:mm:ss as UTC.
func parseWhen(key, s string, withTime bool) (int64, error) {
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t.Unix(), nil
	}
	if withTime {
		if t, err := time.Parse(time.DateTime, s); err == nil {
			return t.Unix(), nil
		}
		return 0, fmt.Errorf("%s: %q is not YYYY-MM-DD[ hh:mm:ss]", key, s)
	}
	return 0, fmt.Errorf("%s: %q is not YYYY-MM-DD", key, s)
}

// timeLimits is the range col holds for gen ("date" or "datetime").
func timeLimits(c Column, gen string) (lo, hi int64, err error) {
	switch c.family() {
	case famDate:
		if gen == "datetime" {
			return 0, 0, fmt.Errorf("generator \"datetime\": column %s is a DATE (use generator \"date\")", c.Name)
		}
		return dateMin, dateMax, nil
	case famDateTime:
		return dateMin, dateMax, nil
	case famTimestamp:
		return timestampMin, timestampMax, nil
	case famText:
		if c.maxLen() >= 19 || gen == "date" && c.maxLen() >= 10 {
			return dateMin, dateMax, nil
		}
	case famTime:
		return 0, 0, fmt.Errorf("generator %q: column %s is a TIME, which holds no date", gen, c.Name)
	}
	return 0, 0, wrongType(gen, c)
}

func buildDate(c Column, s *project.SeedColumn, rows int64) (Gen, error) {
	return buildWhen(c, s, rows, "date")
}

func buildDateTime(c Column, s *project.SeedColumn, rows int64) (Gen, error) {
	return buildWhen(c, s, rows, "datetime")
}

func buildWhen(c Column, s *project.SeedColumn, rows int64, gen string) (Gen, error) {
	tlo, thi, err := timeLimits(c, gen)
	if err != nil {
		return nil, err
	}
	withTime := gen == "datetime"
	lo, hi := pastFrom, pastUntil
	if s.Min != "" {
		if lo, err = parseWhen("min", s.Min, withTime); err != nil {
			return nil, err
		}
	}
	if s.Max != "" {
		if hi, err = parseWhen("max", s.Max, withTime); err != nil {
			return nil, err
		}
		if !withTime {
			hi += 86399
		}
	}
	switch {
	case lo > hi:
		return nil, fmt.Errorf("min %s is greater than max %s", s.Min, s.Max)
	case lo < tlo || hi > thi:
		return nil, fmt.Errorf("range %s..%s does not fit column %s of type %s (%s..%s)",
			fmtWhen(lo, withTime), fmtWhen(hi, withTime), c.Name, c.ColumnType, fmtWhen(tlo, withTime), fmtWhen(thi, withTime))
	}
	if !withTime {
		return dateGen(lo, hi, s.Unique, rows)
	}
	return dateTimeGen(lo, hi, s.Unique, rows)
}

func fmtWhen(unix int64, withTime bool) string {
	if withTime {
		return time.Unix(unix, 0).UTC().Format(time.DateTime)
	}
	return time.Unix(unix, 0).UTC().Format(time.DateOnly)
}

// dateGen draws days from lo..hi (Unix seconds).
func dateGen(lo, hi int64, unique bool, rows int64) (Gen, error) {
	dlo, dhi := floorDiv(lo, 86400), floorDiv(hi, 86400)
	if unique && span(dlo, dhi) < uint64(rows) {
		return nil, tooFew(fmt.Sprintf("dates %s..%s", fmtWhen(lo, false), fmtWhen(hi, false)), span(dlo, dhi), rows)
	}
	days := intGen(dlo, dhi, unique)
	return func(w Writer, f *gofakeit.Faker, row int64) {
		var c capture
		days(&c, f, row)
		w.Date(c.i * 86400)
	}, nil
}

// dateTimeGen draws seconds from lo..hi.
func dateTimeGen(lo, hi int64, unique bool, rows int64) (Gen, error) {
	if unique && span(lo, hi) < uint64(rows) {
		return nil, tooFew(fmt.Sprintf("datetimes %s..%s", fmtWhen(lo, true), fmtWhen(hi, true)), span(lo, hi), rows)
	}
	secs := intGen(lo, hi, unique)
	return func(w Writer, f *gofakeit.Faker, row int64) {
		var c capture
		secs(&c, f, row)
		w.DateTime(c.i)
	}, nil
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b < 0 {
		q--
	}
	return q
}

// timeGen draws a TIME of day (unique ones from the whole TIME range).
func timeGen(unique bool, rows int64) (Gen, error) {
	hi := int64(86399)
	if unique {
		hi = maxTime
		if rows > maxTime+1 {
			return nil, tooFew("TIME", maxTime+1, rows)
		}
	}
	secs := intGen(0, hi, unique)
	return func(w Writer, f *gofakeit.Faker, row int64) {
		var c capture
		secs(&c, f, row)
		w.Str(formatTime(c.i))
	}, nil
}

// formatTime writes seconds as hh:mm:ss (hours may exceed 24).
func formatTime(s int64) string {
	b := make([]byte, 0, 9)
	h := s / 3600
	if h < 10 {
		b = append(b, '0')
	}
	b = strconv.AppendInt(b, h, 10)
	b = append(b, ':', byte('0'+s/600%6), byte('0'+s/60%10), ':', byte('0'+s%60/10), byte('0'+s%10))
	return string(b)
}
