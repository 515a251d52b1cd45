package tui

import (
	"context"

	"github.com/demobots/demobots-tui/store"
)

// Editor is what editing rows needs from the store: the statements for
// staged changes, applying them in one transaction, the cascade preview
// of a delete, and the rows a foreign key column may point to.
// *store.Store implements it.
type Editor interface {
	PlanEdits(ctx context.Context, changes []store.Change) (*store.EditPlan, error)
	ApplyEdits(ctx context.Context, plan *store.EditPlan) error
	PreviewDelete(ctx context.Context, info *store.TableInfo, cols []store.Column, row store.Row) (*store.DeletePreview, error)
	ParentChoices(ctx context.Context, fk store.ForeignKey, search string, limit int) (*store.ParentChoices, error)
	ParentExists(ctx context.Context, fk store.ForeignKey, cols []store.Column, row store.Row) (bool, error)
}

// *store.Store implements Editor.
var _ Editor = (*store.Store)(nil)
