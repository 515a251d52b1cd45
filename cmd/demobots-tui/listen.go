package main

import (
	"fmt"
	"net"
	"strings"
)

// checkListen refuses --listen on an address other than loopback unless
// --listen-insecure is given: the embedded engine's root has no password,
// so whoever reaches the address owns the database. With insecure it
// returns the warning the TUI shows for the whole session.
func checkListen(addr string, insecure bool) (warning string, err error) {
	if addr == "" {
		return "", nil
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return "", usagef("--listen %s: expected host:port, e.g. 127.0.0.1:3307", addr)
	}
	if loopback(host) {
		return "", nil
	}
	if !insecure {
		where := host
		if where == "" {
			where = "every interface"
		}
		return "", usagef("--listen %s would serve the embedded engine on %s, where anyone who reaches it is root without a password; use 127.0.0.1:PORT, or add --listen-insecure if that is what you want", addr, where)
	}
	return fmt.Sprintf("serving the embedded engine on %s with a passwordless root", addr), nil
}

// loopback reports whether host names only this machine: localhost or a
// loopback IP. Any other name could resolve to anything, so it is not.
func loopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
