package tui

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/demobots/demobots-tui/store"
)

// TestMain keeps every test of the package away from the real state
// directory: the console writes its history under XDG_STATE_HOME.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "tui-state-")
	if err != nil {
		panic(err)
	}
	if err := os.Setenv("XDG_STATE_HOME", dir); err != nil {
		panic(err)
	}
	code := m.Run()
	_ = os.RemoveAll(dir)
	os.Exit(code)
}

// The fake store's console: sessions that serve SELECT * FROM a table from
// the fake's tables (or from a generated stream), and count writes without
// changing anything.

// fakeStream is a generated result: n rows made on demand, so a test can
// stream far more rows than it could hold.
type fakeStream struct {
	cols []store.Column
	n    int
	row  func(i int) store.Row
}

// fakeConsole is the console state a fakeStore keeps for its sessions.
type fakeConsole struct {
	mu         sync.Mutex
	streams    map[string]*fakeStream
	queries    []string // statements run, in order
	explainErr error    // Explain fails with it (like the embedded engine)
	failOn     string   // a statement containing it fails
	committed  int64    // rows committed
	rolledBack int64    // rows rolled back
	sessions   int      // sessions opened
	closed     int      // sessions closed
	cancels    int      // statements stopped by their context (a KILL)
	generated  int      // rows a stream has made so far
}

func (f *fakeStore) console() *fakeConsole {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.con == nil {
		f.con = &fakeConsole{streams: map[string]*fakeStream{}}
	}
	return f.con
}

// ColumnNames lists the fake tables' columns.
func (f *fakeStore) ColumnNames(context.Context) (map[string][]string, error) {
	if err := f.fail(); err != nil {
		return nil, err
	}
	out := map[string][]string{}
	for name, t := range f.tables {
		for _, c := range t.info.Columns {
			out[name] = append(out[name], c.Name)
		}
	}
	return out, nil
}

// OpenSession opens a fake console session.
func (f *fakeStore) OpenSession(context.Context) (Session, error) {
	if err := f.fail(); err != nil {
		return nil, err
	}
	con := f.console()
	con.mu.Lock()
	con.sessions++
	con.mu.Unlock()
	return &fakeSession{st: f, con: con}, nil
}

type fakeSession struct {
	whole   bool // results carry long values whole
	st      *fakeStore
	con     *fakeConsole
	mu      sync.Mutex
	tx      bool
	changed int64
	closed  bool
}

var _ Session = (*fakeSession)(nil)

func (s *fakeSession) Query(ctx context.Context, text string) (ResultStream, error) {
	st := store.Classify(text)
	con := s.con
	con.mu.Lock()
	con.queries = append(con.queries, st.Text)
	failOn := con.failOn
	con.mu.Unlock()
	if failOn != "" && strings.Contains(st.Text, failOn) {
		return nil, fmt.Errorf("store: run %s: %s: fake failure", st.Verb, failOn)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch st.Kind {
	case store.KindWrite:
		n := int64(1)
		if st.NoWhere && len(st.Tables) > 0 {
			if t, ok := s.st.tables[st.Tables[0]]; ok {
				n = int64(len(t.rows))
			}
		}
		s.tx = true
		s.changed += n
		return &fakeResult{stmt: st, affected: n, inTx: true, done: true}, nil
	case store.KindDDL:
		if s.tx {
			return nil, fmt.Errorf("store: run %s: %w", st.Verb, store.ErrBadQuery)
		}
		return &fakeResult{stmt: st, done: true}, nil
	case store.KindTransaction:
		commit := st.Verb == "COMMIT"
		n := s.end(commit)
		return &fakeResult{stmt: st, affected: n, done: true}, nil
	}
	return s.read(ctx, st)
}

// read serves SELECT * FROM t from the fake's tables or streams; the table
// "slow" never answers until its context ends.
func (s *fakeSession) read(ctx context.Context, st store.Classified) (ResultStream, error) {
	if len(st.Tables) == 0 {
		return &fakeResult{stmt: st, cols: []store.Column{col("1", "bigint")}, rows: []store.Row{intRow(1)}}, nil
	}
	name := st.Tables[0]
	if name == "slow" {
		<-ctx.Done()
		s.con.mu.Lock()
		s.con.cancels++
		s.con.mu.Unlock()
		return nil, fmt.Errorf("store: run SELECT: %w", &store.Error{Kind: store.ErrCanceled, Msg: "cancelled: the server stopped the query"})
	}
	s.con.mu.Lock()
	stream := s.con.streams[name]
	s.con.mu.Unlock()
	if stream != nil {
		return &fakeResult{stmt: st, cols: stream.cols, stream: stream, con: s.con}, nil
	}
	t, ok := s.st.tables[name]
	if !ok {
		return nil, fmt.Errorf("store: run SELECT: %w", &store.Error{Kind: store.ErrNoTable, Msg: fmt.Sprintf("table %q does not exist", name)})
	}
	cols, idx := selectList(st.Text, t.info.Columns)
	rows := make([]store.Row, len(t.rows))
	for i, r := range t.rows {
		rows[i] = make(store.Row, len(idx))
		for j, k := range idx {
			rows[i][j] = r[k]
		}
	}
	return &fakeResult{stmt: st, cols: cols, rows: rows}, nil
}

// selectList picks the columns a simple select list names (SELECT a, b
// FROM ...; * is every column), by position in cols.
func selectList(text string, cols []store.Column) ([]store.Column, []int) {
	upper := strings.ToUpper(text)
	from := strings.Index(upper, " FROM ")
	list := strings.TrimSpace(text[len("SELECT"):max(from, len("SELECT"))])
	var outCols []store.Column
	var idx []int
	for _, name := range strings.Split(list, ",") {
		name = strings.Trim(strings.TrimSpace(name), "`")
		for i, c := range cols {
			if name == "*" || strings.EqualFold(c.Name, name) {
				outCols = append(outCols, c)
				idx = append(idx, i)
			}
		}
	}
	return outCols, idx
}

func (s *fakeSession) Explain(_ context.Context, text string) (ResultStream, error) {
	if err := s.con.explainErr; err != nil {
		return nil, err
	}
	st := store.Classify(text)
	return &fakeResult{stmt: store.Classified{Text: "EXPLAIN " + st.Text, Kind: store.KindRead, Verb: "EXPLAIN"},
		cols: []store.Column{col("id", "bigint"), col("table", "varchar"), col("type", "varchar")},
		rows: []store.Row{intRow(1, strings.Join(st.Tables, ","), "ALL")}}, nil
}

func (s *fakeSession) end(commit bool) int64 {
	n := s.changed
	s.tx, s.changed = false, 0
	s.con.mu.Lock()
	if commit {
		s.con.committed += n
	} else {
		s.con.rolledBack += n
	}
	s.con.mu.Unlock()
	return n
}

func (s *fakeSession) Commit(context.Context) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.end(true), nil
}

func (s *fakeSession) Rollback(context.Context) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.end(false), nil
}

func (s *fakeSession) SetWholeValues(on bool) { s.whole = on }

func (s *fakeSession) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	if s.tx {
		s.end(false)
	}
	s.con.mu.Lock()
	s.con.closed++
	s.con.mu.Unlock()
	return nil
}

// fakeResult serves rows from a slice or a generated stream.
type fakeResult struct {
	stmt     store.Classified
	cols     []store.Column
	rows     []store.Row
	stream   *fakeStream
	con      *fakeConsole
	pos      int
	affected int64
	inTx     bool
	done     bool
	closed   bool
}

func (r *fakeResult) Columns() []store.Column     { return r.cols }
func (r *fakeResult) Statement() store.Classified { return r.stmt }
func (r *fakeResult) RowsAffected() int64         { return r.affected }
func (r *fakeResult) InTransaction() bool         { return r.inTx }
func (r *fakeResult) Done() bool                  { return r.done }

func (r *fakeResult) total() int {
	if r.stream != nil {
		return r.stream.n
	}
	return len(r.rows)
}

func (r *fakeResult) rowAt(i int) store.Row {
	if r.stream != nil {
		r.con.mu.Lock()
		r.con.generated++
		r.con.mu.Unlock()
		return r.stream.row(i)
	}
	return r.rows[i]
}

func (r *fakeResult) NextWithin(_ context.Context, n int, _ time.Duration) ([]store.Row, error) {
	var out []store.Row
	for len(out) < n && r.pos < r.total() {
		out = append(out, r.rowAt(r.pos))
		r.pos++
	}
	if r.pos >= r.total() {
		r.done = true
	}
	return out, nil
}

func (r *fakeResult) Skip(_ context.Context, n int64) (int64, error) {
	var k int64
	for (n < 0 || k < n) && r.pos < r.total() {
		r.pos++
		k++
	}
	if r.pos >= r.total() {
		r.done = true
	}
	return k, nil
}

func (r *fakeResult) Close() error {
	r.closed = true
	return nil
}

// queriesRun lists the statements the fake's sessions ran.
func (f *fakeStore) queriesRun() []string {
	con := f.console()
	con.mu.Lock()
	defer con.mu.Unlock()
	return append([]string(nil), con.queries...)
}

// addStream registers a generated result: SELECT * FROM name streams n
// rows of an id and a text column.
func (f *fakeStore) addStream(name string, n int) {
	con := f.console()
	con.mu.Lock()
	defer con.mu.Unlock()
	con.streams[name] = &fakeStream{
		cols: []store.Column{col("id", "bigint"), col("label", "varchar")},
		n:    n,
		row:  func(i int) store.Row { return intRow(i+1, fmt.Sprintf("row %d", i+1)) },
	}
}
