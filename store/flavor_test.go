package store

import "testing"

func TestParseFlavor(t *testing.T) {
	t.Parallel()
	tests := []struct {
		version, comment string
		kind             FlavorKind
		ver, name        string
	}{
		{"10.11.19-MariaDB-0+deb12u1", "Debian 12", FlavorMariaDB, "10.11.19", "MariaDB 10.11.19"},
		{"11.4.2-MariaDB", "mariadb.org binary distribution", FlavorMariaDB, "11.4.2", "MariaDB 11.4.2"},
		{"5.5.5-10.6.12-MariaDB-log", "MariaDB Server", FlavorMariaDB, "10.6.12", "MariaDB 10.6.12"},
		{"8.0.36", "MySQL Community Server - GPL", FlavorMySQL, "8.0.36", "MySQL 8.0.36"},
		{"8.0.36-0ubuntu0.22.04.1", "(Ubuntu)", FlavorMySQL, "8.0.36", "MySQL 8.0.36"},
		{"8.0.36-28", "Percona Server (GPL), Release 28, Revision 47601f19", FlavorMySQL, "8.0.36", "MySQL 8.0.36"},
		{"8.4.3", "", FlavorMySQL, "8.4.3", "MySQL 8.4.3"}, // a server that refused @@version_comment
		{"8.0.11-TiDB-v8.4.0-this-is-a-placeholder", "TiDB Server (Apache License 2.0) Community Edition, MySQL 8.0 compatible", FlavorTiDB, "v8.4.0", "TiDB v8.4.0"},
		{"5.7.25-TiDB-v6.5.0", "TiDB Server (Apache License 2.0) Community Edition, MySQL 5.7 compatible", FlavorTiDB, "v6.5.0", "TiDB v6.5.0"},
		{"8.0.11-TiDB-v7.5.1-serverless", "", FlavorTiDB, "v7.5.1", "TiDB v7.5.1"},
		{"8.0.11-TiDB-v8.5.0-alpha-12-g0abc", "TiDB Server", FlavorTiDB, "v8.5.0-alpha", "TiDB v8.5.0-alpha"},
		// server-version configured without the marker: the comment tells;
		// the version comes from tidb_version().
		{"8.0.36", "TiDB Server (Apache License 2.0) Enterprise Edition, MySQL 8.0 compatible", FlavorTiDB, "", "TiDB"},
		{"8.0.31", "Dolt", FlavorEmbedded, "", "embedded go-mysql-server"},
		{"", "", FlavorUnknown, "", "unknown server"},
	}
	for _, tt := range tests {
		f := parseFlavor(tt.version, tt.comment)
		if f.Kind != tt.kind || f.Version != tt.ver || f.String() != tt.name || f.Reported != tt.version || f.Comment != tt.comment {
			t.Errorf("parseFlavor(%q, %q) = %+v (%q), want %v %q (%q)", tt.version, tt.comment, f, f, tt.kind, tt.ver, tt.name)
		}
	}
}

func TestTiDBReleaseVersion(t *testing.T) {
	t.Parallel()
	info := "Release Version: v8.4.0-this-is-a-placeholder\nEdition: Community\nGit Commit Hash: e4e814fdc0af\nStore: unistore"
	m := reTiDBVersion.FindStringSubmatch(info)
	if m == nil || m[1] != "v8.4.0" {
		t.Errorf("tidb_version() release: %q", m)
	}
}
