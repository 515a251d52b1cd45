package seeder_test

import (
	"testing"

	"github.com/demobots/demobots-tui/internal/testdb"
	"github.com/demobots/demobots-tui/seeder"
	"github.com/demobots/demobots-tui/store"
)

// checkStory checks, in SQL, the story the default dataset tells: a user's
// sessions never overlap, users improve from their first session to their
// last, harder levels score lower and take longer, and accuracy follows
// the score.
func checkStory(t *testing.T, st *store.Store, o seeder.Options) {
	t.Helper()
	if n := count(t, st, `SELECT COUNT(*) FROM sessions a JOIN sessions b ON b.user_id = a.user_id AND b.id <> a.id
		WHERE a.created_at < DATE_ADD(b.created_at, INTERVAL b.duration SECOND)
		  AND b.created_at < DATE_ADD(a.created_at, INTERVAL a.duration SECOND)`); n != 0 {
		t.Errorf("%d sessions overlap another session of their user", n)
	}
	if o.SessionsPerUser > 1 && o.ScoresPerSession > 0 {
		// Per mille of users whose last session's mean score is above their
		// first session's.
		// The chain rule of checkRules makes id order time order.
		improved := count(t, st, `SELECT 1000 * SUM(CASE WHEN l.mean > f.mean THEN 1 ELSE 0 END) / COUNT(*)
			FROM (SELECT user_id, MIN(id) AS first_id, MAX(id) AS last_id FROM sessions GROUP BY user_id) u
			JOIN (SELECT session_id, AVG(score) AS mean FROM scores GROUP BY session_id) f ON f.session_id = u.first_id
			JOIN (SELECT session_id, AVG(score) AS mean FROM scores GROUP BY session_id) l ON l.session_id = u.last_id`)
		t.Logf("%.1f %% of users score higher in their last session than in their first", float64(improved)/10)
		if improved < 700 {
			t.Errorf("only %.1f %% of users improve from their first session to their last, want at least 70 %%", float64(improved)/10)
		}
	}
	if o.Levels > 1 && o.ScoresPerSession > 0 {
		perLevel := "(SELECT l.difficulty AS d, AVG(c.score) AS score, AVG(c.time_taken) AS taken FROM scores c JOIN levels l ON l.id = c.level_id GROUP BY l.difficulty)"
		if n := count(t, st, "SELECT COUNT(*) FROM "+perLevel+" a JOIN "+perLevel+" b ON b.d = a.d + 1 WHERE b.score >= a.score OR b.taken <= a.taken"); n != 0 {
			t.Errorf("%d levels score on average no lower, or take no longer, than the next easier one", n)
		}
		r := count(t, st, correlation("l.difficulty", "c.score", "scores c JOIN levels l ON l.id = c.level_id"))
		t.Logf("correlation of level difficulty and score: %.3f", float64(r)/1000)
		if r >= 0 {
			t.Errorf("correlation of level difficulty and score is %.3f, want it negative", float64(r)/1000)
		}
	}
	if o.ScoresPerSession > 0 {
		r := count(t, st, correlation("c.accuracy", "c.score", "scores c"))
		t.Logf("correlation of accuracy and score: %.3f", float64(r)/1000)
		if r <= 0 {
			t.Errorf("correlation of accuracy and score is %.3f, want it positive", float64(r)/1000)
		}
	}
}

// correlation is a query for 1,000 times Pearson's correlation of x and y
// over the rows of from (0 when either does not vary).
func correlation(x, y, from string) string {
	return `SELECT COALESCE(1000 * (COUNT(*) * SUM(x * y) - SUM(x) * SUM(y)) /
		  SQRT((COUNT(*) * SUM(x * x) - SUM(x) * SUM(x)) * (COUNT(*) * SUM(y * y) - SUM(y) * SUM(y))), 0)
		FROM (SELECT ` + x + ` AS x, ` + y + ` AS y FROM ` + from + `) d`
}

// The rules and the story hold at scale too.
func TestSeedStoryAt10000Users(t *testing.T) {
	if testing.Short() {
		t.Skip("seeds 320,005 rows")
	}
	if testdb.Embedded(t) {
		t.Skip("the embedded engine inserts 320,005 rows too slowly: set TEST_DATABASE_URL to a MariaDB or MySQL server")
	}
	st, _ := newStore(t)
	createSchema(t, st)
	o := seedOpts(10000)
	seed(t, st, o)
	checkRules(t, st, o)
	checkStory(t, st, o)
}
