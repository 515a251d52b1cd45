package seeder

import (
	"math/rand/v2"
	"time"

	"github.com/brianvoe/gofakeit/v7"
)

// The rules of the default dataset, as numbers. Times are UTC Unix seconds.
// Users are created in January 2025 and born between 1995-01-01 and
// 2005-12-31. A user's sessions form a chain: the first starts at most 48 h
// after the user's created_at, each next one after the previous one has
// ended (sessions of a user never overlap) and at most 48 h after that end.
// A session lasts 1,800..14,400 s; each score lies inside its session, with
// a score of 0..5,000, a time_taken of 60..720 s and an accuracy of 0..1.
var (
	usersFrom   = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	usersUntil  = time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC).Unix() // exclusive
	birthFrom   = time.Date(1995, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	birthUntil  = time.Date(2005, 12, 31, 0, 0, 0, 0, time.UTC).Unix() // inclusive
	levelNames  = []string{"Beginner", "Intermediate", "Advanced", "Expert", "Master"}
	titles      = []string{"Intern", "Junior", "Senior"}
	sessionGap  = int64(48 * 3600) // a session starts at most 48 h after the previous one ended
	minGap      = int64(2 * 3600)  // and, after the first, at least 2 h after it
	minDuration = int64(1800)
	maxDuration = int64(14400)
	maxScore    = int64(5000)
	minTaken    = int64(60)
	maxTaken    = int64(720)
)

// Independent random streams, one per kind of entity. Every entity (a user,
// the sessions of a user, the scores of a session...) draws from its own
// generator seeded from (Options.Seed, stream, index), so any table can be
// generated alone, in any order, without holding the parents in memory: a
// child re-derives the few parent values it depends on (a user's
// created_at, a session's start and duration).
const (
	streamUser uint64 = iota + 1
	streamProfile
	streamSession
	streamScore
	streamPlayer
)

// rng is a gofakeit faker over a PCG source that is re-seeded per entity.
type rng struct {
	seed uint64
	pcg  *rand.PCG
	f    *gofakeit.Faker
}

func newRNG(seed uint64) *rng {
	pcg := rand.NewPCG(0, 0)
	return &rng{seed: seed, pcg: pcg, f: gofakeit.NewFaker(pcg, false)}
}

// at re-seeds the generator for entity index of stream.
func (r *rng) at(stream uint64, index int64) *gofakeit.Faker {
	a := splitmix(r.seed ^ splitmix(stream))
	b := splitmix(a ^ uint64(index))
	r.pcg.Seed(a, b)
	return r.f
}

// splitmix is the SplitMix64 finalizer: a cheap, well-mixing bijection.
func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// between draws an integer uniformly from [lo, hi].
func between(f *gofakeit.Faker, lo, hi int64) int64 {
	return lo + int64(f.IntN(int(hi-lo+1)))
}

// userCreated is the created_at of user i (0-based). It is the user's first
// draw, so the sessions can re-derive it cheaply.
func userCreated(f *gofakeit.Faker) int64 {
	return usersFrom + int64(f.IntN(int(usersUntil-usersFrom)))
}

// session is what the scores of a session depend on.
type session struct {
	start, duration int64
}

// sessionsOf derives the sessions of user i (0-based) into buf, a chain:
// the first starts at most 48 h after the user's created_at, each next one
// 2 to 48 h after the previous one ended, so that a user's sessions never
// overlap. Start times favour evenings and weekends (playWeight). A score
// re-derives its session with this short walk over the user's sessions:
// a few draws per session, no state kept between users.
func sessionsOf(r *rng, i int64, n int, buf []session) []session {
	end := userCreated(r.at(streamUser, i))
	f := r.at(streamSession, i)
	buf = buf[:0]
	for k := 0; k < n; k++ {
		lo := minGap
		if k == 0 {
			lo = 0
		}
		var start int64
		for try := 0; try < startTries; try++ {
			start = end + between(f, lo, sessionGap)
			if int64(f.IntN(maxPlayWeight)) < playWeight(start) {
				break
			}
		}
		s := session{start: start, duration: between(f, minDuration, maxDuration)}
		buf = append(buf, s)
		end = s.start + s.duration
	}
	return buf
}

// A session's start is drawn up to startTries times, each kept with
// probability playWeight/maxPlayWeight (the last one is kept anyway).
const (
	startTries    = 6
	maxPlayWeight = 8
)

// hourWeights is how likely play starts at each hour of the day (UTC):
// rarely at night, more in the afternoon, most in the evening.
var hourWeights = [24]int64{
	1, 1, 1, 1, 1, 1, 1, // 00-06
	2, 2, 2, 2, 2, // 07-11
	3, 3, 3, 3, 3, 3, // 12-17
	6, 6, 6, 6, 6, 6, // 18-23
}

// playWeight weighs a start time t (Unix seconds, UTC) out of
// maxPlayWeight: by its hour, plus 2 on Saturdays and Sundays.
func playWeight(t int64) int64 {
	w := hourWeights[(t%86400)/3600]
	if day := (t/86400 + 4) % 7; day == 0 || day == 6 { // 1970-01-01 was a Thursday (4)
		w += 2
	}
	return w
}

// player is a user's hidden skill and learning, in score points: the
// score a user would make on the easiest level in their first session
// (skill) and how much that rises by their last session (learn). Both come
// from a hash of (seed, user), so scores re-derive them for free.
type player struct {
	skill, learn int64
}

func playerOf(seed uint64, i int64) player {
	h := splitmix(splitmix(seed^splitmix(streamPlayer)) ^ uint64(i))
	return player{skill: 1750 + int64(h%2251), learn: 250 + int64((h>>32)%1251)}
}

// Score model, all in integers so that every platform computes the same
// rows: a score is the user's ability in that session (skill plus the
// share of learn reached so far), less levelPenalty per level above the
// first, plus noise, clamped to 0..5,000. Accuracy follows the score;
// time_taken grows with the level and shrinks with ability.
const (
	levelPenalty = 500 // score points per difficulty step
	scoreNoise   = 200 // each of two uniform draws in ±scoreNoise
)

func clampInt(x, lo, hi int64) int64 {
	return max(lo, min(hi, x))
}

// noise draws a triangular integer in [-2w, 2w].
func noise(f *gofakeit.Faker, w int64) int64 {
	return between(f, -w, w) + between(f, -w, w)
}

// generator writes the rows of one table of the dataset o describes.
type generator func(o Options, w rowWriter) error

func genLevels(o Options, w rowWriter) error {
	for i := 0; i < o.Levels; i++ {
		w.Int(int64(i + 1))
		w.Str(levelNames[i])
		w.Int(int64(i + 1))
		if err := w.EndRow(); err != nil {
			return err
		}
	}
	return nil
}

func genUsers(o Options, w rowWriter) error {
	r := newRNG(o.Seed)
	for i := int64(0); i < int64(o.Users); i++ {
		f := r.at(streamUser, i)
		created := userCreated(f)
		birth := birthFrom + 86400*int64(f.IntN(int((birthUntil-birthFrom)/86400)+1))
		name, _ := username(o.Seed, i)
		w.Int(i + 1)
		w.DateTime(created)
		w.Str(name)
		w.Date(birth)
		if err := w.EndRow(); err != nil {
			return err
		}
	}
	return nil
}

func genProfiles(o Options, w rowWriter) error {
	r := newRNG(o.Seed)
	per := int64(o.ProfilesPerUser)
	for i := int64(0); i < int64(o.Users); i++ {
		for p := int64(0); p < per; p++ {
			id := i*per + p + 1
			f := r.at(streamProfile, id-1)
			last, _ := lastName(o.Seed, id-1)
			w.Int(id)
			w.Int(i + 1)
			w.Str(clip(printable(f.FirstName()), maxNameLen))
			w.Str(last)
			w.Str(f.RandomString(titles))
			if err := w.EndRow(); err != nil {
				return err
			}
		}
	}
	return nil
}

func genSessions(o Options, w rowWriter) error {
	r := newRNG(o.Seed)
	per := int64(o.SessionsPerUser)
	buf := make([]session, 0, per)
	for i := int64(0); i < int64(o.Users); i++ {
		buf = sessionsOf(r, i, int(per), buf)
		for k, s := range buf {
			w.Int(i*per + int64(k) + 1)
			w.Int(i + 1)
			w.DateTime(s.start)
			w.Int(s.duration)
			if err := w.EndRow(); err != nil {
				return err
			}
		}
	}
	return nil
}

func genScores(o Options, w rowWriter) error {
	r := newRNG(o.Seed)
	perSession := int64(o.SessionsPerUser)
	per := int64(o.ScoresPerSession)
	buf := make([]session, 0, perSession)
	for i := int64(0); i < int64(o.Users); i++ {
		buf = sessionsOf(r, i, int(perSession), buf)
		pl := playerOf(o.Seed, i)
		for k, s := range buf {
			sid := i*perSession + int64(k) // 0-based session index
			ability := pl.skill
			if perSession > 1 {
				ability += pl.learn * int64(k) / (perSession - 1)
			}
			f := r.at(streamScore, sid)
			for j := int64(0); j < per; j++ {
				level := between(f, 1, int64(o.Levels))
				// The j-th score of a session falls in the j-th of per equal
				// slices of it, so scores come in id order.
				at := s.start + (j*s.duration+between(f, 0, s.duration))/per
				perf := ability - levelPenalty*(level-1) + noise(f, scoreNoise)
				score := clampInt(perf, 0, maxScore)
				accuracy := clampInt(30+perf*65/maxScore+noise(f, 6), 0, 100)
				taken := clampInt(90+110*(level-1)+(maxScore-ability)*200/maxScore+noise(f, 30), minTaken, maxTaken)
				w.Int(sid*per + j + 1)
				w.Int(sid + 1)
				w.Int(level)
				w.DateTime(at)
				w.Int(score)
				w.Int(taken)
				w.Hundredths(accuracy)
				if err := w.EndRow(); err != nil {
					return err
				}
			}
		}
	}
	return nil
}
