package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/demobots/demobots-tui/internal/testdb"
	"github.com/demobots/demobots-tui/store"
)

// The benchmark database is kept between runs (it takes a while to load):
// drop it by hand to rebuild it (DROP DATABASE demobots_bench).
const (
	benchDB       = "demobots_bench"
	benchUsers    = 1_000
	benchSessions = 20_000    // 20 per user
	benchScores   = 1_000_000 // 50 per session
	benchVersion  = 1         // bump when the generated data changes
)

// BenchmarkRows times page fetches on a 1,000,000-row scores table: the
// first page, a page at depth ~1,000,000 by keyset and (for comparison) by
// OFFSET, sorted and filtered pages, and the user summary. It needs a real
// server (TEST_DATABASE_URL).
func BenchmarkRows(b *testing.B) {
	st, info := benchStore(b, benchDB, "scores", ensureBenchData)
	ctx := context.Background()
	const limit = 100
	// deep returns a query for the page that starts ~limit*2 rows before
	// the end of q's order: the Start of a 2-page "last page".
	deep := func(q store.RowQuery) store.RowQuery {
		q.Limit, q.Last = 2*limit, true
		p, err := st.RowsOf(ctx, info, q)
		if err != nil {
			b.Fatal(err)
		}
		q.Limit, q.Last, q.After = limit, false, &p.Start
		return q
	}
	byScore := &store.Sort{Column: "score"}
	level3 := []store.Filter{{Column: "level_id", Op: store.OpEq, Value: "3"}}
	cases := []struct {
		name string
		q    store.RowQuery
	}{
		{"first_page", store.RowQuery{Limit: limit}},
		{"page_at_depth_1M", deep(store.RowQuery{})},
		{"last_page", store.RowQuery{Limit: limit, Last: true}},
		{"sorted_first_page", store.RowQuery{Limit: limit, Sort: byScore}},
		{"sorted_page_at_depth_1M", deep(store.RowQuery{Sort: byScore})},
		{"filtered_first_page", store.RowQuery{Limit: limit, Filters: level3}},
		{"filtered_page_at_depth", deep(store.RowQuery{Filters: level3})},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				p, err := st.RowsOf(ctx, info, c.q)
				if err != nil || len(p.Rows) != limit {
					b.Fatalf("%v, %d rows", err, len(p.Rows))
				}
			}
		})
	}
	b.Run("rows_with_describe_first_page", func(b *testing.B) {
		for b.Loop() {
			if _, err := st.Rows(ctx, store.RowQuery{Table: "scores", Limit: limit}); err != nil {
				b.Fatal(err)
			}
		}
	})
	// What an OFFSET-based explorer pays for the same depth.
	offsetSQL := fmt.Sprintf("SELECT id, session_id, level_id, created_at, score, time_taken, accuracy FROM scores ORDER BY id LIMIT %d OFFSET %d", limit+1, benchScores-2*limit)
	b.Run("offset_page_at_depth_1M", func(b *testing.B) {
		for b.Loop() {
			drain(b, st.DB(), offsetSQL)
		}
	})
	b.Run("offset_sorted_page_at_depth_1M", func(b *testing.B) {
		q := strings.Replace(offsetSQL, "ORDER BY id", "ORDER BY score, id", 1)
		for b.Loop() {
			drain(b, st.DB(), q)
		}
	})
	b.Run("user_summary", func(b *testing.B) {
		for b.Loop() {
			s, err := st.UserSummary(ctx, benchUsers/2)
			if err != nil || len(s.Sessions) != benchSessions/benchUsers || s.Sessions[0].Scores != benchScores/benchSessions {
				b.Fatalf("%v %+v", err, s)
			}
		}
	})
	// Describe and the user view read the relation graph: four catalog
	// queries over the whole database.
	b.Run("relation_graph", func(b *testing.B) {
		for b.Loop() {
			if g, err := st.RelationGraph(ctx); err != nil || len(g.Relations) != 4 {
				b.Fatalf("%v %+v", err, g)
			}
		}
	})
	b.Run("describe", func(b *testing.B) {
		for b.Loop() {
			if _, err := st.Describe(ctx, "scores"); err != nil {
				b.Fatal(err)
			}
		}
	})
	// The orphan check reads the whole child table: on request only.
	b.Run("orphans_of_1M_scores", func(b *testing.B) {
		for b.Loop() {
			if n, err := st.Orphans(ctx, info.Outgoing[0]); err != nil || n != 0 {
				b.Fatalf("%v, %d orphans", err, n)
			}
		}
	})
	b.Run("relations_of_user", func(b *testing.B) {
		users, err := st.Describe(ctx, "users")
		if err != nil {
			b.Fatal(err)
		}
		p, err := st.RowsOf(ctx, users, store.RowQuery{Limit: 1, Filters: []store.Filter{{Column: "id", Op: store.OpEq, Value: "500"}}})
		if err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			if _, err := st.Relations(ctx, users, p.Columns, p.Rows[0]); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// benchStore opens a store on database db, which ensure fills first, and
// describes table. Benchmarks need a real server: the embedded engine
// cannot hold their data in reasonable time.
func benchStore(b *testing.B, db, table string, ensure func(*testing.B)) (*store.Store, *store.TableInfo) {
	b.Helper()
	if os.Getenv("TEST_DATABASE_URL") == "" {
		b.Skip("this benchmark needs a real server: set TEST_DATABASE_URL (e.g. mysql://root@127.0.0.1:3306/)")
	}
	ensure(b)
	cfg := testdb.Server(b)
	cfg.DBName = db
	st, err := store.Open(context.Background(), cfg, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	info, err := st.Describe(context.Background(), table)
	if err != nil {
		b.Fatal(err)
	}
	return st, info
}

func drain(b *testing.B, db *sql.DB, query string) {
	rows, err := db.Query(query)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
	}
	if err := rows.Err(); err != nil {
		b.Fatal(err)
	}
}

// ensureBenchData creates demobots_bench with the demobots schema and
// 1,000,000 scores unless a previous run left it complete.
func ensureBenchData(b *testing.B) {
	b.Helper()
	ctx := context.Background()
	root := testdb.Open(b, testdb.Server(b))
	var version int
	err := root.QueryRowContext(ctx, "SELECT version FROM `"+benchDB+"`.bench_meta").Scan(&version)
	if err == nil && version == benchVersion {
		var n int
		if err := root.QueryRowContext(ctx, "SELECT COUNT(*) FROM `"+benchDB+"`.scores").Scan(&n); err == nil && n == benchScores {
			return
		}
	}
	start := time.Now()
	b.Logf("loading %d scores into %s (kept for later runs)...", benchScores, benchDB)
	cfg := testdb.Server(b)
	if _, err := root.ExecContext(ctx, "DROP DATABASE IF EXISTS `"+benchDB+"`"); err != nil {
		b.Fatal(err)
	}
	if _, err := root.ExecContext(ctx, "CREATE DATABASE `"+benchDB+"` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"); err != nil {
		b.Fatal(err)
	}
	cfg.DBName = benchDB
	db := testdb.Open(b, cfg)
	conn, err := db.Conn(ctx) // one session, for the SET below
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close()
	stmts := append([]string{"SET SESSION foreign_key_checks = 0", "SET SESSION unique_checks = 0"}, schemaStatements()...)
	// Ten digits, cross-joined into 0..999999.
	const n6 = "(a.d + 10*b.d + 100*c.d + 1000*e.d + 10000*f.d + 100000*g.d)"
	const from6 = " FROM bench_digits a, bench_digits b, bench_digits c, bench_digits e, bench_digits f, bench_digits g"
	stmts = append(stmts,
		"CREATE TABLE bench_digits (d INT NOT NULL PRIMARY KEY)",
		"INSERT INTO bench_digits VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9)",
		"INSERT INTO levels (id, name, difficulty) VALUES (1,'Beginner',1),(2,'Intermediate',2),(3,'Advanced',3),(4,'Expert',4),(5,'Master',5)",
		fmt.Sprintf("INSERT INTO users (id, created_at, username, date_of_birth) SELECT n+1, TIMESTAMPADD(MINUTE, n, '2025-01-01'), CONCAT('user', n+1), TIMESTAMPADD(DAY, n * 7 %% 4000, '1995-01-01') FROM (SELECT %s AS n %s) x WHERE n < %d", n6, from6, benchUsers),
		"INSERT INTO user_profiles (user_id, first_name, last_name, title) SELECT id, CONCAT('First', id), CONCAT('Last', id), ELT(1 + id % 3, 'Intern', 'Junior', 'Senior') FROM users",
		fmt.Sprintf("INSERT INTO sessions (id, user_id, created_at, duration) SELECT n+1, n DIV %d + 1, TIMESTAMPADD(HOUR, n, '2025-01-02'), 1800 + n * 37 %% 12601 FROM (SELECT %s AS n %s) x WHERE n < %d", benchSessions/benchUsers, n6, from6, benchSessions),
		fmt.Sprintf("INSERT INTO scores (id, session_id, level_id, created_at, score, time_taken, accuracy) SELECT n+1, n DIV %d + 1, n %% 5 + 1, TIMESTAMPADD(MINUTE, n %% %d, TIMESTAMPADD(HOUR, n DIV %d, '2025-01-02')), n * 7919 %% 5001, 60 + n * 31 %% 661, (n * 13 %% 101) / 100 FROM (SELECT %s AS n %s) x", benchScores/benchSessions, benchScores/benchSessions, benchScores/benchSessions, n6, from6),
		"DROP TABLE bench_digits",
		"ANALYZE TABLE users, sessions, scores",
		"CREATE TABLE bench_meta (version INT NOT NULL)",
		fmt.Sprintf("INSERT INTO bench_meta VALUES (%d)", benchVersion),
	)
	for _, s := range stmts {
		if _, err := conn.ExecContext(ctx, s); err != nil {
			b.Fatalf("%.80s: %v", s, err)
		}
	}
	b.Logf("loaded in %s", time.Since(start).Round(time.Millisecond))
}
