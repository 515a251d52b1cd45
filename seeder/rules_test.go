package seeder_test

import (
	"fmt"
	"testing"

	"github.com/demobots/demobots-tui/seeder"
	"github.com/demobots/demobots-tui/store"
)

// checkRules checks, in SQL, every rule of the default dataset and the
// counts: levels Beginner..Master with difficulty 1..5; users created in
// January 2025, born 1995-01-01..2005-12-31, with unique printable
// usernames of at most 20 characters; unique last names and titles Intern,
// Junior or Senior; sessions of 1,800..14,400 s chained per user (the first
// at most 48 h after the user's created_at, each next one after the
// previous one ended and at most 48 h after that end); scores of 0..5,000
// with a time_taken of 60..720 s and an accuracy of 0..1 (two decimals),
// each inside its session. Each query counts the rows that break a rule.
func checkRules(t *testing.T, st *store.Store, o seeder.Options) {
	t.Helper()
	names := []string{"Beginner", "Intermediate", "Advanced", "Expert", "Master"}
	levelCond := "FALSE"
	for i := 0; i < o.Levels; i++ {
		levelCond += fmt.Sprintf(" OR (id = %d AND name = '%s' AND difficulty = %d)", i+1, names[i], i+1)
	}
	rules := []struct{ name, query string }{
		{"levels are Beginner..Master with difficulty 1..5",
			"SELECT COUNT(*) FROM levels WHERE NOT (" + levelCond + ")"},
		{"users.created_at in [2025-01-01, 2025-02-01)",
			"SELECT COUNT(*) FROM users WHERE created_at < '2025-01-01 00:00:00' OR created_at >= '2025-02-01 00:00:00'"},
		{"users.date_of_birth in [1995-01-01, 2005-12-31]",
			"SELECT COUNT(*) FROM users WHERE date_of_birth < '1995-01-01' OR date_of_birth > '2005-12-31'"},
		{"usernames printable, no spaces, at most 20 characters",
			"SELECT COUNT(*) FROM users WHERE CHAR_LENGTH(username) > 20 OR CHAR_LENGTH(username) = 0 OR username NOT REGEXP '^[[:graph:]]+$'"},
		{"usernames unique",
			"SELECT COUNT(*) FROM (SELECT username FROM users GROUP BY username HAVING COUNT(*) > 1) d"},
		{"profiles per user",
			fmt.Sprintf("SELECT COUNT(*) FROM users u WHERE (SELECT COUNT(*) FROM user_profiles p WHERE p.user_id = u.id) <> %d", o.ProfilesPerUser)},
		{"last names unique",
			"SELECT COUNT(*) FROM (SELECT last_name FROM user_profiles GROUP BY last_name HAVING COUNT(*) > 1) d"},
		{"names not empty",
			"SELECT COUNT(*) FROM user_profiles WHERE first_name = '' OR last_name = ''"},
		{"titles Intern, Junior, Senior",
			"SELECT COUNT(*) FROM user_profiles WHERE title NOT IN ('Intern', 'Junior', 'Senior')"},
		{"profiles reference users",
			"SELECT COUNT(*) FROM user_profiles p LEFT JOIN users u ON u.id = p.user_id WHERE u.id IS NULL"},
		{"sessions per user",
			fmt.Sprintf("SELECT COUNT(*) FROM users u WHERE (SELECT COUNT(*) FROM sessions s WHERE s.user_id = u.id) <> %d", o.SessionsPerUser)},
		{"sessions reference users",
			"SELECT COUNT(*) FROM sessions s LEFT JOIN users u ON u.id = s.user_id WHERE u.id IS NULL"},
		{"session duration 1,800..14,400 s",
			"SELECT COUNT(*) FROM sessions WHERE duration < 1800 OR duration > 14400"},
		{"session chain: the first within 48 h after its user's created_at, each next one after the previous one ended and within 48 h of that end",
			`SELECT COUNT(*) FROM (
			   SELECT s.created_at, COALESCE(LAG(DATE_ADD(s.created_at, INTERVAL s.duration SECOND)) OVER (PARTITION BY s.user_id ORDER BY s.id), u.created_at) AS prev_end
			   FROM sessions s JOIN users u ON u.id = s.user_id) x
			 WHERE x.created_at < x.prev_end OR x.created_at > DATE_ADD(x.prev_end, INTERVAL 48 HOUR)`},
		{"scores per session",
			fmt.Sprintf("SELECT COUNT(*) FROM sessions s WHERE (SELECT COUNT(*) FROM scores c WHERE c.session_id = s.id) <> %d", o.ScoresPerSession)},
		{"scores reference sessions and levels",
			"SELECT COUNT(*) FROM scores c LEFT JOIN sessions s ON s.id = c.session_id LEFT JOIN levels l ON l.id = c.level_id WHERE s.id IS NULL OR l.id IS NULL"},
		{"score 0..5,000, time_taken 60..720 s",
			"SELECT COUNT(*) FROM scores WHERE score < 0 OR score > 5000 OR time_taken < 60 OR time_taken > 720"},
		{"accuracy 0..1 with 2 decimals",
			"SELECT COUNT(*) FROM scores WHERE accuracy < 0 OR accuracy > 1 OR ABS(accuracy * 100 - ROUND(accuracy * 100)) > 0.001"},
		{"score created_at inside its session",
			"SELECT COUNT(*) FROM scores c JOIN sessions s ON s.id = c.session_id WHERE c.created_at < s.created_at OR c.created_at > DATE_ADD(s.created_at, INTERVAL s.duration SECOND)"},
	}
	for _, r := range rules {
		if n := count(t, st, r.query); n != 0 {
			t.Errorf("rule %q: %d rows break it", r.name, n)
		}
	}
}
