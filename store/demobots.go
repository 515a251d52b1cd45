package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	sq "github.com/Masterminds/squirrel"

	demobots "github.com/demobots/demobots-tui"
)

// IsDemobots reports whether tables hold every table of the demobots
// schema, so that the user view and score charts make sense.
func IsDemobots(tables []Table) bool {
	have := map[string]bool{}
	for _, t := range tables {
		have[t.Name] = true
	}
	for _, name := range demobots.Tables {
		if !have[name] {
			return false
		}
	}
	return true
}

// UserSummary reads a demobots user, their profile (nil when they have
// none) and their sessions, oldest first, each with its number of scores,
// average and best score and average accuracy (computed by the server in
// one grouped query). It follows the relations of the relation graph
// (sessions → users, scores → sessions, user_profiles → users), whatever
// their origin: a schema without FOREIGN KEY constraints works through
// inferred or declared relations. A missing user gives ErrNotFound; a
// missing relation ErrNoRelation.
func (s *Store) UserSummary(ctx context.Context, userID int64) (*UserSummary, error) {
	links, err := s.userLinks(ctx, "user summary", linkSession, linkScore)
	if err != nil {
		return nil, err
	}
	sum := &UserSummary{}
	q := sq.Select("`id`", "`username`", "`created_at`", "`date_of_birth`").
		From("`users`").Where("`id` = ?", userID)
	u := &sum.User
	err = selectOne(ctx, s, fmt.Sprintf("read user %d", userID), q, &u.ID, &u.Username, &u.CreatedAt, &u.DateOfBirth)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, wrapOp(&Error{Kind: ErrNotFound, Err: sql.ErrNoRows, Msg: fmt.Sprintf("user %d not found", userID)}, "user summary")
	}
	if err != nil {
		return nil, err
	}
	if links.profile != nil {
		if sum.Profile, err = s.profile(ctx, links, userID); err != nil {
			return nil, err
		}
	}
	if sum.Sessions, err = s.sessionSummaries(ctx, links, userID); err != nil {
		return nil, err
	}
	return sum, nil
}

func (s *Store) profile(ctx context.Context, links userLinks, userID int64) (*Profile, error) {
	q := sq.Select("p.`id`", "p.`first_name`", "p.`last_name`", "p.`title`").
		From("`user_profiles` p").
		Join("`users` u ON "+joinOn("p", "u", links.profile)).
		Where("u.`id` = ?", userID).
		OrderBy("p.`id`").Limit(1)
	p := &Profile{}
	err := selectOne(ctx, s, fmt.Sprintf("read profile of user %d", userID), q, &p.ID, &p.FirstName, &p.LastName, &p.Title)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return p, nil
}

func (s *Store) sessionSummaries(ctx context.Context, links userLinks, userID int64) ([]SessionSummary, error) {
	q := sq.Select("s.`id`", "s.`created_at`", "s.`duration`",
		"COUNT(sc.`id`)", "AVG(sc.`score`)", "MAX(sc.`score`)", "AVG(sc.`accuracy`)").
		From("`sessions` s").
		Join("`users` u ON "+joinOn("s", "u", links.session)).
		LeftJoin("`scores` sc ON "+joinOn("sc", "s", links.score)).
		Where("u.`id` = ?", userID).
		GroupBy("s.`id`", "s.`created_at`", "s.`duration`").
		OrderBy("s.`created_at`", "s.`id`")
	return selectRows(ctx, s, fmt.Sprintf("summarise sessions of user %d", userID), q, func(rows *sql.Rows) (SessionSummary, error) {
		var ss SessionSummary
		// AVG is DECIMAL text on MariaDB and DOUBLE on the embedded engine;
		// NullFloat64 reads both (and NULL for a session without scores).
		var avgScore, avgAcc sql.NullFloat64
		var best sql.NullInt64
		err := rows.Scan(&ss.ID, &ss.CreatedAt, &ss.Duration, &ss.Scores, &avgScore, &best, &avgAcc)
		ss.AvgScore, ss.BestScore, ss.AvgAccuracy = avgScore.Float64, best.Int64, avgAcc.Float64
		return ss, err
	})
}

// SessionScores reads the scores of a demobots session in time order, each
// with the name of its level (empty when no relation leads from scores to
// levels). An unknown session has no scores.
func (s *Store) SessionScores(ctx context.Context, sessionID int64) ([]ScoreRow, error) {
	links, err := s.userLinks(ctx, "session scores", linkScore)
	if err != nil {
		return nil, err
	}
	levelID, level := "0", "''"
	q := sq.Select().From("`scores` sc").
		Join("`sessions` s ON " + joinOn("sc", "s", links.score))
	if links.level != nil {
		levelID, level = "sc."+QuoteIdent(links.level.Columns[0]), "COALESCE(l.`name`, '')"
		q = q.LeftJoin("`levels` l ON " + joinOn("sc", "l", links.level))
	}
	q = q.Columns("sc.`id`", "s.`id`", levelID, level,
		"sc.`created_at`", "sc.`score`", "sc.`time_taken`", "sc.`accuracy`").
		Where("s.`id` = ?", sessionID).
		OrderBy("sc.`created_at`", "sc.`id`")
	return selectRows(ctx, s, fmt.Sprintf("scores of session %d", sessionID), q, func(rows *sql.Rows) (ScoreRow, error) {
		var r ScoreRow
		err := rows.Scan(&r.ID, &r.SessionID, &r.LevelID, &r.Level, &r.CreatedAt, &r.Score, &r.TimeTaken, &r.Accuracy)
		return r, err
	})
}

// DefaultChartPoints is the number of scores UserScores returns for a
// limit of 0.
const DefaultChartPoints = 500

// UserScores reads a demobots user's most recent scores (at most limit; 0
// means DefaultChartPoints) in chronological order, for a chart.
func (s *Store) UserScores(ctx context.Context, userID int64, limit int) ([]ScorePoint, error) {
	if limit <= 0 {
		limit = DefaultChartPoints
	}
	links, err := s.userLinks(ctx, "scores of a user", linkSession, linkScore)
	if err != nil {
		return nil, err
	}
	q := sq.Select("sc.`created_at`", "sc.`score`").
		From("`scores` sc").
		Join("`sessions` s ON "+joinOn("sc", "s", links.score)).
		Join("`users` u ON "+joinOn("s", "u", links.session)).
		Where("u.`id` = ?", userID).
		OrderBy("sc.`created_at` DESC", "sc.`id` DESC").
		Limit(uint64(limit))
	out, err := selectRows(ctx, s, fmt.Sprintf("scores of user %d", userID), q, func(rows *sql.Rows) (ScorePoint, error) {
		var p ScorePoint
		err := rows.Scan(&p.At, &p.Score)
		return p, err
	})
	slices.Reverse(out)
	return out, err
}
