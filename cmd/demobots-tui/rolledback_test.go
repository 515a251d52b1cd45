package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/demobots/demobots-tui/seeder"
)

func TestRolledBackMessage(t *testing.T) {
	err := rolledBack("seed", "db", fmt.Errorf("load scores: %w", context.Canceled))
	if !strings.Contains(err.Error(), "rolled back") || !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled seed: %v", err)
	}
	after := fmt.Errorf("%w, but restart AUTO_INCREMENT: timeout", seeder.ErrCommitted)
	err = rolledBack("seed", "db", after)
	if strings.Contains(err.Error(), "rolled back") || !errors.Is(err, seeder.ErrCommitted) {
		t.Fatalf("a failure after COMMIT must not claim a rollback: %v", err)
	}
}
