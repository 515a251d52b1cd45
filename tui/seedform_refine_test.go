package tui

import (
	"errors"
	"strings"
	"testing"

	"github.com/demobots/demobots-tui/internal/project"
	"github.com/demobots/demobots-tui/seeder"
)

// The reseed form starts from the project file's refinement, names its
// file, and hands its counts and generators on with the seed and users
// typed.
func TestReseedFormUsesTheRefinement(t *testing.T) {
	t.Parallel()
	refine := &project.Seed{Tables: []project.SeedTable{{Name: "users"}}}
	d := seeder.DefaultOptions()
	d.Seed, d.Users, d.SessionsPerUser, d.Refine = 77, 40, 3, refine
	act := &fakeActions{}
	h := newHarness(t, demoStore(), act, 100, 30, func(deps *Deps) {
		deps.SeedDefaults, deps.RefineFile = &d, "demobots-tui.toml"
	})
	h.press("R")
	f, ok := h.m.dialog.(*seedForm)
	if !ok {
		t.Fatalf("R opened %T", h.m.dialog)
	}
	if f.inputs[0].Value() != "77" || f.inputs[1].Value() != "40" {
		t.Fatalf("the form starts at seed %q, users %q; the refinement says 77, 40", f.inputs[0].Value(), f.inputs[1].Value())
	}
	s := h.screen()
	if !strings.Contains(s, "refined by [seed] in demobots-tui.toml") || !strings.Contains(s, "3 sessions") {
		t.Fatalf("the form does not show the refinement:\n%s", s)
	}
	h.press("tab", "enter")
	h.typeText("demobots")
	h.press("enter")
	if len(act.seeds) != 1 {
		t.Fatalf("seeds = %d\n%s", len(act.seeds), h.screen())
	}
	if o := act.seeds[0]; o.Seed != 77 || o.Users != 40 || o.SessionsPerUser != 3 || o.Refine != refine {
		t.Errorf("reseeded with %+v", o)
	}
}

// A refinement that does not apply is shown on Enter, and nothing runs.
func TestReseedFormRefusesABrokenRefinement(t *testing.T) {
	t.Parallel()
	act := &fakeActions{}
	h := newHarness(t, demoStore(), act, 100, 30, func(deps *Deps) {
		deps.RefineFile = "demobots-tui.toml"
		deps.RefineErr = errors.New(`demobots-tui.toml:3: seed.tables.orders: "orders" is not a table of the demobots dataset`)
	})
	h.press("R")
	h.press("tab", "enter")
	if _, ok := h.m.dialog.(*seedForm); !ok {
		t.Fatalf("a broken refinement led to %T", h.m.dialog)
	}
	if s := h.screen(); !strings.Contains(s, "demobots-tui.toml:3") {
		t.Fatalf("the error is not shown:\n%s", s)
	}
	if len(act.seeds) != 0 {
		t.Fatal("seeded anyway")
	}
}
