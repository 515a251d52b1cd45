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
	if scheme, _, ok := strings.Cut(raw, "://"); ok {
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

func parseMySQLURL(raw string) (*mysql.Config, error) {
	u, err := url.Parse(raw)
	if err != nil {
		// url.Error repeats the whole input, password included: say what
		// is wrong without it.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, fmt.Errorf("%w: %v (check that special characters in the password are percent-encoded, e.g. @ as %%40)", ErrBadURL, err)
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
			return nil, fmt.Errorf("%w: empty port after %q", ErrBadURL, host)
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
		return nil, fmt.Errorf("%w: database name: %v", ErrBadURL, err)
	}
	if strings.Contains(db, "/") {
		return nil, fmt.Errorf("%w: database name %q contains '/'", ErrBadURL, db)
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
		// The driver's messages do not echo the DSN, but be safe: never
		// return text that could carry the password.
		msg := err.Error()
		if at := strings.LastIndex(raw, "@"); at > 0 {
			if _, pw, ok := strings.Cut(raw[:at], ":"); ok && pw != "" {
				msg = strings.ReplaceAll(msg, pw, "****")
			}
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

func checkPort(port string) error {
	n := 0
	for _, r := range port {
		if r < '0' || r > '9' {
			return fmt.Errorf("%w: port %q is not a number", ErrBadURL, port)
		}
		n = n*10 + int(r-'0')
		if n > 65535 {
			break
		}
	}
	if n < 1 || n > 65535 {
		return fmt.Errorf("%w: port %q is out of range 1-65535", ErrBadURL, port)
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
