package tui

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/demobots/demobots-tui/internal/humanize"
	"github.com/demobots/demobots-tui/store"
)

// orphanCounts are the orphan counts a view or dialog asked for: rows of a
// declared or inferred relation whose parent row does not exist. They are
// counted on request only (each reads a whole table) and kept by relation.
type orphanCounts struct {
	seq    int              // the request in flight, 0 when none
	counts map[string]int64 // by relationKey
	asked  map[string]bool  // counted or being counted
}

// relationKey identifies a relation among those of a table.
func relationKey(fk store.ForeignKey) string {
	return fk.Table + "\x00" + strings.Join(fk.Columns, "\x00") + "\x01" + fk.RefTable + "\x00" + strings.Join(fk.RefColumns, "\x00")
}

// unchecked returns the relations of rels that no constraint checks.
func unchecked(rels []store.ForeignKey) []store.ForeignKey {
	var out []store.ForeignKey
	for _, r := range rels {
		if r.Origin != store.OriginFK {
			out = append(out, r)
		}
	}
	return out
}

// start counts the orphans of rels for component target.
func (o *orphanCounts) start(c *common, target int, rels []store.ForeignKey) tea.Cmd {
	if o.asked == nil {
		o.asked, o.counts = map[string]bool{}, map[string]int64{}
	}
	for _, r := range rels {
		o.asked[relationKey(r)] = true
		delete(o.counts, relationKey(r))
	}
	o.seq = c.nextID()
	return countOrphans(c, target, o.seq, rels)
}

// take records the counts of the request in flight; it reports whether
// msg was that request's answer.
func (o *orphanCounts) take(msg orphansCountedMsg) (Intent, bool) {
	if msg.seq != o.seq || o.seq == 0 {
		return nil, false
	}
	o.seq = 0
	for i, n := range msg.counts {
		o.counts[relationKey(msg.rels[i])] = n
	}
	if msg.err != nil {
		for _, r := range msg.rels[len(msg.counts):] {
			delete(o.asked, relationKey(r))
		}
		return failure{err: msg.err}, true
	}
	return success{}, true
}

// busy reports whether a count is running.
func (o *orphanCounts) busy() bool { return o.seq != 0 }

// any reports whether any count was asked for.
func (o *orphanCounts) any() bool { return len(o.asked) > 0 }

// label is what the orphans of fk are shown as: "" before a count,
// "counting…" during one, "no orphans" or "3 orphans" after, and
// "enforced" for a foreign key, whose constraint refuses them.
func (o *orphanCounts) label(fk store.ForeignKey) string {
	if fk.Origin == store.OriginFK {
		return "enforced"
	}
	k := relationKey(fk)
	if n, ok := o.counts[k]; ok {
		if n == 0 {
			return "no orphans"
		}
		return humanize.Plural(n, "orphan")
	}
	if o.asked[k] {
		return "counting…"
	}
	return ""
}
