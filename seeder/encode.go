package seeder

import (
	"io"
	"strconv"
)

// rowWriter receives generated rows one value at a time, in column order,
// each row closed by EndRow. Its implementations encode rows for LOAD DATA
// (tsvWriter), for multi-row INSERTs (batchWriter) and for checksums.
type rowWriter interface {
	Int(v int64)
	Str(s string)
	DateTime(unix int64) // a DATETIME, UTC seconds
	Date(unix int64)     // a DATE, UTC midnight
	Hundredths(v int64)  // a number with two decimals, v/100
	Null()               // SQL NULL
	EndRow() error
}

// tsvWriter encodes rows in LOAD DATA's default format (tab-separated
// fields, newline-terminated lines, backslash escapes) and writes them out
// in chunks of about 64 KiB.
type tsvWriter struct {
	w     io.Writer
	buf   []byte
	first bool
	rows  int64
	// onRow, when set, is called after each row with the rows so far.
	onRow func(rows int64)
}

const tsvChunk = 64 << 10

func newTSVWriter(w io.Writer) *tsvWriter {
	return &tsvWriter{w: w, buf: make([]byte, 0, tsvChunk+1024), first: true}
}

func (t *tsvWriter) sep() {
	if !t.first {
		t.buf = append(t.buf, '\t')
	}
	t.first = false
}

func (t *tsvWriter) Int(v int64) { t.sep(); t.buf = strconv.AppendInt(t.buf, v, 10) }

func (t *tsvWriter) Str(s string) {
	t.sep()
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\t':
			t.buf = append(t.buf, '\\', 't')
		case '\n':
			t.buf = append(t.buf, '\\', 'n')
		case '\\':
			t.buf = append(t.buf, '\\', '\\')
		default:
			t.buf = append(t.buf, c)
		}
	}
}

// Null writes LOAD DATA's NULL, \N.
func (t *tsvWriter) Null() { t.sep(); t.buf = append(t.buf, '\\', 'N') }

func (t *tsvWriter) DateTime(unix int64) { t.sep(); t.buf = appendDateTime(t.buf, unix) }
func (t *tsvWriter) Date(unix int64)     { t.sep(); t.buf = appendDate(t.buf, unix) }
func (t *tsvWriter) Hundredths(v int64)  { t.sep(); t.buf = appendHundredths(t.buf, v) }

func (t *tsvWriter) EndRow() error {
	t.buf = append(t.buf, '\n')
	t.first = true
	t.rows++
	if t.onRow != nil {
		t.onRow(t.rows)
	}
	if len(t.buf) >= tsvChunk {
		return t.Flush()
	}
	return nil
}

// Flush writes out what is buffered.
func (t *tsvWriter) Flush() error {
	if len(t.buf) == 0 {
		return nil
	}
	_, err := t.w.Write(t.buf)
	t.buf = t.buf[:0]
	return err
}

// appendDateTime appends unix (UTC) as "YYYY-MM-DD hh:mm:ss".
func appendDateTime(b []byte, unix int64) []byte {
	b = appendDate(b, unix)
	s := unix % 86400
	if s < 0 {
		s += 86400
	}
	b = append(b, ' ')
	b = append2(b, s/3600)
	b = append(b, ':')
	b = append2(b, s/60%60)
	b = append(b, ':')
	return append2(b, s%60)
}

// appendDate appends the UTC date of unix as "YYYY-MM-DD", with the civil
// calendar algorithm of Howard Hinnant (faster than time.Format, and the
// load formats millions of them).
func appendDate(b []byte, unix int64) []byte {
	days := unix / 86400
	if unix%86400 < 0 {
		days--
	}
	z := days + 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	b = append2(b, y/100)
	b = append2(b, y%100)
	b = append(b, '-')
	b = append2(b, m)
	b = append(b, '-')
	return append2(b, d)
}

func append2(b []byte, v int64) []byte {
	return append(b, byte('0'+v/10), byte('0'+v%10))
}

// appendHundredths appends v/100 with exactly two decimals.
func appendHundredths(b []byte, v int64) []byte {
	if v < 0 {
		b = append(b, '-')
		v = -v
	}
	b = strconv.AppendInt(b, v/100, 10)
	b = append(b, '.')
	return append2(b, v%100)
}
