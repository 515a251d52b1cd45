package seeder

import (
	"bytes"
	"context"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/demobots/demobots-tui/store"
)

// tcpProxy forwards connections to a database server and can break them,
// to test what the seeder does when the network fails.
type tcpProxy struct {
	ln     net.Listener
	target string

	mu    sync.Mutex
	conns []net.Conn
	// swallow, when set, is a byte string: the first client packet that
	// contains it is forwarded to the server, and the server's answer is
	// swallowed by closing the client's connection instead (the server did
	// the work, the client never hears of it).
	swallow []byte
	// swallowed is the client packet that triggered swallow.
	swallowed []byte
}

// newProxy starts a proxy in front of cfg's server and returns it with a
// copy of cfg that connects through it.
func newProxy(t *testing.T, cfg *mysql.Config) (*tcpProxy, *mysql.Config) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &tcpProxy{ln: ln, target: cfg.Addr}
	go p.serve()
	t.Cleanup(func() {
		ln.Close()
		p.cut()
	})
	pc := cfg.Clone()
	pc.Net = "tcp"
	pc.Addr = ln.Addr().String()
	return p, pc
}

// openProxied opens a store on cfg through a new proxy.
func openProxied(t *testing.T, cfg *mysql.Config) (*tcpProxy, *store.Store) {
	t.Helper()
	p, pc := newProxy(t, cfg)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	st, err := store.Open(ctx, pc, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return p, st
}

func (p *tcpProxy) serve() {
	for {
		client, err := p.ln.Accept()
		if err != nil {
			return
		}
		server, err := net.Dial("tcp", p.target)
		if err != nil {
			client.Close()
			continue
		}
		p.mu.Lock()
		p.conns = append(p.conns, client, server)
		p.mu.Unlock()
		// armed holds a value while the next answer is to be swallowed.
		armed := make(chan struct{}, 1)
		go func() { // client → server
			buf := make([]byte, 64<<10)
			for {
				n, err := client.Read(buf)
				if n > 0 {
					p.mu.Lock()
					hit := p.swallow != nil && bytes.Contains(buf[:n], p.swallow)
					if hit {
						p.swallow = nil
						p.swallowed = append([]byte(nil), buf[:n]...)
					}
					p.mu.Unlock()
					if hit {
						armed <- struct{}{}
					}
					if _, werr := server.Write(buf[:n]); werr != nil {
						client.Close()
						return
					}
				}
				if err != nil {
					server.Close()
					return
				}
			}
		}()
		go func() { // server → client
			buf := make([]byte, 64<<10)
			for {
				n, err := server.Read(buf)
				select {
				case <-armed:
					client.Close()
					server.Close()
					return
				default:
				}
				if n > 0 {
					if _, werr := client.Write(buf[:n]); werr != nil {
						server.Close()
						return
					}
				}
				if err != nil {
					client.Close()
					return
				}
			}
		}()
	}
}

// cut closes every connection made through the proxy so far, as a server
// restart or a network failure would.
func (p *tcpProxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

// swallowAnswerTo arms the proxy to drop the connection that sends the
// next packet containing s, after the server has received it.
func (p *tcpProxy) swallowAnswerTo(s string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.swallow = []byte(s)
}

// swallowedPacket returns the packet that triggered swallowAnswerTo.
func (p *tcpProxy) swallowedPacket() []byte {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.swallowed
}
