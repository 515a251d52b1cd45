// Package humanize formats numbers, sizes, durations and progress bars for
// people: the one place the command line and the terminal UI share, so that
// both write 3,200,005 rows, 1 row and 16.0 MiB the same way.
package humanize

import (
	"strconv"
	"strings"
	"time"
)

// Thousands writes n with comma separators: 3200005 -> "3,200,005".
func Thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// Plural writes a count and a noun that takes an "s" in the plural:
// "1 row", "0 rows", "2,500 rows".
func Plural(n int64, word string) string {
	return PluralOf(n, word, word+"s")
}

// PluralOf writes a count with the singular or the plural form given:
// PluralOf(1, "entry", "entries") is "1 entry".
func PluralOf(n int64, one, many string) string {
	if n == 1 || n == -1 {
		return Thousands(n) + " " + one
	}
	return Thousands(n) + " " + many
}

// Compact writes n in at most 6 columns: 999, 12,345, 123.4k, 12.3M, 1.2G.
func Compact(n int64) string {
	switch {
	case n < 100_000:
		return Thousands(n)
	case n < 1_000_000:
		return strconv.FormatFloat(float64(n)/1e3, 'f', 1, 64) + "k"
	case n < 1_000_000_000:
		return strconv.FormatFloat(float64(n)/1e6, 'f', 1, 64) + "M"
	}
	return strconv.FormatFloat(float64(n)/1e9, 'f', 1, 64) + "G"
}

// Bytes writes a size in bytes with binary units: "512 B", "1.5 KiB",
// "16.0 MiB", "2.3 GiB".
func Bytes(n int64) string {
	const k = 1024
	switch {
	case n < k:
		return strconv.FormatInt(n, 10) + " B"
	case n < k*k:
		return strconv.FormatFloat(float64(n)/k, 'f', 1, 64) + " KiB"
	case n < k*k*k:
		return strconv.FormatFloat(float64(n)/(k*k), 'f', 1, 64) + " MiB"
	}
	return strconv.FormatFloat(float64(n)/(k*k*k), 'f', 1, 64) + " GiB"
}

// Elapsed writes a running time the way a progress line shows it: tenths of
// a second below a minute ("4.2s"), then minutes and seconds ("3m05s"),
// then hours and minutes ("1h02m").
func Elapsed(d time.Duration) string {
	switch {
	case d < 0:
		d = 0
		fallthrough
	case d < time.Minute:
		return strconv.FormatFloat(d.Seconds(), 'f', 1, 64) + "s"
	case d < time.Hour:
		s := int(d.Round(time.Second).Seconds())
		return strconv.Itoa(s/60) + "m" + pad2(s%60) + "s"
	}
	m := int(d.Round(time.Minute).Minutes())
	return strconv.Itoa(m/60) + "h" + pad2(m%60) + "m"
}

// About writes a rough duration in words, singular where it is one:
// "about 1 second", "about 40 seconds", "about 12 minutes", "about 1 hour".
func About(d time.Duration) string {
	secs := int64(d.Round(time.Second).Seconds())
	switch {
	case secs < 90:
		return "about " + Plural(max(secs, 1), "second")
	case secs < 90*60:
		return "about " + Plural(secs/60, "minute")
	}
	return "about " + Plural((secs+1800)/3600, "hour")
}

func pad2(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// Bar draws a progress bar of width cells for frac in [0, 1] and returns
// its filled and empty parts, so a caller can style them apart.
func Bar(frac float64, width int) (filled, empty string) {
	frac = max(0, min(frac, 1))
	width = max(width, 1)
	full := int(frac*float64(width) + 0.5)
	return strings.Repeat("█", full), strings.Repeat("░", width-full)
}

// Percent writes frac in [0, 1] as a right-aligned percentage: " 42%".
func Percent(frac float64) string {
	frac = max(0, min(frac, 1))
	s := strconv.Itoa(int(frac*100+0.5)) + "%"
	return strings.Repeat(" ", max(4-len(s), 0)) + s
}
