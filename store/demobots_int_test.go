package store_test

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/demobots/demobots-tui/store"
)

func TestUserSummary(t *testing.T) {
	parallel(t)
	st, _ := newDemobots(t)
	ctx := ctxT(t)
	sum, err := st.UserSummary(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if sum.User.Username != "alice" || !sum.User.CreatedAt.Equal(time.Date(2025, 1, 5, 10, 0, 0, 0, time.UTC)) ||
		!sum.User.DateOfBirth.Equal(time.Date(2000, 2, 29, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("user %+v", sum.User)
	}
	if sum.Profile == nil || *sum.Profile != (store.Profile{ID: 1, FirstName: "Alice", LastName: "Liddell", Title: "Senior"}) {
		t.Errorf("profile %+v", sum.Profile)
	}
	at := func(s string) time.Time {
		tm, err := time.Parse(time.DateTime, s)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	want := []store.SessionSummary{
		{ID: 12, CreatedAt: at("2025-01-05 12:00:00"), Duration: 2000, Scores: 1, AvgScore: 4999, BestScore: 4999, AvgAccuracy: 1},
		{ID: 10, CreatedAt: at("2025-01-06 09:00:00"), Duration: 3600, Scores: 3, AvgScore: 2000.3333333333333, BestScore: 3000, AvgAccuracy: 0.5},
		{ID: 11, CreatedAt: at("2025-01-07 09:00:00"), Duration: 1800},
	}
	if len(sum.Sessions) != len(want) {
		t.Fatalf("sessions %+v", sum.Sessions)
	}
	for i, got := range sum.Sessions {
		w := want[i]
		if got.ID != w.ID || !got.CreatedAt.Equal(w.CreatedAt) || got.Duration != w.Duration || got.Scores != w.Scores ||
			got.BestScore != w.BestScore || !near(got.AvgScore, w.AvgScore, 1e-3) || !near(got.AvgAccuracy, w.AvgAccuracy, 1e-6) {
			t.Errorf("session %d: got %+v, want %+v", i, got, w)
		}
	}

	bob, err := st.UserSummary(ctx, 2)
	if err != nil || bob.Profile != nil || len(bob.Sessions) != 0 {
		t.Errorf("bob: %+v, %v", bob, err)
	}
	if _, err := st.UserSummary(ctx, 99); !errors.Is(err, store.ErrNotFound) || !strings.Contains(err.Error(), "user 99 not found") {
		t.Errorf("missing user: %v", err)
	}
}

func near(a, b, eps float64) bool { return math.Abs(a-b) <= eps }

func TestSessionAndUserScores(t *testing.T) {
	parallel(t)
	st, _ := newDemobots(t)
	ctx := ctxT(t)
	scores, err := st.SessionScores(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range scores {
		got = append(got, fmt.Sprintf("%d %s %d %d %g", s.ID, s.Level, s.Score, s.TimeTaken, s.Accuracy))
		if s.SessionID != 10 {
			t.Errorf("score %d of session %d", s.ID, s.SessionID)
		}
	}
	want := []string{"101 Advanced 3000 120 0.75", "100 Beginner 1000 60 0.5", "102 Intermediate 2001 90 0.25"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("session scores %v, want %v (time order)", got, want)
	}
	if none, err := st.SessionScores(ctx, 11); err != nil || len(none) != 0 {
		t.Errorf("session without scores: %v, %v", none, err)
	}

	points, err := st.UserScores(ctx, 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	var series []int64
	for i, p := range points {
		series = append(series, p.Score)
		if i > 0 && p.At.Before(points[i-1].At) {
			t.Errorf("not chronological at %d", i)
		}
	}
	if !reflect.DeepEqual(series, []int64{4999, 3000, 1000, 2001}) {
		t.Errorf("user scores %v", series)
	}
	recent, err := st.UserScores(ctx, 1, 2)
	if err != nil || len(recent) != 2 || recent[0].Score != 1000 || recent[1].Score != 2001 {
		t.Errorf("two most recent: %+v, %v", recent, err)
	}
}
