package store

import (
	"context"

	sq "github.com/Masterminds/squirrel"
)

// Info describes the server and the connection: the server version, the
// address (never the password), the user, the selected database and
// whether the store is read-only.
func (s *Store) Info(ctx context.Context) (*ServerInfo, error) {
	query, args, err := sq.Select("VERSION()", "DATABASE()").ToSql()
	if err != nil {
		return nil, s.wrap(err, "build server info query")
	}
	var version string
	var db *string
	if err := s.db.QueryRowContext(ctx, query, args...).Scan(&version, &db); err != nil {
		return nil, s.wrapCtx(ctx, err, "read server info")
	}
	info := &ServerInfo{
		Database: s.cfg.DBName,
		Host:     s.cfg.Addr,
		User:     s.cfg.User,
		Version:  version,
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

// Ping checks that the server still answers.
func (s *Store) Ping(ctx context.Context) error {
	return s.wrapCtx(ctx, s.db.PingContext(ctx), "ping %s", Redact(s.cfg))
}
