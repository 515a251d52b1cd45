package store

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/go-sql-driver/mysql"
)

// Connection timeouts applied to every configuration ParseURL returns, so a
// dead host or a stalled server ends in an error instead of a hang.
const (
	DialTimeout  = 5 * time.Second
	ReadTimeout  = 60 * time.Second
	WriteTimeout = 60 * time.Second
)

// ErrBadURL is wrapped by every error ParseURL returns.
var ErrBadURL = errors.New("invalid database URL")

// ParseURL turns a database URL into a driver configuration. It accepts
//
//	mysql://user:password@host:port/database?options   (also mariadb://)
//	mysql://user@/database?socket=/run/mysqld/mysqld.sock
//	user:password@tcp(host:3306)/database?parseTime=true (go-sql-driver DSN)
//
// URL parts may be percent-encoded; the port defaults to 3306. Whatever the
// input says, the result parses times, talks utf8mb4 and has bounded
// connect, read and write timeouts (the URL may shorten or lengthen them
// with timeout=, readTimeout=, writeTimeout=). Errors never contain the
// password.
func ParseURL(raw string) (*mysql.Config, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return nil, fmt.Errorf("%w: it is empty; expected mysql://user:password@host:3306/database", ErrBadURL)
	}
	var cfg *mysql.Config
	var err error
	if scheme, _, ok := strings.Cut(raw, "://"); ok && isScheme(scheme) {
		switch strings.ToLower(scheme) {
		case "mysql", "mariadb":
			cfg, err = parseMySQLURL(raw)
		default:
			return nil, fmt.Errorf("%w: unsupported scheme %q; use mysql:// or mariadb://", ErrBadURL, scheme)
		}
	} else {
		cfg, err = parseDSN(raw)
	}
	if err != nil {
		return nil, err
	}
	applyDefaults(cfg)
	return cfg, nil
}

// isScheme reports whether s can be a URL scheme (letters, digits, + - .),
// so that a DSN whose options happen to contain "://" is not mistaken for
// a URL and its password quoted as a "scheme".
func isScheme(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '+' || r == '-' || r == '.') {
			return false
		}
	}
	return true
}

// encodeHint ends the messages about a URL that does not parse: the usual
// cause is a password with special characters.
const encodeHint = "percent-encode special characters in the user name, password and database name (@ as %40, / as %2F, : as %3A, # as %23, ? as %3F)"

func parseMySQLURL(raw string) (*mysql.Config, error) {
	// An '@' after the first '/' of the address means the password (or a
	// database name) holds a '/' or an '@': the URL would split in the
	// wrong place and put pieces of the password in the host or database
	// name, so refuse it without quoting any of it.
	rest := raw[strings.Index(raw, "://")+3:]
	if i := strings.IndexAny(rest, "/?#"); i >= 0 && strings.Contains(rest[i:], "@") {
		return nil, fmt.Errorf("%w: there is an '@' after the host part; %s", ErrBadURL, encodeHint)
	}
	u, err := url.Parse(raw)
	if err != nil {
		// url.Error repeats the whole input, and its inner messages quote
		// pieces of it (an "invalid port" may be half a password): say
		// what kind of problem it is and quote nothing.
		return nil, fmt.Errorf("%w: %s; %s", ErrBadURL, urlProblem(err), encodeHint)
	}
	cfg := mysql.NewConfig()
	if u.User != nil {
		cfg.User = u.User.Username()
		cfg.Passwd, _ = u.User.Password()
	}
	if cfg.User == "" {
		cfg.User = "root"
	}
	q := u.Query()
	if sock := q.Get("socket"); sock != "" {
		cfg.Net = "unix"
		cfg.Addr = sock
		q.Del("socket")
	} else {
		host, port := u.Hostname(), u.Port()
		if strings.HasSuffix(u.Host, ":") && port == "" {
			return nil, fmt.Errorf("%w: empty port after the host; remove the ':' or add a port", ErrBadURL)
		}
		if host == "" {
			host = "127.0.0.1"
		}
		if port == "" {
			port = "3306"
		}
		if err := checkPort(port); err != nil {
			return nil, err
		}
		cfg.Net = "tcp"
		cfg.Addr = net.JoinHostPort(host, port)
	}
	db, err := url.PathUnescape(strings.TrimPrefix(u.EscapedPath(), "/"))
	if err != nil {
		return nil, fmt.Errorf("%w: the database name has an invalid %%-escape; %s", ErrBadURL, encodeHint)
	}
	if strings.Contains(db, "/") {
		return nil, fmt.Errorf("%w: the database name contains '/'; %s", ErrBadURL, encodeHint)
	}
	cfg.DBName = db
	// Remaining query options use go-sql-driver's DSN parameter names
	// (tls=true, timeout=10s, ...); let the driver validate them.
	if len(q) > 0 {
		probe, err := mysql.ParseDSN("/?" + q.Encode())
		if err != nil {
			return nil, fmt.Errorf("%w: options: %v", ErrBadURL, err)
		}
		probe.User, probe.Passwd, probe.Net, probe.Addr, probe.DBName = cfg.User, cfg.Passwd, cfg.Net, cfg.Addr, cfg.DBName
		cfg = probe
	}
	return cfg, nil
}

func parseDSN(raw string) (*mysql.Config, error) {
	cfg, err := mysql.ParseDSN(raw)
	if err != nil {
		// Some of the driver's messages quote a piece of the input, and
		// which piece depends on how it misread the DSN: "root:pw/db" is
		// read as network "root:pw". Pass on only its fixed messages.
		msg := err.Error()
		if strings.ContainsAny(msg, `'"`) {
			msg = "it is neither a mysql:// URL nor a go-sql-driver DSN"
		}
		return nil, fmt.Errorf("%w: %s; expected mysql://user:password@host:3306/database or user:password@tcp(host:3306)/database", ErrBadURL, msg)
	}
	if cfg.Net == "tcp" {
		host, port, err := net.SplitHostPort(cfg.Addr)
		if err != nil {
			return nil, fmt.Errorf("%w: address %q: %v", ErrBadURL, cfg.Addr, err)
		}
		if err := checkPort(port); err != nil {
			return nil, err
		}
		if host == "" {
			cfg.Addr = net.JoinHostPort("127.0.0.1", port)
		}
	}
	return cfg, nil
}

// urlProblem names what url.Parse disliked without quoting the input.
func urlProblem(err error) string {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "invalid port"):
		return "the port is not a number"
	case strings.Contains(msg, "invalid URL escape"):
		return "invalid %-escape"
	case strings.Contains(msg, "invalid userinfo"):
		return "invalid characters in the user name or password"
	case strings.Contains(msg, "invalid character") && strings.Contains(msg, "host"):
		return "invalid character in the host name"
	case strings.Contains(msg, "control character"):
		return "it contains a control character"
	case strings.Contains(msg, "missing ']'"), strings.Contains(msg, "IPv6"):
		return "malformed IPv6 address (write it as [::1]:3306)"
	}
	return "malformed URL"
}

func checkPort(port string) error {
	n := 0
	for _, r := range port {
		if r < '0' || r > '9' {
			return fmt.Errorf("%w: the port is not a number", ErrBadURL)
		}
		n = n*10 + int(r-'0')
		if n > 65535 {
			break
		}
	}
	if n < 1 || n > 65535 {
		return fmt.Errorf("%w: the port is out of range 1-65535", ErrBadURL)
	}
	return nil
}

func applyDefaults(cfg *mysql.Config) {
	cfg.ParseTime = true
	if cfg.Loc == nil {
		cfg.Loc = time.UTC
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = DialTimeout
	}
	if cfg.ReadTimeout == 0 {
		cfg.ReadTimeout = ReadTimeout
	}
	if cfg.WriteTimeout == 0 {
		cfg.WriteTimeout = WriteTimeout
	}
	_ = cfg.Apply(mysql.Charset("utf8mb4", "utf8mb4_unicode_ci"))
	cfg.Collation = "utf8mb4_unicode_ci"
	cfg.AllowNativePasswords = true
}

// Redact renders cfg for messages: user, address and database, never the
// password.
func Redact(cfg *mysql.Config) string {
	if cfg == nil {
		return ""
	}
	where := cfg.Addr
	if cfg.Net == "unix" {
		where = "unix(" + cfg.Addr + ")"
	}
	return fmt.Sprintf("%s@%s/%s", cfg.User, where, cfg.DBName)
}
