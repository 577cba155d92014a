package dnstest

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/dns/dnsmessage"
)

// TTL is the time to live of every answer, in seconds.
const TTL = 60

// Server is a running fake DNS server. Its methods are safe for concurrent
// use.
type Server struct {
	addr string
	udp  net.PacketConn
	tcp  net.Listener
	wg   sync.WaitGroup

	mu       sync.Mutex
	ptr      map[string][]string     // rooted lower-case arpa name -> PTR targets
	hosts    map[string][]netip.Addr // rooted lower-case name -> addresses
	log      []string                // "TYPE name" per query received
	tcpCount int
	drop     bool
	truncate bool
	delay    time.Duration
	conns    map[net.Conn]bool
	closed   bool
}

// Start starts a Server on 127.0.0.1 (UDP and TCP, the same random port)
// and stops it when the test ends.
func Start(tb testing.TB) *Server {
	tb.Helper()
	s, err := NewServer()
	if err != nil {
		tb.Fatalf("dnstest: %v", err)
	}
	tb.Cleanup(s.Close)
	return s
}

// NewServer starts a Server on 127.0.0.1 (UDP and TCP, the same random
// port); the caller must Close it.
func NewServer() (*Server, error) {
	s := &Server{
		ptr:   make(map[string][]string),
		hosts: make(map[string][]netip.Addr),
		conns: make(map[net.Conn]bool),
	}
	var err error
	// The UDP port is random; the TCP listener must get the same number,
	// which another process may hold: try a few ports.
	for range 20 {
		if s.udp, err = net.ListenPacket("udp", "127.0.0.1:0"); err != nil {
			return nil, err
		}
		s.addr = s.udp.LocalAddr().String()
		if s.tcp, err = net.Listen("tcp", s.addr); err == nil {
			break
		}
		s.udp.Close()
	}
	if err != nil {
		return nil, fmt.Errorf("listen on one port for udp and tcp: %w", err)
	}
	s.wg.Add(2)
	go s.serveUDP()
	go s.serveTCP()
	return s, nil
}

// Addr returns the server's "127.0.0.1:port" (UDP and TCP).
func (s *Server) Addr() string { return s.addr }

// Close stops the server and waits for its goroutines.
func (s *Server) Close() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	for c := range s.conns {
		c.Close()
	}
	s.mu.Unlock()
	s.udp.Close()
	s.tcp.Close()
	s.wg.Wait()
}

// PTR makes the reverse name of ip answer names (it panics on an invalid
// address: a test bug). Names are made absolute.
func (s *Server) PTR(ip string, names ...string) {
	arpa := ReverseName(netip.MustParseAddr(ip))
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, n := range names {
		s.ptr[arpa] = append(s.ptr[arpa], canon(n))
	}
}

// Host makes name answer A (IPv4) and AAAA (IPv6) queries with ips (it
// panics on an invalid address: a test bug).
func (s *Server) Host(name string, ips ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := canon(name)
	for _, ip := range ips {
		s.hosts[n] = append(s.hosts[n], netip.MustParseAddr(ip).Unmap())
	}
}

// SetDrop makes the server read queries (and count them) but never answer,
// as a server that timed out would.
func (s *Server) SetDrop(drop bool) {
	s.mu.Lock()
	s.drop = drop
	s.mu.Unlock()
}

// SetTruncate makes every UDP answer an empty one with the TC bit set, so
// the client must ask again over TCP.
func (s *Server) SetTruncate(truncate bool) {
	s.mu.Lock()
	s.truncate = truncate
	s.mu.Unlock()
}

// SetDelay makes the server wait d before answering each query, as a
// resolver d away would. Queries are answered concurrently, each after its
// own delay, so the delay limits latency, not throughput. 0 answers at once.
func (s *Server) SetDelay(d time.Duration) {
	s.mu.Lock()
	s.delay = d
	s.mu.Unlock()
}

// Queries returns how many queries the server received (UDP and TCP).
func (s *Server) Queries() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.log)
}

// TCPQueries returns how many of the queries came over TCP.
func (s *Server) TCPQueries() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tcpCount
}

// Log returns the queries received so far, in order, as "TYPE name" with
// the type as dnsmessage prints it ("TypePTR", "TypeA", "TypeAAAA") and the
// name absolute and lower-case.
func (s *Server) Log() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.log...)
}

// ReverseName returns the absolute PTR query name of ip:
// "4.3.2.1.in-addr.arpa." for 1.2.3.4, the nibble form under ip6.arpa for
// IPv6.
func ReverseName(ip netip.Addr) string {
	ip = ip.Unmap()
	var b strings.Builder
	if ip.Is4() {
		a := ip.As4()
		for i := 3; i >= 0; i-- {
			b.WriteString(strconv.Itoa(int(a[i])))
			b.WriteByte('.')
		}
		b.WriteString("in-addr.arpa.")
		return b.String()
	}
	a := ip.As16()
	const hex = "0123456789abcdef"
	for i := 15; i >= 0; i-- {
		b.WriteByte(hex[a[i]&0xf])
		b.WriteByte('.')
		b.WriteByte(hex[a[i]>>4])
		b.WriteByte('.')
	}
	b.WriteString("ip6.arpa.")
	return b.String()
}

func canon(name string) string {
	name = strings.ToLower(strings.TrimSpace(name))
	if !strings.HasSuffix(name, ".") {
		name += "."
	}
	return name
}

func (s *Server) serveUDP() {
	defer s.wg.Done()
	buf := make([]byte, 65535)
	for {
		n, from, err := s.udp.ReadFrom(buf)
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			continue
		}
		s.mu.Lock()
		delayed := s.delay > 0
		s.mu.Unlock()
		if !delayed {
			if resp := s.handle(buf[:n], true); resp != nil {
				_, _ = s.udp.WriteTo(resp, from)
			}
			continue
		}
		// A delayed answer must not hold up the queries behind it.
		msg := append([]byte(nil), buf[:n]...)
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			if resp := s.handle(msg, true); resp != nil {
				_, _ = s.udp.WriteTo(resp, from)
			}
		}()
	}
}

func (s *Server) serveTCP() {
	defer s.wg.Done()
	for {
		c, err := s.tcp.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			continue
		}
		s.mu.Lock()
		if s.closed {
			s.mu.Unlock()
			c.Close()
			return
		}
		s.conns[c] = true
		s.wg.Add(1)
		s.mu.Unlock()
		go s.serveConn(c)
	}
}

// serveConn answers length-prefixed queries on one TCP connection
// (RFC 7766) until the client closes it or 10 s pass idle.
func (s *Server) serveConn(c net.Conn) {
	defer s.wg.Done()
	defer func() {
		s.mu.Lock()
		delete(s.conns, c)
		s.mu.Unlock()
		c.Close()
	}()
	var lenBuf [2]byte
	for {
		_ = c.SetDeadline(time.Now().Add(10 * time.Second))
		if _, err := io.ReadFull(c, lenBuf[:]); err != nil {
			return
		}
		msg := make([]byte, binary.BigEndian.Uint16(lenBuf[:]))
		if _, err := io.ReadFull(c, msg); err != nil {
			return
		}
		resp := s.handle(msg, false)
		if resp == nil {
			continue
		}
		out := binary.BigEndian.AppendUint16(make([]byte, 0, 2+len(resp)), uint16(len(resp)))
		if _, err := c.Write(append(out, resp...)); err != nil {
			return
		}
	}
}

// handle returns the packed answer to one query, nil for none.
func (s *Server) handle(msg []byte, udp bool) []byte {
	var p dnsmessage.Parser
	h, err := p.Start(msg)
	if err != nil || h.Response {
		return nil
	}
	q, err := p.Question()
	if err != nil {
		return nil
	}
	name := strings.ToLower(q.Name.String())

	s.mu.Lock()
	s.log = append(s.log, q.Type.String()+" "+name)
	if !udp {
		s.tcpCount++
	}
	drop, truncate, delay := s.drop, s.truncate && udp, s.delay
	ptrs := s.ptr[name]
	addrs := s.hosts[name]
	s.mu.Unlock()
	if drop {
		return nil
	}
	time.Sleep(delay)

	rh := dnsmessage.Header{ID: h.ID, Response: true, OpCode: h.OpCode, Authoritative: true,
		RecursionDesired: h.RecursionDesired, RecursionAvailable: true}
	if truncate {
		rh.Truncated = true
	} else if ptrs == nil && addrs == nil {
		rh.RCode = dnsmessage.RCodeNameError
	}
	b := dnsmessage.NewBuilder(make([]byte, 0, 512), rh)
	b.EnableCompression()
	if err := b.StartQuestions(); err != nil {
		return nil
	}
	if err := b.Question(q); err != nil {
		return nil
	}
	if err := b.StartAnswers(); err != nil {
		return nil
	}
	if !truncate && !addAnswers(&b, q, ptrs, addrs) {
		return nil
	}
	out, err := b.Finish()
	if err != nil {
		return nil
	}
	return out
}

// addAnswers adds the answers to question q to b: the names ptrs for a PTR
// question, the IPv4 or IPv6 addresses among addrs for an A or AAAA one. It
// reports whether they fit in the message.
func addAnswers(b *dnsmessage.Builder, q dnsmessage.Question, ptrs []string, addrs []netip.Addr) bool {
	rr := dnsmessage.ResourceHeader{Name: q.Name, Class: dnsmessage.ClassINET, TTL: TTL}
	switch q.Type {
	case dnsmessage.TypePTR:
		for _, target := range ptrs {
			n, err := dnsmessage.NewName(target)
			if err != nil {
				return false
			}
			if err := b.PTRResource(rr, dnsmessage.PTRResource{PTR: n}); err != nil {
				return false
			}
		}
	case dnsmessage.TypeA:
		for _, a := range addrs {
			if a.Is4() {
				if err := b.AResource(rr, dnsmessage.AResource{A: a.As4()}); err != nil {
					return false
				}
			}
		}
	case dnsmessage.TypeAAAA:
		for _, a := range addrs {
			if a.Is6() {
				if err := b.AAAAResource(rr, dnsmessage.AAAAResource{AAAA: a.As16()}); err != nil {
					return false
				}
			}
		}
	}
	return true
}
