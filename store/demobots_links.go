package store

import (
	"context"
	"fmt"
)

// userLinks are the relations of the relation graph the user view
// follows. session and score are needed by every query that walks from a
// user to their scores; without profile the user view shows no profile,
// without level no level names.
type userLinks struct {
	session *ForeignKey // sessions → users
	score   *ForeignKey // scores → sessions
	profile *ForeignKey // user_profiles → users
	level   *ForeignKey // scores → levels
}

// userLink names a relation the user view needs.
type userLink struct{ child, parent string }

var (
	linkSession = userLink{"sessions", "users"}
	linkScore   = userLink{"scores", "sessions"}
)

// userLinks finds the user view's relations in the graph; a needed one
// that is missing gives ErrNoRelation, which says how to declare it.
func (s *Store) userLinks(ctx context.Context, what string, need ...userLink) (userLinks, error) {
	g, err := s.RelationGraph(ctx)
	if err != nil {
		return userLinks{}, err
	}
	l := userLinks{
		session: g.Link("sessions", "users"),
		score:   g.Link("scores", "sessions"),
		profile: g.Link("user_profiles", "users"),
		level:   g.Link("scores", "levels"),
	}
	for _, n := range need {
		if g.Link(n.child, n.parent) == nil {
			return l, wrapOp(&Error{Kind: ErrNoRelation, Msg: fmt.Sprintf(
				"the user view follows %[1]s → %[2]s, and database %[3]s has no relation from %[1]s to %[2]s "+
					"(no foreign key, none declared, none inferred from a column name): declare it in the project file, e.g. "+
					"[[relation]] from = \"%[1]s.%[4]s_id\" to = \"%[2]s.id\"",
				n.child, n.parent, s.cfg.DBName, singular(n.parent))}, what)
		}
	}
	return l, nil
}

// singular is the demobots table names' singular, for examples.
func singular(table string) string {
	if len(table) > 1 && table[len(table)-1] == 's' {
		return table[:len(table)-1]
	}
	return table
}

// joinOn is the join condition of relation fk from the rows aliased child
// to those aliased parent: child.col = parent.ref for each column pair.
func joinOn(child, parent string, fk *ForeignKey) string {
	cond := ""
	for i, c := range fk.Columns {
		if i > 0 {
			cond += " AND "
		}
		cond += child + "." + QuoteIdent(c) + " = " + parent + "." + QuoteIdent(fk.RefColumns[i])
	}
	return cond
}
