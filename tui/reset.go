package tui

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	demobots "github.com/demobots/demobots-tui"
	"github.com/demobots/demobots-tui/seeder"
	"github.com/demobots/demobots-tui/tui/internal/sanitize"
)

// openReset asks for the typed confirmation of a reset.
func openReset(c *common, _ string) (Intent, tea.Cmd) {
	db := sanitize.Line(c.actions.DatabaseName())
	d, cmd := confirmAction(c, actionReset, "Reset "+db, []string{
		"Reset deletes every row of the demobots tables in " + db + " (" + strings.Join(demobots.Tables, ", ") +
			") and restarts their ids at 1, atomically: never some rows gone and others not. Other tables are left alone.",
	}, nil, nil, seeder.Options{})
	return openDialog{d: d}, cmd
}
