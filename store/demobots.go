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
// one grouped query). A missing user gives ErrNotFound.
func (s *Store) UserSummary(ctx context.Context, userID int64) (*UserSummary, error) {
	sum := &UserSummary{}
	query, args, err := sq.Select("`id`", "`username`", "`created_at`", "`date_of_birth`").
		From("`users`").Where("`id` = ?", userID).ToSql()
	if err != nil {
		return nil, s.wrap(err, "build user query")
	}
	u := &sum.User
	err = s.db.QueryRowContext(ctx, query, args...).Scan(&u.ID, &u.Username, &u.CreatedAt, &u.DateOfBirth)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: user summary: %w", &Error{Kind: ErrNotFound, Err: err, Msg: fmt.Sprintf("user %d not found", userID)})
	}
	if err != nil {
		return nil, s.wrapCtx(ctx, err, "read user %d", userID)
	}
	if sum.Profile, err = s.profile(ctx, userID); err != nil {
		return nil, err
	}
	if sum.Sessions, err = s.sessionSummaries(ctx, userID); err != nil {
		return nil, err
	}
	return sum, nil
}

func (s *Store) profile(ctx context.Context, userID int64) (*Profile, error) {
	query, args, err := sq.Select("`id`", "`first_name`", "`last_name`", "`title`").
		From("`user_profiles`").Where("`user_id` = ?", userID).
		OrderBy("`id`").Limit(1).ToSql()
	if err != nil {
		return nil, s.wrap(err, "build profile query")
	}
	p := &Profile{}
	err = s.db.QueryRowContext(ctx, query, args...).Scan(&p.ID, &p.FirstName, &p.LastName, &p.Title)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, s.wrapCtx(ctx, err, "read profile of user %d", userID)
	}
	return p, nil
}

func (s *Store) sessionSummaries(ctx context.Context, userID int64) ([]SessionSummary, error) {
	query, args, err := sq.Select("s.`id`", "s.`created_at`", "s.`duration`",
		"COUNT(sc.`id`)", "AVG(sc.`score`)", "MAX(sc.`score`)", "AVG(sc.`accuracy`)").
		From("`sessions` s").
		LeftJoin("`scores` sc ON sc.`session_id` = s.`id`").
		Where("s.`user_id` = ?", userID).
		GroupBy("s.`id`", "s.`created_at`", "s.`duration`").
		OrderBy("s.`created_at`", "s.`id`").
		ToSql()
	if err != nil {
		return nil, s.wrap(err, "build session summary query")
	}
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, s.wrapCtx(ctx, err, "summarise sessions of user %d", userID)
	}
	defer rows.Close()
	var out []SessionSummary
	for rows.Next() {
		var ss SessionSummary
		// AVG is DECIMAL text on MariaDB and DOUBLE on the embedded engine;
		// NullFloat64 reads both (and NULL for a session without scores).
		var avgScore, avgAcc sql.NullFloat64
		var best sql.NullInt64
		if err := rows.Scan(&ss.ID, &ss.CreatedAt, &ss.Duration, &ss.Scores, &avgScore, &best, &avgAcc); err != nil {
			return nil, s.wrapCtx(ctx, err, "summarise sessions of user %d", userID)
		}
		ss.AvgScore, ss.BestScore, ss.AvgAccuracy = avgScore.Float64, best.Int64, avgAcc.Float64
		out = append(out, ss)
	}
	if err := rows.Err(); err != nil {
		return nil, s.wrapCtx(ctx, err, "summarise sessions of user %d", userID)
	}
	return out, nil
}

// SessionScores reads the scores of a demobots session in time order, each
// with the name of its level. An unknown session has no scores.
func (s *Store) SessionScores(ctx context.Context, sessionID int64) ([]ScoreRow, error) {
	query, args, err := sq.Select("sc.`id`", "sc.`session_id`", "sc.`level_id`", "COALESCE(l.`name`, '')",
		"sc.`created_at`", "sc.`score`", "sc.`time_taken`", "sc.`accuracy`").
		From("`scores` sc").
		LeftJoin("`levels` l ON l.`id` = sc.`level_id`").
		Where("sc.`session_id` = ?", sessionID).
		OrderBy("sc.`created_at`", "sc.`id`").
		ToSql()
	if err != nil {
		return nil, s.wrap(err, "build session scores query")
	}
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, s.wrapCtx(ctx, err, "scores of session %d", sessionID)
	}
	defer rows.Close()
	var out []ScoreRow
	for rows.Next() {
		var r ScoreRow
		if err := rows.Scan(&r.ID, &r.SessionID, &r.LevelID, &r.Level, &r.CreatedAt, &r.Score, &r.TimeTaken, &r.Accuracy); err != nil {
			return nil, s.wrapCtx(ctx, err, "scores of session %d", sessionID)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, s.wrapCtx(ctx, err, "scores of session %d", sessionID)
	}
	return out, nil
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
	query, args, err := sq.Select("sc.`created_at`", "sc.`score`").
		From("`scores` sc").
		Join("`sessions` s ON s.`id` = sc.`session_id`").
		Where("s.`user_id` = ?", userID).
		OrderBy("sc.`created_at` DESC", "sc.`id` DESC").
		Limit(uint64(limit)).
		ToSql()
	if err != nil {
		return nil, s.wrap(err, "build user scores query")
	}
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, s.wrapCtx(ctx, err, "scores of user %d", userID)
	}
	defer rows.Close()
	var out []ScorePoint
	for rows.Next() {
		var p ScorePoint
		if err := rows.Scan(&p.At, &p.Score); err != nil {
			return nil, s.wrapCtx(ctx, err, "scores of user %d", userID)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, s.wrapCtx(ctx, err, "scores of user %d", userID)
	}
	slices.Reverse(out)
	return out, nil
}
