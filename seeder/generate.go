package seeder

import (
	"math/rand/v2"
	"time"

	"github.com/brianvoe/gofakeit/v7"
)

// The dataset rules of DESIGN.md, as numbers. Times are UTC Unix seconds.
var (
	usersFrom   = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	usersUntil  = time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC).Unix() // exclusive
	birthFrom   = time.Date(1995, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	birthUntil  = time.Date(2005, 12, 31, 0, 0, 0, 0, time.UTC).Unix() // inclusive
	levelNames  = []string{"Beginner", "Intermediate", "Advanced", "Expert", "Master"}
	titles      = []string{"Intern", "Junior", "Senior"}
	sessionGap  = int64(48 * 3600) // a session starts at most 48 h after the previous one
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

// sessionsOf derives the sessions of user i (0-based) into buf: a chain
// whose first link starts at most 48 h after the user's created_at and
// each next at most 48 h after the previous one.
func sessionsOf(r *rng, i int64, n int, buf []session) []session {
	prev := userCreated(r.at(streamUser, i))
	f := r.at(streamSession, i)
	buf = buf[:0]
	for k := 0; k < n; k++ {
		prev += between(f, 0, sessionGap)
		buf = append(buf, session{start: prev, duration: between(f, minDuration, maxDuration)})
	}
	return buf
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
		w.Int(i + 1)
		w.DateTime(created)
		w.Str(username(f.Username(), i+1))
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
			w.Int(id)
			w.Int(i + 1)
			w.Str(clip(printable(f.FirstName()), maxNameLen))
			w.Str(lastName(f.LastName(), id))
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
		for k, s := range buf {
			sid := i*perSession + int64(k) // 0-based session index
			f := r.at(streamScore, sid)
			for j := int64(0); j < per; j++ {
				w.Int(sid*per + j + 1)
				w.Int(sid + 1)
				w.Int(between(f, 1, int64(o.Levels)))
				w.DateTime(s.start + between(f, 0, s.duration))
				w.Int(between(f, 0, maxScore))
				w.Int(between(f, minTaken, maxTaken))
				w.Hundredths(between(f, 0, 100))
				if err := w.EndRow(); err != nil {
					return err
				}
			}
		}
	}
	return nil
}
