package seeder

import (
	"fmt"
	"strings"
)

// Change is one statement of a push plan.
type Change struct {
	SQL         string
	Comment     string // what it does, e.g. "add column `nickname` to table `users`"
	Destructive bool
	Warning     string // why it is destructive, e.g. "drops column `users`.`nickname` (12 rows hold data)"
	Rows        int64  // rows affected by a destructive change, when known
	// Views names the views of the database that read a table this change
	// alters or drops (directly or through another view): they may stop
	// working or show other data.
	Views []string

	tables []string // the live tables it alters or drops
	view   string   // the view it drops, creates or replaces
}

// ObjectKind says what an Object is.
type ObjectKind string

// The kinds of objects a database holds beside the tables push manages.
const (
	ObjectTable     ObjectKind = "table"
	ObjectView      ObjectKind = "view"
	ObjectProcedure ObjectKind = "procedure"
	ObjectFunction  ObjectKind = "function"
)

// Object is a table, view or stored routine of the database.
type Object struct {
	Kind ObjectKind
	Name string
	// Rows is a table's exact row count; 0 for other kinds.
	Rows int64
}

// String is e.g. "table `notes` (3 rows)" or "view `v`".
func (o Object) String() string {
	s := fmt.Sprintf("%s %s", o.Kind, quoteIdent(o.Name))
	if o.Kind == ObjectTable {
		s += " (" + rowCount(o.Rows) + ")"
	}
	return s
}

// ForeignDatabase describes a database that holds none of the tables the
// desired schema declares, but tables of its own: most likely not the
// database the user meant to push to.
type ForeignDatabase struct {
	// Tables counts the database's own tables.
	Tables int
	// Adds counts the tables the push would create beside them.
	Adds int
}

// Plan is what push would run to make the database match the desired
// schema. Push manages the tables (and views) the desired schema declares
// and nothing else: the database's other tables, views and stored
// routines are listed in Unmanaged and left alone, unless the plan was
// made with PushOptions.Prune, which turns each into a destructive DROP.
type Plan struct {
	// File names the desired schema, e.g. "schema.sql".
	File    string
	Changes []Change
	// Unmanaged lists what the desired schema does not declare and the
	// plan leaves alone.
	Unmanaged []Object
	// AffectedViews lists, once each, the views named by Change.Views.
	AffectedViews []string
	// Foreign is set when the database holds none of the desired tables
	// but tables of its own. Such a plan needs typed confirmation.
	Foreign *ForeignDatabase
	// DroppedScratch names the leftover scratch databases of interrupted
	// pushes that planning dropped (see PlanPush).
	DroppedScratch []string
}

// Empty reports whether the database already matches: there is nothing
// to run (Unmanaged objects may still be listed).
func (p *Plan) Empty() bool { return p == nil || len(p.Changes) == 0 }

// Destructive reports whether any change can lose data or drop a
// guarantee (a foreign key, a unique index).
func (p *Plan) Destructive() bool { return len(p.DestructiveChanges()) > 0 }

// DestructiveChanges returns the changes marked Destructive, in order.
func (p *Plan) DestructiveChanges() []Change {
	if p == nil {
		return nil
	}
	var out []Change
	for _, c := range p.Changes {
		if c.Destructive {
			out = append(out, c)
		}
	}
	return out
}

// NeedsTypedConfirmation reports whether applying the plan should need the
// database's name typed (and, in a script, an explicit acceptance of data
// loss) rather than a plain yes: it is destructive, or the database is not
// one the desired schema describes (see Foreign).
func (p *Plan) NeedsTypedConfirmation() bool {
	return !p.Empty() && (p.Destructive() || p.Foreign != nil)
}

// Notices are the sentences a UI shows before the plan's statements, most
// important first: a foreign database, the scratch databases dropped, the
// objects left alone, the views a change touches.
func (p *Plan) Notices() []string {
	if p == nil {
		return nil
	}
	file := p.File
	if file == "" {
		file = "schema.sql"
	}
	var out []string
	if f := p.Foreign; f != nil {
		out = append(out, fmt.Sprintf("this is not a demobots database: it holds none of the tables of %s but %s of its own; push would add %s beside its %d",
			file, plural(f.Tables, "table"), plural(f.Adds, "table"), f.Tables))
	}
	if n := len(p.DroppedScratch); n > 0 {
		out = append(out, fmt.Sprintf("dropped %s left by interrupted pushes: %s",
			plural(n, "scratch database"), strings.Join(p.DroppedScratch, ", ")))
	}
	if len(p.Unmanaged) > 0 {
		names := make([]string, len(p.Unmanaged))
		for i, o := range p.Unmanaged {
			names[i] = o.String()
		}
		out = append(out, fmt.Sprintf("not managed — left alone (%s does not declare them): %s", file, strings.Join(names, ", ")))
	}
	if len(p.AffectedViews) > 0 {
		q := make([]string, len(p.AffectedViews))
		for i, v := range p.AffectedViews {
			q[i] = quoteIdent(v)
		}
		out = append(out, fmt.Sprintf("views that read a table this plan changes or drops, and may break or change: %s", strings.Join(q, ", ")))
	}
	return out
}

// plural is "1 table" or "3 tables".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	if strings.HasSuffix(noun, "s") {
		return fmt.Sprintf("%d %ses", n, noun)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// rowCount is "1 row" or "12 rows".
func rowCount(n int64) string {
	if n == 1 {
		return "1 row"
	}
	return fmt.Sprintf("%d rows", n)
}
