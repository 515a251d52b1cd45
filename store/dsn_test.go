package store

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestParseURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		raw    string
		user   string
		passwd string
		net    string
		addr   string
		db     string
		check  func(t *testing.T, cfgTLS string, params map[string]string)
	}{
		{name: "mysql url", raw: "mysql://bob:secret@db.example.com:3307/demobots",
			user: "bob", passwd: "secret", net: "tcp", addr: "db.example.com:3307", db: "demobots"},
		{name: "mariadb scheme", raw: "mariadb://bob:secret@localhost/demo",
			user: "bob", passwd: "secret", net: "tcp", addr: "localhost:3306", db: "demo"},
		{name: "upper-case scheme", raw: "MySQL://bob@h/d", user: "bob", net: "tcp", addr: "h:3306", db: "d"},
		{name: "default port", raw: "mysql://root@127.0.0.1/db-demobots",
			user: "root", net: "tcp", addr: "127.0.0.1:3306", db: "db-demobots"},
		{name: "no user means root", raw: "mysql://127.0.0.1:3306/x", user: "root", net: "tcp", addr: "127.0.0.1:3306", db: "x"},
		{name: "no host means localhost", raw: "mysql://root@/x", user: "root", net: "tcp", addr: "127.0.0.1:3306", db: "x"},
		{name: "no database", raw: "mysql://root@127.0.0.1:3306/", user: "root", net: "tcp", addr: "127.0.0.1:3306", db: ""},
		{name: "percent-encoded parts", raw: "mysql://b%40b:p%40ss%2Fw%3Ard@host:3306/my%20db",
			user: "b@b", passwd: "p@ss/w:rd", net: "tcp", addr: "host:3306", db: "my db"},
		{name: "unix socket", raw: "mysql://root:pw@/demo?socket=/run/mysqld/mysqld.sock",
			user: "root", passwd: "pw", net: "unix", addr: "/run/mysqld/mysqld.sock", db: "demo"},
		{name: "ipv6 host", raw: "mysql://root@[::1]:3307/demo", user: "root", net: "tcp", addr: "[::1]:3307", db: "demo"},
		{name: "ipv6 default port", raw: "mysql://root@[fe80::1]/demo", user: "root", net: "tcp", addr: "[fe80::1]:3306", db: "demo"},
		{name: "options", raw: "mysql://root@h:1/d?tls=false&timeout=2s",
			user: "root", net: "tcp", addr: "h:1", db: "d"},
		{name: "native DSN", raw: "bob:secret@tcp(db:3306)/demo?parseTime=false",
			user: "bob", passwd: "secret", net: "tcp", addr: "db:3306", db: "demo"},
		{name: "native DSN without host", raw: "bob@tcp(:3310)/demo", user: "bob", net: "tcp", addr: "127.0.0.1:3310", db: "demo"},
		{name: "native DSN unix", raw: "bob@unix(/tmp/my.sock)/demo", user: "bob", net: "unix", addr: "/tmp/my.sock", db: "demo"},
		{name: "surrounding spaces", raw: "  mysql://root@h/d \n", user: "root", net: "tcp", addr: "h:3306", db: "d"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg, err := ParseURL(tt.raw)
			if err != nil {
				t.Fatalf("ParseURL(%q): %v", tt.raw, err)
			}
			if cfg.User != tt.user || cfg.Passwd != tt.passwd || cfg.Net != tt.net || cfg.Addr != tt.addr || cfg.DBName != tt.db {
				t.Errorf("got user=%q passwd=%q net=%q addr=%q db=%q; want %q %q %q %q %q",
					cfg.User, cfg.Passwd, cfg.Net, cfg.Addr, cfg.DBName, tt.user, tt.passwd, tt.net, tt.addr, tt.db)
			}
			if !cfg.ParseTime {
				t.Error("ParseTime is off")
			}
			if cfg.Timeout <= 0 || cfg.ReadTimeout <= 0 || cfg.WriteTimeout <= 0 {
				t.Errorf("timeouts not bounded: %v %v %v", cfg.Timeout, cfg.ReadTimeout, cfg.WriteTimeout)
			}
			if !strings.HasPrefix(cfg.Collation, "utf8mb4") {
				t.Errorf("collation %q is not utf8mb4", cfg.Collation)
			}
		})
	}
}

func TestParseURLOptions(t *testing.T) {
	t.Parallel()
	cfg, err := ParseURL("mysql://root@h/d?tls=false&timeout=2s&readTimeout=7s")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Timeout != 2*time.Second || cfg.ReadTimeout != 7*time.Second || cfg.WriteTimeout != WriteTimeout {
		t.Errorf("timeouts %v %v %v", cfg.Timeout, cfg.ReadTimeout, cfg.WriteTimeout)
	}
	if cfg.TLS != nil {
		t.Errorf("tls=false left a TLS config")
	}
	if _, err := ParseURL("mysql://root@h/d?nosuchoption=1"); err == nil {
		// The driver passes unknown options to the server as session
		// variables; that is fine, but a malformed value must fail.
		t.Log("unknown option accepted as a session variable")
	}
	if _, err := ParseURL("mysql://root@h/d?timeout=soon"); err == nil {
		t.Error("a malformed timeout was accepted")
	}
}

func TestParseURLErrors(t *testing.T) {
	t.Parallel()
	const pw = "s3cr3t-Pa55"
	tests := []struct {
		name, raw, want string
	}{
		{"empty", "", "empty"},
		{"blank", "   ", "empty"},
		{"bad scheme", "postgres://u:" + pw + "@h/d", "unsupported scheme"},
		{"bad port", "mysql://u:" + pw + "@h:99999/d", "out of range"},
		{"port not a number", "mysql://u:" + pw + "@h:abc/d", ""},
		{"empty port", "mysql://u:" + pw + "@h:/d", "empty port"},
		{"unencoded at sign", "mysql://u:" + pw + "@x@h:port/d", ""},
		{"slash in database", "mysql://u:" + pw + "@h/a/b", "contains '/'"},
		{"bad option", "mysql://u:" + pw + "@h/d?timeout=xyz", "options"},
		{"garbage DSN", "u:" + pw + "@tcp(h:3306", ""},
		{"DSN bad port", "u:" + pw + "@tcp(h:0)/d", "out of range"},
		{"control character", "mysql://u:" + pw + "@h/d\x7f", ""},
		// The driver reads "root:pw/db" as network "root:pw" and quotes it.
		{"DSN without at sign", "root:" + pw + "/db", "neither"},
		{"DSN password with at sign", "root:Ab@" + pw + "/db", "neither"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := ParseURL(tt.raw)
			if err == nil {
				t.Fatalf("ParseURL(%q) succeeded", tt.raw)
			}
			if !errors.Is(err, ErrBadURL) {
				t.Errorf("error %v does not wrap ErrBadURL", err)
			}
			if strings.Contains(err.Error(), pw) {
				t.Errorf("error contains the password: %v", err)
			}
			if tt.want != "" && !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not mention %q", err, tt.want)
			}
		})
	}
}

func TestRedact(t *testing.T) {
	t.Parallel()
	cfg, err := ParseURL("mysql://bob:topsecret@h:3307/demo")
	if err != nil {
		t.Fatal(err)
	}
	got := Redact(cfg)
	if got != "bob@h:3307/demo" {
		t.Errorf("Redact = %q", got)
	}
	cfg, _ = ParseURL("mysql://bob:topsecret@/demo?socket=/s.sock")
	if got := Redact(cfg); got != "bob@unix(/s.sock)/demo" || strings.Contains(got, "topsecret") {
		t.Errorf("Redact = %q", got)
	}
	if Redact(nil) != "" {
		t.Error("Redact(nil) is not empty")
	}
}

func FuzzParseURL(f *testing.F) {
	for _, seed := range []string{
		"mysql://root:pw@127.0.0.1:3306/db",
		"mariadb://u:p%40ss@[::1]/d?socket=/x.sock",
		"u:pass@tcp(h:3306)/d?parseTime=true",
		"mysql://u:p@h:/d",
		"mysql://:@/",
		"postgres://x",
		"",
		"mysql://u:pw@h/d?tls=false&timeout=1s",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		cfg, err := ParseURL(raw)
		if err != nil {
			if !errors.Is(err, ErrBadURL) {
				t.Fatalf("error does not wrap ErrBadURL: %v", err)
			}
			// Put a recognisable password in the same place: no error
			// may repeat it.
			if pw := passwordOf(raw); pw != "" {
				const token = "Zq9Xj7WvK"
				probe := strings.Replace(raw, ":"+pw+"@", ":"+token+"@", 1)
				if _, perr := ParseURL(probe); perr != nil && strings.Contains(perr.Error(), token) {
					t.Fatalf("error %q contains the password", perr)
				}
			}
			return
		}
		if !cfg.ParseTime {
			t.Fatal("ParseTime is off")
		}
		if !strings.HasPrefix(cfg.Collation, "utf8mb4") {
			t.Fatalf("collation %q", cfg.Collation)
		}
		if cfg.Timeout <= 0 || cfg.ReadTimeout <= 0 || cfg.WriteTimeout <= 0 {
			t.Fatalf("unbounded timeouts %v %v %v", cfg.Timeout, cfg.ReadTimeout, cfg.WriteTimeout)
		}
		// Redact never depends on the password.
		other := cfg.Clone()
		other.Passwd = cfg.Passwd + "x"
		if Redact(cfg) != Redact(other) {
			t.Fatalf("Redact depends on the password: %q", Redact(cfg))
		}
	})
}

// passwordOf extracts what ParseURL would take as the password of raw:
// in a mysql:// URL the text between the first ':' and the last '@' of the
// address part; in a DSN the same within the part before the last '/'.
func passwordOf(raw string) string {
	var userinfo string
	if scheme, rest, ok := strings.Cut(strings.TrimSpace(raw), "://"); ok && isScheme(scheme) {
		if i := strings.IndexAny(rest, "/?#"); i >= 0 {
			rest = rest[:i]
		}
		userinfo = rest
	} else {
		userinfo = raw
		if i := strings.LastIndex(raw, "/"); i >= 0 {
			userinfo = raw[:i]
		}
	}
	at := strings.LastIndex(userinfo, "@")
	if at < 0 {
		return ""
	}
	_, pw, ok := strings.Cut(userinfo[:at], ":")
	if !ok {
		return ""
	}
	return pw
}
