// Package demobots holds the demobots schema, embedded so that the binary
// needs no files at run time.
package demobots

import _ "embed"

// Schema is the contents of schema.sql: the desired state that push applies.
//
//go:embed schema.sql
var Schema string

// Tables lists the schema's tables in foreign-key order (parents first).
var Tables = []string{"users", "user_profiles", "sessions", "levels", "scores"}
