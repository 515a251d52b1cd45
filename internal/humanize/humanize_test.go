package humanize

import (
	"testing"
	"time"
)

func TestThousandsAndPlural(t *testing.T) {
	t.Parallel()
	cases := map[int64]string{0: "0", 7: "7", 999: "999", 1000: "1,000", 3200005: "3,200,005", -1234567: "-1,234,567"}
	for n, want := range cases {
		if got := Thousands(n); got != want {
			t.Errorf("Thousands(%d) = %q, want %q", n, got, want)
		}
	}
	for _, c := range []struct {
		n    int64
		want string
	}{{0, "0 rows"}, {1, "1 row"}, {2, "2 rows"}, {12000, "12,000 rows"}} {
		if got := Plural(c.n, "row"); got != c.want {
			t.Errorf("Plural(%d) = %q, want %q", c.n, got, c.want)
		}
	}
	if got := PluralOf(1, "entry", "entries"); got != "1 entry" {
		t.Errorf("PluralOf = %q", got)
	}
}

func TestCompactBytesAndDurations(t *testing.T) {
	t.Parallel()
	for n, want := range map[int64]string{12345: "12,345", 123456: "123.5k", 12345678: "12.3M", 2_500_000_000: "2.5G"} {
		if got := Compact(n); got != want {
			t.Errorf("Compact(%d) = %q, want %q", n, got, want)
		}
	}
	for n, want := range map[int64]string{0: "0 B", 1023: "1023 B", 1536: "1.5 KiB", 16 << 20: "16.0 MiB", 3 << 30: "3.0 GiB"} {
		if got := Bytes(n); got != want {
			t.Errorf("Bytes(%d) = %q, want %q", n, got, want)
		}
	}
	for d, want := range map[time.Duration]string{400 * time.Millisecond: "0.4s", 4200 * time.Millisecond: "4.2s", 185 * time.Second: "3m05s", 62 * time.Minute: "1h02m"} {
		if got := Elapsed(d); got != want {
			t.Errorf("Elapsed(%v) = %q, want %q", d, got, want)
		}
	}
	for d, want := range map[time.Duration]string{time.Second: "about 1 second", 40 * time.Second: "about 40 seconds", 12 * time.Minute: "about 12 minutes", time.Hour: "about 60 minutes", 3 * time.Hour: "about 3 hours", 100 * time.Minute: "about 2 hours"} {
		if got := About(d); got != want {
			t.Errorf("About(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestBar(t *testing.T) {
	t.Parallel()
	f, e := Bar(0.5, 10)
	if f != "█████" || e != "░░░░░" {
		t.Fatalf("Bar(0.5, 10) = %q %q", f, e)
	}
	if f, e := Bar(2, 4); f != "████" || e != "" {
		t.Fatalf("Bar clamps: %q %q", f, e)
	}
	if got := Percent(0.421); got != " 42%" {
		t.Fatalf("Percent = %q", got)
	}
}
