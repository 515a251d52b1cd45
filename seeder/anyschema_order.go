package seeder

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/demobots/demobots-tui/store"
)

// ErrFKCycle is the refusal of a seed whose tables' foreign keys form a
// cycle with every edge NOT NULL, so that no row of it can be inserted
// first.
var ErrFKCycle = errors.New("the foreign keys form a cycle of NOT NULL columns")

// edge is a foreign key between two different tables: child depends on
// parent.
type edge struct {
	fk       store.ForeignKey
	nullable bool // every column of the key may be NULL
}

// loadOrder orders tables parents first (by name among equals, so the
// order is stable). Within a cycle of foreign keys, the nullable edges are
// deferred: loaded as NULL and filled by a second pass (deferred lists
// them). A cycle left with NOT NULL edges only is refused, naming it.
func loadOrder(tables []*catTable) (order []string, deferred []store.ForeignKey, err error) {
	var edges []edge
	for _, t := range tables {
		for _, fk := range t.fks {
			if fk.RefTable == fk.Table {
				continue // a self-reference: a tree, loaded in row order
			}
			nullable := true
			for _, c := range fk.Columns {
				if col := t.column(c); col == nil || !col.Nullable {
					nullable = false
				}
			}
			edges = append(edges, edge{fk: fk, nullable: nullable})
		}
	}
	names := make([]string, len(tables))
	for i, t := range tables {
		names[i] = t.name
	}
	slices.Sort(names)
	order, stuck := kahn(names, edges)
	if len(stuck) == 0 {
		return order, nil, nil
	}
	// Defer the nullable edges among the tables on or between cycles.
	on := cyclic(stuck, edges)
	var kept []edge
	for _, e := range edges {
		if e.nullable && on[e.fk.Table] && on[e.fk.RefTable] {
			deferred = append(deferred, e.fk)
			continue
		}
		kept = append(kept, e)
	}
	order, stuck = kahn(names, kept)
	if len(stuck) > 0 {
		return nil, nil, fmt.Errorf("seeder: %w: %s (make one of these columns nullable, or seed the tables yourself)", ErrFKCycle, describeCycle(stuck, kept))
	}
	return order, deferred, nil
}

// kahn sorts names so that every edge's parent comes before its child; the
// tables it cannot place (on or behind a cycle) are returned as stuck.
func kahn(names []string, edges []edge) (order, stuck []string) {
	done := map[string]bool{}
	for len(order) < len(names) {
		progress := false
		for _, n := range names {
			if done[n] || !ready(n, edges, done) {
				continue
			}
			done[n] = true
			order = append(order, n)
			progress = true
			break
		}
		if !progress {
			break
		}
	}
	for _, n := range names {
		if !done[n] {
			stuck = append(stuck, n)
		}
	}
	return order, stuck
}

func ready(n string, edges []edge, done map[string]bool) bool {
	for _, e := range edges {
		if e.fk.Table == n && !done[e.fk.RefTable] {
			return false
		}
	}
	return true
}

// cyclic narrows stuck (tables on a cycle or depending on one) to those
// on a cycle or between two: it drops, repeatedly, the tables that no
// other stuck table depends on.
func cyclic(stuck []string, edges []edge) map[string]bool {
	on := map[string]bool{}
	for _, n := range stuck {
		on[n] = true
	}
	for changed := true; changed; {
		changed = false
		for n := range on {
			used := false
			for _, e := range edges {
				if e.fk.RefTable == n && on[e.fk.Table] {
					used = true
					break
				}
			}
			if !used {
				delete(on, n)
				changed = true
			}
		}
	}
	return on
}

// describeCycle finds a cycle among stuck and writes it as
// "stores.manager_id → employees.store_id → stores".
func describeCycle(stuck []string, edges []edge) string {
	in := map[string]bool{}
	for _, n := range stuck {
		in[n] = true
	}
	// Walk parent links from a stuck table: every stuck table has a stuck
	// parent, so the walk must come back to a table it has seen.
	var path []edge
	seen := map[string]int{}
	n := stuck[0]
	for {
		if i, ok := seen[n]; ok {
			path = path[i:]
			break
		}
		seen[n] = len(path)
		for _, e := range edges {
			if e.fk.Table == n && in[e.fk.RefTable] {
				path = append(path, e)
				n = e.fk.RefTable
				break
			}
		}
	}
	var b strings.Builder
	for _, e := range path {
		b.WriteString(e.fk.Table + "." + strings.Join(e.fk.Columns, ",") + " → ")
	}
	b.WriteString(path[0].fk.Table)
	return b.String()
}
