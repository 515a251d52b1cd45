package seeder

import "time"

// EmbeddedRowsPerSecond is about how many rows the embedded in-memory engine
// loads per second with its foreign keys checked (25,000 rows took about
// 45 s when measured). The command line and the terminal UI both warn
// before a seed that would take the engine longer than EmbeddedSlowAfter.
const EmbeddedRowsPerSecond = 550

// EmbeddedSlowAfter is how long a seed on the embedded engine may take
// before the user is warned and pointed at a real server.
const EmbeddedSlowAfter = 30 * time.Second

// EmbeddedEstimate is about how long the embedded engine takes to load the
// dataset o describes, and whether that is long enough to warn about.
func EmbeddedEstimate(o Options) (time.Duration, bool) {
	d := time.Duration(o.TotalRows()/EmbeddedRowsPerSecond) * time.Second
	return d, d > EmbeddedSlowAfter
}
