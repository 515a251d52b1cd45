package store_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/demobots/demobots-tui/internal/testdb"
	"github.com/demobots/demobots-tui/store"
)

// The huge-cells database is kept between runs (it takes a while to load):
// drop it by hand to rebuild it (DROP DATABASE demobots_bench_cells).
const (
	cellsDB      = "demobots_bench_cells"
	cellsRows    = 110
	cellsBytes   = 16_000_000 // one LONGTEXT value: "16.0 MB"
	cellsVersion = 1          // bump when the generated data changes
)

// BenchmarkHugeCells browses a table of 110 rows of 16 MB LONGTEXT values
// and reports the process's peak RSS (VmHWM), the Go heap in use and the
// bytes a page holds: "page" reads the first and the second page of 100
// rows, "full_value" reads one whole 16 MB value as the record view does.
// Run each case in its own process, since the peak RSS is the process's:
//
//	TEST_DATABASE_URL=mysql://root@127.0.0.1:3306/ go test ./store -run XXX -bench 'BenchmarkHugeCells/page$'
//	TEST_DATABASE_URL=mysql://root@127.0.0.1:3306/ go test ./store -run XXX -bench 'BenchmarkHugeCells/full_value$'
func BenchmarkHugeCells(b *testing.B) {
	st, info := benchStore(b, cellsDB, "docs", ensureCellsData)
	ctx := context.Background()
	b.Run("page", func(b *testing.B) {
		var held int
		for b.Loop() {
			first, err := st.RowsOf(ctx, info, store.RowQuery{Limit: 100})
			if err != nil || len(first.Rows) != 100 {
				b.Fatalf("%v, %d rows", err, len(first.Rows))
			}
			second, err := st.RowsOf(ctx, info, store.RowQuery{Limit: 100, After: &first.End})
			if err != nil || len(second.Rows) != cellsRows-100 {
				b.Fatalf("%v, %d rows", err, len(second.Rows))
			}
			held = pageBytes(first) + pageBytes(second)
		}
		b.ReportMetric(float64(held)/1024, "page-KB")
		reportMemory(b)
	})
	b.Run("full_value", func(b *testing.B) {
		p, err := st.RowsOf(ctx, info, store.RowQuery{Limit: 1})
		if err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			v, err := st.FullValue(ctx, info, p.Columns, p.Rows[0], "body")
			if err != nil || len(v.Bytes) != cellsBytes {
				b.Fatalf("%v, %d bytes", err, len(v.Bytes))
			}
		}
		reportMemory(b)
	})
}

func pageBytes(p *store.RowPage) int {
	n := 0
	for _, r := range p.Rows {
		for _, v := range r {
			n += len(v.Bytes)
		}
	}
	return n
}

// reportMemory reports the process's peak RSS and the Go heap in use.
func reportMemory(b *testing.B) {
	b.Helper()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "heap-MB")
	if kb := vmHWM(); kb > 0 {
		b.ReportMetric(float64(kb)/1024, "peak-RSS-MB")
	}
}

// vmHWM is the peak resident set size of this process in kB, 0 where
// /proc does not say.
func vmHWM() int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			n, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return n
		}
	}
	return 0
}

// ensureCellsData creates demobots_bench_cells with 110 rows of 16 MB
// LONGTEXT unless a previous run left it complete. The server builds each
// value (REPEAT), so no statement needs a big packet.
func ensureCellsData(b *testing.B) {
	b.Helper()
	ctx := context.Background()
	root := testdb.Open(b, testdb.Server(b))
	var version, n int
	if root.QueryRowContext(ctx, "SELECT version FROM `"+cellsDB+"`.bench_meta").Scan(&version) == nil && version == cellsVersion &&
		root.QueryRowContext(ctx, "SELECT COUNT(*) FROM `"+cellsDB+"`.docs").Scan(&n) == nil && n == cellsRows {
		return
	}
	start := time.Now()
	b.Logf("loading %d rows of %d bytes into %s (kept for later runs)...", cellsRows, cellsBytes, cellsDB)
	stmts := []string{
		"DROP DATABASE IF EXISTS `" + cellsDB + "`",
		"CREATE DATABASE `" + cellsDB + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci",
		"CREATE TABLE `" + cellsDB + "`.docs (id INT NOT NULL PRIMARY KEY, title VARCHAR(40) NOT NULL, body LONGTEXT NOT NULL)",
	}
	for i := 1; i <= cellsRows; i++ {
		stmts = append(stmts, fmt.Sprintf("INSERT INTO `%s`.docs VALUES (%d, 'document %d', REPEAT('%c', %d))", cellsDB, i, i, 'a'+i%26, cellsBytes))
	}
	stmts = append(stmts,
		"CREATE TABLE `"+cellsDB+"`.bench_meta (version INT NOT NULL)",
		fmt.Sprintf("INSERT INTO `%s`.bench_meta VALUES (%d)", cellsDB, cellsVersion))
	for _, s := range stmts {
		if _, err := root.ExecContext(ctx, s); err != nil {
			b.Fatalf("%.80s: %v", s, err)
		}
	}
	b.Logf("loaded in %s", time.Since(start).Round(time.Millisecond))
}
