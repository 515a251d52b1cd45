package store_test

import (
	"errors"
	"testing"

	"github.com/demobots/demobots-tui/store"
)

// newLibrary creates authors → books → chapters → quotes with CASCADE,
// SET NULL, RESTRICT and a composite key:
//
//	author 1: books 10, 11; chapters 100, 101 (book 10), 102 (book 11);
//	          reviews 1000, 1001 (SET NULL); editions 500, 501 (composite)
//	author 2: book 12; chapter 103 with quote 9000 (RESTRICT); review 1002;
//	          edition 502
func newLibrary(t *testing.T) (*store.Store, func(string) int64) {
	t.Helper()
	st, db, _ := newDB(t)
	exec(t, db,
		"CREATE TABLE authors (id INT NOT NULL PRIMARY KEY, name VARCHAR(20) NOT NULL)",
		"CREATE TABLE books (id INT NOT NULL PRIMARY KEY, author_id INT NOT NULL, UNIQUE KEY books_author_book (author_id, id),"+
			" CONSTRAINT books_author_fk FOREIGN KEY (author_id) REFERENCES authors (id) ON DELETE CASCADE)",
		"CREATE TABLE chapters (id INT NOT NULL PRIMARY KEY, book_id INT NOT NULL, KEY chapters_book (book_id),"+
			" CONSTRAINT chapters_book_fk FOREIGN KEY (book_id) REFERENCES books (id) ON DELETE CASCADE)",
		"CREATE TABLE reviews (id INT NOT NULL PRIMARY KEY, book_id INT NULL, KEY reviews_book (book_id),"+
			" CONSTRAINT reviews_book_fk FOREIGN KEY (book_id) REFERENCES books (id) ON DELETE SET NULL)",
		"CREATE TABLE editions (id INT NOT NULL PRIMARY KEY, a_id INT NOT NULL, b_id INT NOT NULL, KEY editions_ab (a_id, b_id),"+
			" CONSTRAINT editions_book_fk FOREIGN KEY (a_id, b_id) REFERENCES books (author_id, id) ON DELETE CASCADE)",
		"CREATE TABLE quotes (id INT NOT NULL PRIMARY KEY, chapter_id INT NOT NULL, KEY quotes_chapter (chapter_id),"+
			" CONSTRAINT quotes_chapter_fk FOREIGN KEY (chapter_id) REFERENCES chapters (id) ON DELETE RESTRICT)",
		"INSERT INTO authors VALUES (1, 'Ann'), (2, 'Ben')",
		"INSERT INTO books VALUES (10, 1), (11, 1), (12, 2)",
		"INSERT INTO chapters VALUES (100, 10), (101, 10), (102, 11), (103, 12)",
		"INSERT INTO reviews VALUES (1000, 10), (1001, 11), (1002, 12), (1003, NULL)",
		"INSERT INTO editions VALUES (500, 1, 10), (501, 1, 11), (502, 2, 12)",
		"INSERT INTO quotes VALUES (9000, 103)",
	)
	count := func(query string) int64 { return plainIDs(t, db, query)[0] }
	return st, count
}

// TestCascadePreviewMatchesDelete previews deleting an author, deletes it,
// and checks every count against what the delete really did.
func TestCascadePreviewMatchesDelete(t *testing.T) {
	parallel(t)
	st, count := newLibrary(t)
	info, p := page(t, st, "authors")
	preview, err := st.PreviewDelete(ctxT(t), info, p.Columns, p.Rows[0])
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]store.CascadeEffect{}
	for _, e := range preview.Effects {
		got[e.FK.Table] = e
	}
	want := map[string]struct {
		rule  string
		depth int
	}{"books": {"CASCADE", 1}, "chapters": {"CASCADE", 2}, "reviews": {"SET NULL", 2}, "editions": {"CASCADE", 2}, "quotes": {"RESTRICT", 3}}
	if len(got) != len(want) || len(preview.Effects) != len(want) {
		t.Fatalf("effects %+v", preview.Effects)
	}
	for table, w := range want {
		if e := got[table]; e.Rule != w.rule || e.Depth != w.depth {
			t.Errorf("%s: %+v, want rule %s at depth %d", table, e, w.rule, w.depth)
		}
	}
	if len(preview.Blocked()) != 0 || preview.Deeper {
		t.Fatalf("blocked %+v", preview.Blocked())
	}
	tables := []string{"books", "chapters", "editions", "quotes"}
	before := map[string]int64{}
	for _, table := range tables {
		before[table] = count("SELECT COUNT(*) FROM " + table)
	}
	nullsBefore := count("SELECT COUNT(*) FROM reviews WHERE book_id IS NULL")

	apply(t, st, store.Change{Kind: store.ChangeDelete, Info: info, Columns: p.Columns, Row: p.Rows[0]})

	for _, table := range tables {
		removed := before[table] - count("SELECT COUNT(*) FROM "+table)
		if removed != got[table].Rows {
			t.Errorf("%s: the preview says %d rows, the delete removed %d", table, got[table].Rows, removed)
		}
	}
	if nulled := count("SELECT COUNT(*) FROM reviews WHERE book_id IS NULL") - nullsBefore; nulled != got["reviews"].Rows {
		t.Errorf("reviews: the preview says %d rows set to NULL, the delete set %d", got["reviews"].Rows, nulled)
	}
	if preview.Deleted() != got["books"].Rows+got["chapters"].Rows+got["editions"].Rows || preview.Deleted() == 0 {
		t.Errorf("Deleted() = %d", preview.Deleted())
	}
}

// TestCascadePreviewRefusesARestrictedDelete: a RESTRICT child row three
// levels down blocks the delete; the preview says so, and the delete
// itself fails and changes nothing.
func TestCascadePreviewRefusesARestrictedDelete(t *testing.T) {
	parallel(t)
	st, count := newLibrary(t)
	info, p := page(t, st, "authors")
	preview, err := st.PreviewDelete(ctxT(t), info, p.Columns, p.Rows[1])
	if err != nil {
		t.Fatal(err)
	}
	blocked := preview.Blocked()
	if len(blocked) != 1 || blocked[0].FK.Table != "quotes" || blocked[0].Rows != 1 || blocked[0].Depth != 3 {
		t.Fatalf("blocked %+v", blocked)
	}
	plan := mustPlan(t, st, store.Change{Kind: store.ChangeDelete, Info: info, Columns: p.Columns, Row: p.Rows[1]})
	if err := st.ApplyEdits(ctxT(t), plan); !errors.Is(err, store.ErrForeignKey) {
		t.Fatalf("the restricted delete: %v, want a foreign key error", err)
	}
	if n := count("SELECT COUNT(*) FROM chapters WHERE id = 103") + count("SELECT COUNT(*) FROM authors WHERE id = 2"); n != 2 {
		t.Fatal("the failed delete removed rows")
	}
}
