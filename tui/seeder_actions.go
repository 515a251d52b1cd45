package tui

import (
	"context"

	demobots "github.com/demobots/demobots-tui"
	"github.com/demobots/demobots-tui/seeder"
	"github.com/demobots/demobots-tui/store"
)

// SeederActions adapts the seeder, working on st with the embedded
// schema.sql, to Actions. embedded says whether st is the in-process engine.
func SeederActions(st *store.Store, embedded bool) Actions {
	return seederActions{st: st, embedded: embedded}
}

type seederActions struct {
	st       *store.Store
	embedded bool
}

func (a seederActions) PlanPush(ctx context.Context, prune bool) (*seeder.Plan, error) {
	return seeder.PlanPushWith(ctx, a.st, demobots.Schema, seeder.PushOptions{Prune: prune})
}

func (a seederActions) ApplyPush(ctx context.Context, p *seeder.Plan, progress func(seeder.Event)) (int, error) {
	return seeder.ApplyPush(ctx, a.st, p, progress)
}

func (a seederActions) Reset(ctx context.Context, progress func(seeder.Event)) error {
	return seeder.Reset(ctx, a.st, progress)
}

func (a seederActions) Seed(ctx context.Context, o seeder.Options) error {
	_, err := seeder.Seed(ctx, a.st, o)
	return err
}

func (a seederActions) DatabaseName() string { return a.st.Database() }
func (a seederActions) Embedded() bool       { return a.embedded }
