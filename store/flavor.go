package store

import (
	"context"
	"regexp"
	"strings"

	sq "github.com/Masterminds/squirrel"
)

// FlavorKind is the kind of server a Store talks to.
type FlavorKind int

// The server kinds the store tells apart.
const (
	// FlavorUnknown: the server did not say what it is.
	FlavorUnknown FlavorKind = iota
	// FlavorMySQL: MySQL, or a server that reports itself like MySQL
	// (Percona Server, Aurora MySQL, ...).
	FlavorMySQL
	// FlavorMariaDB: MariaDB.
	FlavorMariaDB
	// FlavorTiDB: TiDB, which answers VERSION() with the MySQL version it
	// imitates and its own after "-TiDB-".
	FlavorTiDB
	// FlavorEmbedded: the in-process go-mysql-server engine, which
	// answers VERSION() like MySQL 8.0 and @@version_comment with "Dolt".
	FlavorEmbedded
)

// String names the kind: "MySQL", "MariaDB", "TiDB", "embedded
// go-mysql-server" or "unknown server".
func (k FlavorKind) String() string {
	switch k {
	case FlavorMySQL:
		return "MySQL"
	case FlavorMariaDB:
		return "MariaDB"
	case FlavorTiDB:
		return "TiDB"
	case FlavorEmbedded:
		return "embedded go-mysql-server"
	}
	return "unknown server"
}

// Flavor is the kind of server a Store talks to and its own version,
// detected once when the store opens. The store branches on engine
// differences through it, and only through it.
type Flavor struct {
	Kind FlavorKind
	// Version is the server's own version: "10.11.19" for MariaDB,
	// "v8.4.0" for TiDB, "8.0.36" for MySQL. It is empty for the embedded
	// engine, which reports only the MySQL version it imitates, and for an
	// unknown server.
	Version string
	// Reported is what VERSION() answered, e.g.
	// "10.11.19-MariaDB-0+deb12u1" or "8.0.11-TiDB-v8.4.0".
	Reported string
	// Comment is what @@version_comment answered, e.g. "Debian 12",
	// "MySQL Community Server - GPL", "Dolt".
	Comment string
}

// ReadOnlyTransactions reports whether the server runs START TRANSACTION
// READ ONLY. TiDB implements it only as a no-op and refuses it (error 1235)
// unless tidb_enable_noop_functions is on; there a repeatable-read
// transaction is the same snapshot, and only reads are sent through it.
func (f Flavor) ReadOnlyTransactions() bool { return f.Kind != FlavorTiDB }

// String names the server with its version: "MariaDB 10.11.19",
// "TiDB v8.4.0", "MySQL 8.0.36", "embedded go-mysql-server".
func (f Flavor) String() string {
	switch {
	case f.Kind == FlavorUnknown && f.Reported != "":
		return "unknown server " + f.Reported
	case f.Version == "":
		return f.Kind.String()
	}
	return f.Kind.String() + " " + f.Version
}

var (
	// reLeadingVersion is a version at the start of VERSION()'s answer.
	reLeadingVersion = regexp.MustCompile(`^\d+(?:\.\d+)*`)
	// reTiDBVersion is TiDB's own version after "-TiDB-" in VERSION(), or
	// after "Release Version:" in tidb_version(): v8.4.0, v7.5.1-rc.1, ...
	reTiDBVersion = regexp.MustCompile(`(?:-TiDB-|Release Version:\s*)(v?\d+\.\d+\.\d+(?:-(?:alpha|beta|rc)[.\w]*)?)`)
)

// parseFlavor tells the server apart by what VERSION() and
// @@version_comment answered. A TiDB whose VERSION() was configured without
// the "-TiDB-" marker is still a TiDB (its comment says so) but has no
// Version here; detectFlavor asks tidb_version() for it.
func parseFlavor(version, comment string) Flavor {
	f := Flavor{Reported: version, Comment: comment}
	lower, lowerComment := strings.ToLower(version), strings.ToLower(comment)
	switch {
	case strings.TrimSpace(version) == "":
		return f
	case strings.Contains(lower, "-tidb-") || strings.Contains(lowerComment, "tidb"):
		f.Kind = FlavorTiDB
		if m := reTiDBVersion.FindStringSubmatch(version); m != nil {
			f.Version = m[1]
		}
	case strings.Contains(lower, "mariadb"):
		f.Kind = FlavorMariaDB
		// A MariaDB behind a replication proxy may still carry the
		// "5.5.5-" prefix MariaDB once sent to old MySQL clients.
		f.Version = reLeadingVersion.FindString(strings.TrimPrefix(version, "5.5.5-"))
	case lowerComment == "dolt":
		// go-mysql-server's default @@version_comment; it has no version
		// of its own to report.
		f.Kind = FlavorEmbedded
	default:
		f.Kind = FlavorMySQL
		f.Version = reLeadingVersion.FindString(version)
	}
	return f
}

// detectFlavor asks the server what it is. A server that refuses
// @@version_comment is told apart by VERSION() alone; one that refuses
// both is FlavorUnknown. Only a done ctx is an error.
func detectFlavor(ctx context.Context, q Querier) (Flavor, error) {
	var version, comment string
	err := scanOne(ctx, q, sq.Select("VERSION()", "@@version_comment"), &version, &comment)
	if err != nil && ctx.Err() == nil {
		err = scanOne(ctx, q, sq.Select("VERSION()"), &version)
	}
	if err != nil {
		if ctx.Err() != nil {
			return Flavor{}, err
		}
		return Flavor{}, nil
	}
	f := parseFlavor(version, comment)
	if f.Kind == FlavorTiDB && f.Version == "" {
		var info string
		if err := scanOne(ctx, q, sq.Select("tidb_version()"), &info); err == nil {
			if m := reTiDBVersion.FindStringSubmatch(info); m != nil {
				f.Version = m[1]
			}
		}
	}
	return f, ctx.Err()
}

// Flavor is the kind and version of the server, detected when the store
// opened.
func (s *Store) Flavor() Flavor { return s.flavor }
