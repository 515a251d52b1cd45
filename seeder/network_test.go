package seeder

import (
	"context"
	"database/sql/driver"
	"errors"
	"regexp"
	"strings"
	"testing"

	demobots "github.com/demobots/demobots-tui"
	"github.com/demobots/demobots-tui/internal/testdb"
	"github.com/demobots/demobots-tui/store"
)

// A connection lost in the middle of a seed gives a readable error that
// says the server went away (not a raw "write tcp ...: broken pipe"), and
// the previous data survives.
func TestSeedLostConnection(t *testing.T) {
	p, st, before := proxiedSeeded(t)
	ctx := context.Background()
	o := DefaultOptions()
	o.Users = 20
	o.Progress = func(e Event) {
		if e.Phase == PhaseLoad && e.Table == "scores" {
			p.cut()
		}
	}
	_, err := Seed(ctx, st, o)
	if !errors.Is(err, store.ErrServerGone) {
		t.Fatalf("seed over a cut connection: %v", err)
	}
	t.Log(err)
	if msg := err.Error(); !strings.HasPrefix(msg, "seeder: ") || !strings.Contains(msg, "scores: ") || !strings.Contains(msg, "closed the connection") ||
		strings.Contains(msg, "tcp") || strings.Contains(msg, "invalid connection") {
		t.Errorf("unclear error: %q", msg)
	}
	after, err := Checksum(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	if after != before {
		t.Error("the interrupted seed changed the data")
	}
}

// A cancelled seed is still recognisable as cancelled once classified.
func TestSeedCancelledIsContextCanceled(t *testing.T) {
	st := openStore(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := Bootstrap(context.Background(), st, false); err != nil {
		t.Fatal(err)
	}
	o := DefaultOptions()
	o.Progress = func(e Event) {
		if e.Phase == PhaseLoad && e.Table == "sessions" {
			cancel()
		}
	}
	_, err := Seed(ctx, st, o)
	if !errors.Is(err, context.Canceled) || !errors.Is(err, store.ErrCanceled) {
		t.Fatalf("cancelled seed: %v", err)
	}
	t.Log(err)
}

// When the answer to CREATE DATABASE is lost (a cancelled ctx, a broken
// connection), the server may have created the scratch database anyway:
// push drops it.
func TestScratchDroppedWhenCreateAnswerLost(t *testing.T) {
	p, st := openProxied(t, testdb.New(t))
	p.swallowAnswerTo("CREATE DATABASE `" + scratchPrefix)
	if _, err := PlanPush(context.Background(), st, demobots.Schema); err == nil {
		t.Fatal("plan without an answer to CREATE DATABASE succeeded")
	}
	m := regexp.MustCompile("CREATE DATABASE `(" + scratchPrefix + "[0-9a-f_]+)`").FindSubmatch(p.swallowedPacket())
	if m == nil {
		t.Fatalf("no CREATE DATABASE went through the proxy: %q", p.swallowedPacket())
	}
	name := string(m[1])
	direct := openStore(t)
	if schemaExists(t, direct, name) {
		_, _ = direct.DB().Exec("DROP DATABASE IF EXISTS " + quoteIdent(name))
		t.Errorf("scratch database %s was left behind", name)
	}
}

// With the server out of reach, every entry point says so in words and
// matches store.ErrUnreachable.
func TestEntryPointsClassifyErrors(t *testing.T) {
	p, st := openProxied(t, testdb.New(t))
	ctx := context.Background()
	if err := Bootstrap(ctx, st, false); err != nil {
		t.Fatal(err)
	}
	plan := &Plan{Changes: []Change{{SQL: "CREATE TABLE `t` (`id` int PRIMARY KEY)", Comment: "create table t"}}}
	p.ln.Close()
	p.cut()
	o := DefaultOptions()
	o.SkipSchemaCheck = true
	for name, run := range map[string]func() error{
		"seed":      func() error { _, err := Seed(ctx, st, o); return err },
		"reset":     func() error { return Reset(ctx, st, nil) },
		"plan push": func() error { _, err := PlanPush(ctx, st, demobots.Schema); return err },
		"apply":     func() error { _, err := ApplyPush(ctx, st, plan, nil); return err },
		"pull":      func() error { _, err := Pull(ctx, st); return err },
	} {
		err := run()
		if !errors.Is(err, store.ErrUnreachable) && !errors.Is(err, store.ErrServerGone) {
			t.Errorf("%s: unclassified error %v", name, err)
			continue
		}
		t.Logf("%s: %v", name, err)
		if !strings.HasPrefix(err.Error(), "seeder: ") || strings.Contains(err.Error(), "dial tcp") {
			t.Errorf("%s: unclear error %q", name, err)
		}
	}
}

// A connection that breaks while the server is committing leaves the
// outcome unknown to the client: the error says so (ErrCommitUnknown)
// instead of claiming a rollback, and the data is all old or all new.
func TestSeedConnectionLostAtCommit(t *testing.T) {
	p, st, before := proxiedSeeded(t)
	ctx := context.Background()
	o := DefaultOptions()
	o.Users = 20
	want, err := DatasetChecksum(o)
	if err != nil {
		t.Fatal(err)
	}
	o.Progress = func(e Event) {
		if e.Phase == PhaseCommit && e.Done == 0 {
			p.cut()
		}
	}
	_, err = Seed(ctx, st, o)
	if !errors.Is(err, ErrCommitUnknown) || errors.Is(err, ErrCommitted) {
		t.Fatalf("seed cut at COMMIT: %v", err)
	}
	if msg := err.Error(); !strings.Contains(msg, "either all the previous data or all the new") {
		t.Errorf("unclear error: %q", msg)
	}
	after, err := Checksum(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	if after != before && after != want {
		t.Error("the data is neither the previous nor the new dataset")
	}
}

// Only a broken connection makes a COMMIT's outcome unknown; a refusal
// is a rollback.
func TestCommitError(t *testing.T) {
	if err := commitError("commit", driver.ErrBadConn); !errors.Is(err, ErrCommitUnknown) {
		t.Errorf("broken connection: %v", err)
	}
	if err := commitError("commit", errors.New("Deadlock found when trying to get lock")); errors.Is(err, ErrCommitUnknown) {
		t.Errorf("a refusal: %v", err)
	}
}

// proxiedSeeded is a store behind a proxy that can cut its connections,
// on a database with the schema and the default dataset, and that data's
// checksum.
func proxiedSeeded(t *testing.T) (*tcpProxy, *store.Store, string) {
	t.Helper()
	p, st := openProxied(t, testdb.New(t))
	ctx := context.Background()
	if err := Bootstrap(ctx, st, true); err != nil {
		t.Fatal(err)
	}
	sum, err := Checksum(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	return p, st, sum
}
