package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
	"syscall"
	"testing"

	"github.com/go-sql-driver/mysql"
)

func TestWrapError(t *testing.T) {
	t.Parallel()
	cfg := &mysql.Config{User: "bob", Passwd: "hunter22", Net: "tcp", Addr: "db.local:3306", DBName: "demo"}
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}
	tests := []struct {
		name     string
		err      error
		kind     error
		contains []string
	}{
		{"refused", refused, ErrUnreachable, []string{"cannot reach the database server at db.local:3306 (connection refused)", "is it running?", "the database URL"}},
		{"dns", &net.OpError{Op: "dial", Err: &net.DNSError{Name: "nohost", Err: "no such host"}}, ErrUnreachable, []string{"cannot resolve host name nohost"}},
		{"access denied", &mysql.MySQLError{Number: 1045, Message: "Access denied for user 'bob'@'x' (using password: YES)"}, ErrAccessDenied, []string{`user "bob"`, "password in the database URL"}},
		{"access denied by a login plugin", &mysql.MySQLError{Number: 1698, Message: "Access denied for user 'bob'@'x'"}, ErrAccessDenied, []string{`user "bob"`, "password in the database URL"}},
		{"unknown database", &mysql.MySQLError{Number: 1049, Message: "Unknown database 'demo'"}, ErrUnknownDatabase, []string{`"demo"`, "CREATE DATABASE `demo`"}},
		{"embedded unknown database", &mysql.MySQLError{Number: 1105, Message: "database not found: demo"}, ErrUnknownDatabase, []string{`"demo"`}},
		{"no table", &mysql.MySQLError{Number: 1146, Message: "Table 'demo.users' doesn't exist"}, ErrNoTable, []string{`table "users" does not exist in database "demo"`}},
		{"embedded no table", &mysql.MySQLError{Number: 1146, Message: "table not found: users"}, ErrNoTable, []string{`"users"`}},
		{"no column", &mysql.MySQLError{Number: 1054, Message: "Unknown column 'x' in 'field list'"}, ErrNoColumn, []string{`"x"`}},
		{"embedded no column", &mysql.MySQLError{Number: 1105, Message: `column "x" could not be found in any table in scope`}, ErrNoColumn, []string{`"x"`}},
		{"read-only transaction", &mysql.MySQLError{Number: 1792, Message: "Cannot execute statement in a READ ONLY transaction"}, ErrReadOnly, []string{"read-only"}},
		{"server read-only", &mysql.MySQLError{Number: 1290, Message: "The MariaDB server is running with the --read-only option"}, ErrReadOnly, nil},
		{"duplicate", &mysql.MySQLError{Number: 1062, Message: "Duplicate entry"}, ErrDuplicate, nil},
		{"foreign key", &mysql.MySQLError{Number: 1452, Message: "Cannot add or update a child row"}, ErrForeignKey, nil},
		{"syntax", &mysql.MySQLError{Number: 1064, Message: "You have an error"}, ErrSyntax, nil},
		{"statement timeout", &mysql.MySQLError{Number: 1969, Message: "Query execution was interrupted (max_statement_time exceeded)"}, ErrTimeout, nil},
		{"TiDB transaction too large", &mysql.MySQLError{Number: 8004, Message: "Transaction is too large, size: 104857600"}, ErrTooLarge, []string{"txn-total-size-limit", "fewer users"}},
		{"TiDB memory quota", &mysql.MySQLError{Number: 8175, Message: "Your query has been cancelled due to exceeding the allowed memory limit for a single SQL query."}, ErrTooLarge, []string{"tidb_mem_quota_query", "fewer users"}},
		{"binlog cache full", &mysql.MySQLError{Number: 1197, Message: "Multi-statement transaction required more than 'max_binlog_cache_size' bytes of storage"}, ErrTooLarge, []string{"max_binlog_cache_size", "larger than the server allows"}},
		{"server gone", mysql.ErrInvalidConn, ErrServerGone, []string{"closed the connection", "db.local:3306"}},
		{"bad conn", driver.ErrBadConn, ErrServerGone, nil},
		{"deadline", fmt.Errorf("query: %w", context.DeadlineExceeded), ErrTimeout, []string{"timed out"}},
		{"canceled", context.Canceled, ErrCanceled, nil},
		{"no rows", sql.ErrNoRows, ErrNotFound, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := WrapError(tt.err, cfg)
			if !errors.Is(got, tt.kind) {
				t.Fatalf("WrapError(%v) = %v, not %v", tt.err, got, tt.kind)
			}
			if !errors.Is(got, tt.err) {
				t.Errorf("the cause is lost: %v", got)
			}
			for _, s := range tt.contains {
				if !strings.Contains(got.Error(), s) {
					t.Errorf("%q does not contain %q", got, s)
				}
			}
			if strings.Contains(got.Error(), cfg.Passwd) {
				t.Errorf("%q contains the password", got)
			}
		})
	}
	other := errors.New("something else")
	if WrapError(other, cfg) != other || WrapError(nil, cfg) != nil {
		t.Error("unknown errors must pass through unchanged")
	}
	var me *mysql.MySQLError
	if !errors.As(WrapError(&mysql.MySQLError{Number: 1146, Message: "x"}, cfg), &me) || me.Number != 1146 {
		t.Error("errors.As cannot reach the MySQL error")
	}
}

func TestWrapErrorScrubsPassword(t *testing.T) {
	t.Parallel()
	cfg := &mysql.Config{User: "bob", Passwd: "hunter22", Addr: "h:1"}
	got := WrapError(&mysql.MySQLError{Number: 1064, Message: "near 'hunter22'"}, cfg)
	if strings.Contains(got.Error(), "hunter22") {
		t.Errorf("password leaked: %v", got)
	}
}

func TestUnixSocketUnreachable(t *testing.T) {
	t.Parallel()
	cfg := &mysql.Config{User: "bob", Net: "unix", Addr: "/run/none.sock"}
	err := WrapError(&net.OpError{Op: "dial", Net: "unix", Err: os.NewSyscallError("connect", syscall.ENOENT)}, cfg)
	if !errors.Is(err, ErrUnreachable) || !strings.Contains(err.Error(), "unix socket /run/none.sock (no such socket file)") {
		t.Errorf("got %v", err)
	}
}
