package main

import (
	"context"
	"errors"
	"net"
	"net/http"
	"sync"
	"syscall"
	"time"
)

// Recovery from apiserver outages.
//
// client-go reflectors (the list+watch loops behind every informer) back off
// exponentially while the apiserver is unreachable: 0.8 s doubling, with
// jitter, capped at [30 s, 60 s), and the back-off is only reset after two
// minutes without errors. After an outage of ~20 s a component's informers may
// therefore not list/watch again for up to a minute, so the controller-manager
// and scheduler would not see new objects (a StatefulSet scale-up, a new PVC)
// for that long. The back-off is not configurable from outside, so:
//
//   - the main process (node simulator, volume provisioner) dials the
//     apiserver through dialAPIServer, which waits for it instead of failing
//     with "connection refused": its reflectors never see the outage as an
//     error and resume as soon as the apiserver is back;
//   - the controller-manager and scheduler (child processes) are restarted once
//     the apiserver is ready again after an outage of outageRestartAfter or
//     more: fresh processes list everything at once (~2-4 s).

// outageRestartAfter: restart the controller-manager and scheduler when the
// apiserver was unavailable at least this long (shorter outages only cause a
// short reflector back-off).
const outageRestartAfter = 4 * time.Second

// apiState tracks whether the apiserver is up (its /readyz answered OK).
type apiState struct {
	mu        sync.Mutex
	up        bool
	downSince time.Time
}

// setUp marks the apiserver up; it returns how long it was down if it was.
func (a *apiState) setUp() (downFor time.Duration, wasDown bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.up {
		return 0, false
	}
	a.up = true
	if a.downSince.IsZero() {
		return 0, false // first start
	}
	return time.Since(a.downSince), true
}

func (a *apiState) setDown() {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.up {
		a.up = false
		a.downSince = time.Now()
	}
}

func (a *apiState) isUp() bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.up
}

// apiServerUp is called when the apiserver's /readyz is OK again.
func (s *supervisor) apiServerUp() {
	d, wasDown := s.api.setUp()
	if !wasDown {
		return
	}
	if d < outageRestartAfter {
		logf("apiserver available again after %s", d.Round(time.Millisecond))
		return
	}
	logf("apiserver available again after %s; restarting controller-manager and scheduler so their watches resume at once", d.Round(time.Millisecond))
	go s.restartAfterOutage()
}

// restartAfterOutage restarts the wanted controller-manager and scheduler
// (in parallel). A component stopped on purpose stays stopped.
func (s *supervisor) restartAfterOutage() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ctx.Err() != nil || !s.api.isUp() {
		return
	}
	var wg sync.WaitGroup
	for _, name := range []string{"controller-manager", "scheduler"} {
		c := s.children[name]
		if c == nil || !c.wanted() {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.stop(2 * time.Second)
			if s.ctx.Err() != nil {
				return
			}
			if err := c.start(); err != nil {
				logf("restart %s: %v", name, err)
			}
		}()
	}
	wg.Wait()
}

// monitorAPIServer polls /readyz to notice outages that do not go through
// stopComponent/startComponent (a crash and automatic restart, or the
// apiserver hanging), and apiServerUp when it is back.
func (s *supervisor) monitorAPIServer() {
	hc := s.httpClient()
	hc.Timeout = 3 * time.Second
	fails := 0
	for {
		select {
		case <-s.ctx.Done():
			return
		case <-time.After(500 * time.Millisecond):
		}
		ok := false
		req, _ := http.NewRequestWithContext(s.ctx, "GET", s.server()+"/readyz", nil)
		req.Header.Set("Authorization", "Bearer "+s.pki.AdminToken)
		if resp, err := hc.Do(req); err == nil {
			resp.Body.Close()
			ok = resp.StatusCode == http.StatusOK
		}
		if ok {
			fails = 0
			if !s.api.isUp() {
				s.apiServerUp()
			}
			continue
		}
		fails++
		if fails >= 2 || !s.children["apiserver"].running() {
			s.api.setDown()
		}
	}
}

// dialAPIServer is the dialer of the main process's clients: while the
// apiserver is down (or refuses connections) it waits, up to dialWaitMax per
// connection, instead of failing at once.
const dialWaitMax = 60 * time.Second

func (s *supervisor) dialAPIServer(ctx context.Context, network, addr string) (net.Conn, error) {
	d := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}
	deadline := time.Now().Add(dialWaitMax)
	for {
		last := time.Now().After(deadline)
		if s.api.isUp() || last {
			c, err := d.DialContext(ctx, network, addr)
			if err == nil || last || !errors.Is(err, syscall.ECONNREFUSED) {
				return c, err
			}
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-s.ctx.Done():
			return nil, s.ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}
