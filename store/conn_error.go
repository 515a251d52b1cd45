package store

import (
	"context"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"strings"
	"syscall"

	"github.com/go-sql-driver/mysql"
)

// IsConnError reports whether err means that the server cannot be reached
// or the connection to it broke (ErrUnreachable, ErrServerGone, or a raw
// driver or network error of that kind), as opposed to a statement that
// failed, ran out of time or was cancelled: after a connection error the
// same request may work again once the server is back. Errors whose cause
// was flattened into text (fmt's %v) are recognised by the driver's and
// the servers' wording.
func IsConnError(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, ErrUnreachable) || errors.Is(err, ErrServerGone) {
		return true
	}
	if errors.Is(err, ErrTimeout) || errors.Is(err, ErrCanceled) ||
		errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return false
	}
	if errors.Is(err, driver.ErrBadConn) || errors.Is(err, mysql.ErrInvalidConn) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNREFUSED) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) {
		return true
	}
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Op == "dial" {
		return true
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return true
	}
	// A network error that is not a timeout: a timeout is a slow answer,
	// which the caller reports as such.
	var ne net.Error
	if errors.As(err, &ne) {
		return !ne.Timeout()
	}
	var me *mysql.MySQLError
	if errors.As(err, &me) {
		if k := classifyMySQL(me, nil); k != nil {
			return k.Kind == ErrServerGone
		}
	}
	msg := strings.ToLower(err.Error())
	for _, frag := range connErrorText {
		if strings.Contains(msg, frag) {
			return true
		}
	}
	return false
}

// connErrorText is how the driver, the network stack and the servers word
// a broken or refused connection.
var connErrorText = []string{
	"invalid connection", "bad connection", "connection refused", "connection reset",
	"broken pipe", "server has gone away", "lost connection", "unexpected eof", "no such host",
}
