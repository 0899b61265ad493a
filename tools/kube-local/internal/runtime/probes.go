package runtime

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"

	v1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// probe runs a container instance's probes as a kubelet does: the startup
// probe first (nothing else until it passes; failing it restarts the
// container), then liveness (failing it restarts the container) and
// readiness (the container's Ready) side by side.
func (r *podRun) probe(c *ctr, inst *instance) {
	if p := c.spec.StartupProbe; p != nil {
		if !r.runProbe(c, inst, "Startup", p, func(ok bool) bool {
			if ok {
				r.mu.Lock()
				inst.started = true
				inst.ready = c.spec.ReadinessProbe == nil
				r.mu.Unlock()
				r.changed()
				return false // done
			}
			r.restartForProbe(c, inst, "startup")
			return false
		}) {
			return
		}
		if !r.isStarted(c) {
			return
		}
	}
	if p := c.spec.LivenessProbe; p != nil {
		go r.runProbe(c, inst, "Liveness", p, func(ok bool) bool {
			if !ok {
				r.restartForProbe(c, inst, "liveness")
				return false
			}
			return true
		})
	}
	if p := c.spec.ReadinessProbe; p != nil {
		r.runProbe(c, inst, "Readiness", p, func(ok bool) bool {
			r.mu.Lock()
			changed := inst.ready != ok
			inst.ready = ok
			r.mu.Unlock()
			if changed {
				r.changed()
			}
			return true
		})
	}
}

// runProbe runs one probe until the instance ends or result says stop;
// result gets each decision (after the thresholds); false when the
// instance ended.
func (r *podRun) runProbe(c *ctr, inst *instance, kind string, p *v1.Probe, result func(ok bool) bool) bool {
	period := seconds(p.PeriodSeconds, 10)
	timeout := seconds(p.TimeoutSeconds, 1)
	success, failure := threshold(p.SuccessThreshold, 1), threshold(p.FailureThreshold, 3)
	select {
	case <-inst.stopProbe:
		return false
	case <-time.After(time.Duration(p.InitialDelaySeconds) * time.Second):
	}
	okRun, failRun := int32(0), int32(0)
	decided := -1 // last decision: 0 failed, 1 ok
	for {
		err := r.check(c, inst, p, timeout)
		if err == nil {
			okRun, failRun = okRun+1, 0
		} else {
			failRun, okRun = failRun+1, 0
			r.event(v1.EventTypeWarning, "Unhealthy", fmt.Sprintf("%s probe failed: %v", kind, err), c)
		}
		switch {
		case okRun >= success && decided != 1:
			decided = 1
			if !result(true) {
				return true
			}
		case failRun >= failure && decided != 0:
			decided = 0
			if !result(false) {
				return true
			}
		}
		select {
		case <-inst.stopProbe:
			return false
		case <-time.After(period):
		}
	}
}

// restartForProbe kills the instance (SIGTERM, SIGKILL after the grace
// period); the container's restart policy decides what comes next.
func (r *podRun) restartForProbe(c *ctr, inst *instance, kind string) {
	r.event(v1.EventTypeNormal, "Killing", fmt.Sprintf("Container %s failed %s probe, will be restarted", c.spec.Name, kind), c)
	_ = inst.shim.Signal(syscall.SIGTERM)
	grace := 30 * time.Second
	r.mu.Lock()
	if g := r.pod.Spec.TerminationGracePeriodSeconds; g != nil {
		grace = time.Duration(*g) * time.Second
	}
	r.mu.Unlock()
	select {
	case <-inst.stopProbe:
	case <-time.After(grace):
		_ = inst.shim.Signal(syscall.SIGKILL)
	}
}

func (r *podRun) check(c *ctr, inst *instance, p *v1.Probe, timeout time.Duration) error {
	switch {
	case p.HTTPGet != nil:
		return r.httpCheck(c, p.HTTPGet, timeout)
	case p.TCPSocket != nil:
		port, err := portOf(c.spec, p.TCPSocket.Port)
		if err != nil {
			return err
		}
		host := r.podIP.String()
		if p.TCPSocket.Host != "" {
			host = p.TCPSocket.Host
		}
		conn, err := net.DialTimeout("tcp", net.JoinHostPort(host, strconv.Itoa(port)), timeout)
		if err != nil {
			return fmt.Errorf("dial tcp %s:%d: connect: connection refused", host, port)
		}
		return conn.Close()
	case p.Exec != nil:
		return r.execCheck(c, inst, p.Exec.Command, timeout)
	}
	return fmt.Errorf("kube-local runs httpGet, tcpSocket and exec probes only")
}

func (r *podRun) httpCheck(c *ctr, g *v1.HTTPGetAction, timeout time.Duration) error {
	port, err := portOf(c.spec, g.Port)
	if err != nil {
		return err
	}
	host := r.podIP.String()
	if g.Host != "" {
		host = g.Host
	}
	scheme := "http"
	if g.Scheme == v1.URISchemeHTTPS {
		scheme = "https"
	}
	path := g.Path
	if !strings.HasPrefix(path, "/") {
		path = "/" + path
	}
	url := fmt.Sprintf("%s://%s%s", scheme, net.JoinHostPort(host, strconv.Itoa(port)), path)
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	req.Header.Set("User-Agent", "kube-probe/1.35")
	for _, h := range g.HTTPHeaders {
		req.Header.Set(h.Name, h.Value)
	}
	client := &http.Client{
		Transport:     &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}, DisableKeepAlives: true}, // as a kubelet's probes
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("Get %q: %v", url, err)
	}
	resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode >= 400 {
		return fmt.Errorf("HTTP probe failed with statuscode: %d", resp.StatusCode)
	}
	return nil
}

// execCheck runs the command in the container (its namespaces, root, user
// and env) through nsenter, in the container's cgroup.
func (r *podRun) execCheck(c *ctr, inst *instance, command []string, timeout time.Duration) error {
	if len(command) == 0 {
		return fmt.Errorf("exec probe without a command")
	}
	spec, err := readSpec(inst.dir)
	if err != nil {
		return err
	}
	args := []string{"--target", strconv.Itoa(inst.shim.Pid), "--mount", "--pid", "--uts", "--root", "--wd",
		"--setuid", strconv.Itoa(int(spec.UID)), "--setgid", strconv.Itoa(int(spec.GID)), "--"}
	cmd := exec.Command("nsenter", append(args, command...)...)
	cmd.Env = spec.Env
	cgroupDir, err := os.Open(inst.cgroup)
	if err != nil {
		return err
	}
	defer cgroupDir.Close()
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, UseCgroupFD: true, CgroupFD: int(cgroupDir.Fd())}
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		return err
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			return fmt.Errorf("command %q exited: %v: %s", strings.Join(command, " "), err, strings.TrimSpace(out.String()))
		}
		return nil
	case <-time.After(timeout):
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-done
		return fmt.Errorf("command %q timed out after %s", strings.Join(command, " "), timeout)
	}
}

// portOf resolves a probe's port: a number, or a named container port.
func portOf(c *v1.Container, p intstr.IntOrString) (int, error) {
	if p.Type == intstr.Int {
		return p.IntValue(), nil
	}
	for _, cp := range c.Ports {
		if cp.Name == p.StrVal {
			return int(cp.ContainerPort), nil
		}
	}
	return 0, fmt.Errorf("port %q is not a port of container %s", p.StrVal, c.Name)
}

func seconds(v int32, def int) time.Duration {
	if v <= 0 {
		return time.Duration(def) * time.Second
	}
	return time.Duration(v) * time.Second
}

func threshold(v, def int32) int32 {
	if v <= 0 {
		return def
	}
	return v
}
