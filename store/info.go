package store

import (
	"context"

	sq "github.com/Masterminds/squirrel"
)

// Info describes the server and the connection: the server version and
// flavour, the address (never the password), the user, the selected
// database and whether the store is read-only.
func (s *Store) Info(ctx context.Context) (*ServerInfo, error) {
	var version string
	var db *string
	if err := selectOne(ctx, s, "read server info", sq.Select("VERSION()", "DATABASE()"), &version, &db); err != nil {
		return nil, err
	}
	info := &ServerInfo{
		Database: s.cfg.DBName,
		Host:     s.cfg.Addr,
		User:     s.cfg.User,
		Version:  version,
		Flavor:   s.flavor,
		ReadOnly: s.opts.ReadOnly,
	}
	if db != nil {
		info.Database = *db
	}
	if s.cfg.Net == "unix" {
		info.Host = "unix(" + s.cfg.Addr + ")"
	}
	return info, nil
}
