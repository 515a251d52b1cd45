package store

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"syscall"
	"testing"

	"github.com/go-sql-driver/mysql"
)

// timeoutErr is a net.Error that timed out (a read deadline, say).
type timeoutErr struct{}

func (timeoutErr) Error() string   { return "i/o timeout" }
func (timeoutErr) Timeout() bool   { return true }
func (timeoutErr) Temporary() bool { return true }

func TestIsConnError(t *testing.T) {
	t.Parallel()
	cfg := &mysql.Config{Net: "tcp", Addr: "db.local:3306", DBName: "demo"}
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}
	reset := &net.OpError{Op: "read", Net: "tcp", Err: os.NewSyscallError("read", syscall.ECONNRESET)}
	yes := []error{
		refused,
		reset,
		WrapError(refused, cfg),
		fmt.Errorf("store: rows of users: %w", WrapError(mysql.ErrInvalidConn, cfg)),
		driver.ErrBadConn,
		mysql.ErrInvalidConn,
		io.ErrUnexpectedEOF,
		fmt.Errorf("write: %w", syscall.EPIPE),
		syscall.ECONNREFUSED,
		&net.OpError{Op: "dial", Net: "tcp", Err: timeoutErr{}}, // no answer to the connect
		&net.DNSError{Name: "nohost", Err: "no such host"},
		&mysql.MySQLError{Number: 1927, Message: "Connection was killed"},
		&mysql.MySQLError{Number: 2013, Message: "Lost connection to MySQL server during query"},
		// The cause flattened into text by someone's %v.
		errors.New("read rows: invalid connection"),
		errors.New("dial tcp 127.0.0.1:3306: connect: Connection refused"),
		errors.New("packets.go:58 unexpected EOF"),
		errors.New("ERROR 2006 (HY000): MySQL server has gone away"),
		errors.New("Lost connection to server during query"),
		errors.New("write tcp: broken pipe"),
		errors.New("connection reset by peer"),
		errors.New("lookup db.local: no such host"),
		errors.New("driver: bad connection"),
	}
	no := []error{
		nil,
		errors.New("something else"),
		context.DeadlineExceeded,
		context.Canceled,
		WrapError(fmt.Errorf("query: %w", context.DeadlineExceeded), cfg),
		WrapError(context.Canceled, cfg),
		&net.OpError{Op: "read", Net: "tcp", Err: timeoutErr{}}, // a slow answer, not a broken line
		&mysql.MySQLError{Number: 1064, Message: "You have an error in your SQL syntax near 'connection refused'"},
		&mysql.MySQLError{Number: 1146, Message: "Table 'demo.users' doesn't exist"},
		WrapError(&mysql.MySQLError{Number: 1045, Message: "Access denied"}, cfg),
		&mysql.MySQLError{Number: 1969, Message: "Query execution was interrupted (max_statement_time exceeded)"},
		ErrNotFound,
		fmt.Errorf("%w: no such column", ErrBadQuery),
	}
	for _, err := range yes {
		if !IsConnError(err) {
			t.Errorf("IsConnError(%v) = false, want true", err)
		}
	}
	for _, err := range no {
		if IsConnError(err) {
			t.Errorf("IsConnError(%v) = true, want false", err)
		}
	}
}

func TestWrapAddsContextOnce(t *testing.T) {
	t.Parallel()
	s := &Store{cfg: &mysql.Config{Addr: "h:1", DBName: "demo"}}
	inner := s.wrap(&mysql.MySQLError{Number: 1146, Message: "Table 'demo.users' doesn't exist"}, "list columns of %s", "users")
	outer := s.wrap(inner, "rows of %s", "users")
	want := `store: list columns of users: table "users" does not exist in database "demo"`
	if outer.Error() != want {
		t.Errorf("got %q\nwant %q", outer, want)
	}
	if !errors.Is(outer, ErrNoTable) {
		t.Errorf("%v is not ErrNoTable", outer)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if got := s.wrapCtx(ctx, inner, "rows of users"); got.Error() != want {
		t.Errorf("wrapCtx on a done context: got %q, want %q", got, want)
	}
	plain := s.wrap(errors.New("boom"), "rows of %s", "users")
	if plain.Error() != "store: rows of users: boom" {
		t.Errorf("got %q", plain)
	}
	if s.wrap(nil, "x") != nil || s.wrapCtx(ctx, nil, "x") != nil {
		t.Error("a nil error must stay nil")
	}
}
