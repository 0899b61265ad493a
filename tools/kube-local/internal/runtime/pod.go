package runtime

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"time"

	v1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/workspaces-backstage/kube-local/internal/shimspec"
)

const (
	maxBackoff      = 5 * time.Minute
	backoffResetRun = 10 * time.Minute // a container that ran this long starts its back-off again
	retryPeriod     = 2 * time.Second  // volumes not ready, a config error
)

// podRun is one pod on the runtime: its sandbox (cgroup, volumes), its init
// containers one after the other, then its containers, each restarted as
// its restart policy says, until the pod is terminated.
type podRun struct {
	m         *Manager
	uid       string
	namespace string
	name      string
	dir       string
	podIP     netip.Addr

	mu           sync.Mutex
	pod          *v1.Pod
	cg           *podCgroup
	volumes      map[string]VolumeSource
	sandboxReady bool
	initDone     bool
	failed       bool // an init container failed for good (restartPolicy Never)
	containers   []*ctr
	byName       map[string]*ctr
	stopRequest  chan struct{}
	stopOnce     sync.Once
	grace        time.Duration
	stopped      chan struct{}
	next         time.Time // a status change due then (end of a back-off)
}

func newPodRun(m *Manager, pod *v1.Pod, podIP netip.Addr) *podRun {
	r := &podRun{
		m: m, uid: string(pod.UID), namespace: pod.Namespace, name: pod.Name,
		dir: filepath.Join(m.opts.DataDir, "pods", string(pod.UID)), podIP: podIP,
		pod: pod.DeepCopy(), byName: map[string]*ctr{},
		stopRequest: make(chan struct{}), stopped: make(chan struct{}),
	}
	previous := map[string]v1.ContainerStatus{}
	for _, s := range append(append([]v1.ContainerStatus{}, pod.Status.InitContainerStatuses...), pod.Status.ContainerStatuses...) {
		previous[s.Name] = s
	}
	add := func(c *v1.Container, init bool) {
		k := &ctr{spec: c.DeepCopy(), init: init, runtime: m.opts.File.For(c.Image)}
		k.sidecar = init && c.RestartPolicy != nil && *c.RestartPolicy == v1.ContainerRestartPolicyAlways
		// Found running after kube-local restarted: its containers start again,
		// as after a node reboot, and count a restart.
		if s, ok := previous[c.Name]; ok {
			k.restartCount = s.RestartCount
			if s.State.Running != nil || s.State.Terminated != nil {
				k.restartCount++
			}
		}
		k.waiting = &v1.ContainerStateWaiting{Reason: "ContainerCreating"}
		if init || len(pod.Spec.InitContainers) == 0 {
			k.waiting.Reason = "ContainerCreating"
		} else {
			k.waiting.Reason = "PodInitializing"
		}
		r.containers = append(r.containers, k)
		r.byName[c.Name] = k
	}
	for i := range pod.Spec.InitContainers {
		add(&pod.Spec.InitContainers[i], true)
	}
	for i := range pod.Spec.Containers {
		add(&pod.Spec.Containers[i], false)
	}
	return r
}

// ctr is one container of the pod, across its restarts.
type ctr struct {
	spec    *v1.Container
	runtime *Runtime
	init    bool
	sidecar bool

	restartCount int32
	waiting      *v1.ContainerStateWaiting
	running      *instance
	terminated   *v1.ContainerStateTerminated
	last         *v1.ContainerStateTerminated
	logs         []string // log file of each instance, oldest first
}

// instance is one run of a container.
type instance struct {
	dir       string
	startedAt time.Time
	shim      *os.Process
	id        string
	cgroup    string
	ready     bool
	started   bool // its startup probe passed (or it has none)
	stopProbe chan struct{}
}

func (r *podRun) setPod(pod *v1.Pod) {
	r.mu.Lock()
	r.pod = pod.DeepCopy()
	r.mu.Unlock()
}

func (r *podRun) changed() { r.m.opts.Changed(r.namespace, r.name) }

func (r *podRun) event(typ, reason, message string, c *ctr) {
	fieldPath := ""
	if c != nil {
		kind := "containers"
		if c.init {
			kind = "initContainers"
		}
		fieldPath = "spec." + kind + "{" + c.spec.Name + "}"
	}
	r.mu.Lock()
	pod := r.pod
	r.mu.Unlock()
	r.m.opts.Event(pod, typ, reason, message, fieldPath)
}

func (r *podRun) stopping() bool {
	select {
	case <-r.stopRequest:
		return true
	default:
		return false
	}
}

// sleep waits d, or less when the pod is stopped; false when it was.
func (r *podRun) sleep(d time.Duration) bool {
	select {
	case <-r.stopRequest:
		return false
	case <-time.After(d):
		return true
	}
}

func (r *podRun) run() {
	defer close(r.stopped)
	if !r.prepareSandbox() {
		return
	}
	if !r.runInitContainers() {
		r.waitForStop()
		return
	}
	var wg sync.WaitGroup
	for _, c := range r.containers {
		if c.init {
			continue
		}
		wg.Add(1)
		go func(c *ctr) { defer wg.Done(); r.keepRunning(c) }(c)
	}
	wg.Wait()
	r.waitForStop()
}

func (r *podRun) waitForStop() { <-r.stopRequest }

// prepareSandbox makes the pod's cgroup and volumes, retrying while a
// volume is not ready (a claim not yet bound).
func (r *podRun) prepareSandbox() bool {
	if err := os.MkdirAll(r.dir, 0o755); err != nil {
		r.event(v1.EventTypeWarning, "FailedCreatePodSandBox", "Failed to create pod sandbox: "+err.Error(), nil)
		return false
	}
	var lastErr string
	for {
		cg, err := r.m.cgroups.create(r.uid, r.podIP)
		if err == nil {
			r.mu.Lock()
			r.cg = cg
			r.mu.Unlock()
			break
		}
		if msg := "Failed to create pod sandbox: " + err.Error(); msg != lastErr {
			lastErr = msg
			r.event(v1.EventTypeWarning, "FailedCreatePodSandBox", msg, nil)
		}
		if !r.sleep(retryPeriod) {
			return false
		}
	}
	lastErr = ""
	for {
		r.mu.Lock()
		pod := r.pod
		r.mu.Unlock()
		volumes, err := prepareVolumes(pod, r.podIP.String(), r.dir, r.m.opts.Cluster)
		if err == nil {
			r.mu.Lock()
			r.volumes = volumes
			r.sandboxReady = true
			r.mu.Unlock()
			r.changed()
			return true
		}
		if msg := "MountVolume.SetUp failed: " + err.Error(); msg != lastErr {
			lastErr = msg
			r.event(v1.EventTypeWarning, "FailedMount", msg, nil)
		}
		if !r.sleep(retryPeriod) {
			return false
		}
	}
}

// runInitContainers runs the regular init containers one after the other
// (a failing one again, unless the pod's restart policy is Never) and
// starts the sidecars; false when the pod did not get past them.
func (r *podRun) runInitContainers() bool {
	for _, c := range r.containers {
		if !c.init {
			continue
		}
		if c.sidecar {
			go r.keepRunning(c)
			for !r.isStarted(c) {
				if !r.sleep(200 * time.Millisecond) {
					return false
				}
			}
			continue
		}
		backoff := r.m.opts.CrashLoopBackoff
		for {
			code, ok := r.runOnce(c)
			if !ok {
				return false
			}
			if code == 0 {
				break
			}
			if r.restartPolicy() == v1.RestartPolicyNever {
				r.mu.Lock()
				r.failed = true
				r.mu.Unlock()
				r.changed()
				return false
			}
			if !r.backOff(c, backoff) {
				return false
			}
			backoff = min(2*backoff, maxBackoff)
		}
	}
	r.mu.Lock()
	r.initDone = true
	for _, c := range r.containers {
		if !c.init && c.waiting != nil && c.waiting.Reason == "PodInitializing" {
			c.waiting = &v1.ContainerStateWaiting{Reason: "ContainerCreating"}
		}
	}
	r.mu.Unlock()
	r.changed()
	return true
}

func (r *podRun) restartPolicy() v1.RestartPolicy {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.pod.Spec.RestartPolicy == "" {
		return v1.RestartPolicyAlways
	}
	return r.pod.Spec.RestartPolicy
}

func (r *podRun) isStarted(c *ctr) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return c.running != nil && c.running.started
}

// keepRunning runs a container again and again, as its restart policy says.
func (r *podRun) keepRunning(c *ctr) {
	backoff := r.m.opts.CrashLoopBackoff
	for {
		started := time.Now()
		code, ok := r.runOnce(c)
		if !ok {
			return
		}
		policy := r.restartPolicy()
		if c.sidecar {
			policy = v1.RestartPolicyAlways
		}
		if policy == v1.RestartPolicyNever || (policy == v1.RestartPolicyOnFailure && code == 0) {
			r.changed()
			return
		}
		if time.Since(started) >= backoffResetRun {
			backoff = r.m.opts.CrashLoopBackoff
		}
		if !r.backOff(c, backoff) {
			return
		}
		backoff = min(2*backoff, maxBackoff)
	}
}

// backOff waits before the next restart, showing CrashLoopBackOff.
func (r *podRun) backOff(c *ctr, d time.Duration) bool {
	r.mu.Lock()
	c.last = c.terminated
	c.terminated = nil
	c.restartCount++
	c.waiting = &v1.ContainerStateWaiting{
		Reason:  "CrashLoopBackOff",
		Message: fmt.Sprintf("back-off %s restarting failed container=%s pod=%s_%s(%s)", d, c.spec.Name, r.name, r.namespace, r.uid),
	}
	r.next = time.Now().Add(d)
	r.mu.Unlock()
	r.event(v1.EventTypeWarning, "BackOff", fmt.Sprintf("Back-off restarting failed container %s in pod %s_%s(%s)", c.spec.Name, r.name, r.namespace, r.uid), c)
	r.changed()
	return r.sleep(d)
}

// runOnce runs one instance of a container until it ends; ok is false when
// the pod was stopped before it could start.
func (r *podRun) runOnce(c *ctr) (code int, ok bool) {
	for {
		if r.stopping() {
			return 0, false
		}
		inst, err := r.startInstance(c)
		if err == nil {
			return r.waitInstance(c, inst), true
		}
		var configErr *ContainerConfigError
		reason, message := "CreateContainerError", err.Error()
		if errors.As(err, &configErr) {
			reason = "CreateContainerConfigError"
		}
		r.mu.Lock()
		changed := c.waiting == nil || c.waiting.Reason != reason || c.waiting.Message != message
		c.waiting = &v1.ContainerStateWaiting{Reason: reason, Message: message}
		r.mu.Unlock()
		if changed {
			r.event(v1.EventTypeWarning, "Failed", "Error: "+message, c)
			r.changed()
		}
		if !r.sleep(retryPeriod) {
			return 0, false
		}
	}
}

func (r *podRun) startInstance(c *ctr) (*instance, error) {
	if c.runtime == nil {
		return nil, &ContainerConfigError{Message: fmt.Sprintf("kube-local has no local runtime for image %q (see its runtimes file)", c.spec.Image)}
	}
	if missing := c.runtime.Missing(); len(missing) > 0 {
		return nil, &ContainerConfigError{Message: fmt.Sprintf("the local runtime %q of image %q is not installed: %v missing", c.runtime.Name, c.spec.Image, missing)}
	}
	r.mu.Lock()
	pod, cg, n := r.pod, r.cg, c.restartCount
	r.mu.Unlock()
	name := fmt.Sprintf("%s-%d", c.spec.Name, n)
	dir := filepath.Join(r.dir, "containers", name)
	logPath := filepath.Join(r.dir, "logs", c.spec.Name, strconv.Itoa(int(n))+".log")
	for _, d := range []string{dir, filepath.Dir(logPath)} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, err
		}
	}
	built, err := BuildContainer(ContainerInput{
		Pod: pod, Container: c.spec, Runtime: c.runtime, PodIP: r.podIP.String(),
		Volumes: r.volumes, Values: r.m.opts.Cluster, Host: r.m.host, Dir: dir, LogPath: logPath,
	})
	if err != nil {
		return nil, err
	}
	for _, d := range built.Dirs {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, err
		}
	}
	for file, content := range built.Files {
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(file, []byte(content), 0o644); err != nil {
			return nil, err
		}
	}
	if err := os.MkdirAll(built.Spec.Root, 0o755); err != nil {
		return nil, err
	}
	specPath := filepath.Join(dir, "spec.json")
	raw, _ := json.Marshal(built.Spec)
	if err := os.WriteFile(specPath, raw, 0o600); err != nil {
		return nil, err
	}
	cgroup, err := cg.containerCgroup(name)
	if err != nil {
		return nil, err
	}
	cgroupDir, err := os.Open(cgroup)
	if err != nil {
		return nil, err
	}
	defer cgroupDir.Close()
	cmd := exec.Command(r.m.opts.ShimPath, specPath)
	shimLog, err := os.OpenFile(filepath.Join(dir, "shim.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, err
	}
	defer shimLog.Close()
	cmd.Stdout, cmd.Stderr = shimLog, shimLog
	cmd.SysProcAttr = &syscall.SysProcAttr{
		Cloneflags:  syscall.CLONE_NEWNS | syscall.CLONE_NEWPID | syscall.CLONE_NEWUTS,
		Pdeathsig:   syscall.SIGKILL,
		UseCgroupFD: true,
		CgroupFD:    int(cgroupDir.Fd()),
	}
	if n == 0 || len(c.logs) == 0 {
		r.event(v1.EventTypeNormal, "Pulled", fmt.Sprintf("Container image %q already present on machine (local runtime %q)", c.spec.Image, c.runtime.Name), c)
	}
	if err := r.m.start(cmd); err != nil {
		return nil, err
	}
	inst := &instance{
		dir: dir, startedAt: time.Now(), shim: cmd.Process, cgroup: cgroup,
		id: "kube-local://" + r.uid[:8] + "-" + name, stopProbe: make(chan struct{}),
	}
	inst.started = c.spec.StartupProbe == nil
	inst.ready = inst.started && c.spec.ReadinessProbe == nil && !(c.init && !c.sidecar)
	r.mu.Lock()
	c.waiting, c.terminated = nil, nil
	c.running = inst
	c.logs = append(c.logs, logPath)
	r.mu.Unlock()
	r.event(v1.EventTypeNormal, "Created", "Created container: "+c.spec.Name, c)
	r.event(v1.EventTypeNormal, "Started", "Started container "+c.spec.Name, c)
	r.changed()
	if !c.init || c.sidecar {
		go r.probe(c, inst)
	}
	return inst, nil
}

// waitInstance waits until the instance ends and records how.
func (r *podRun) waitInstance(c *ctr, inst *instance) int {
	state, _ := inst.shim.Wait()
	close(inst.stopProbe)
	killCgroup(inst.cgroup)    // anything it left (the kernel killed its namespace already)
	_ = os.RemoveAll(inst.dir) // the root's mount point and spec; the log stays
	code := 137
	if state != nil {
		if ws, ok := state.Sys().(syscall.WaitStatus); ok {
			switch {
			case ws.Signaled():
				code = 128 + int(ws.Signal())
			default:
				code = ws.ExitStatus()
			}
		}
	}
	term := &v1.ContainerStateTerminated{
		ExitCode: int32(code), Reason: "Completed", StartedAt: metav1.NewTime(inst.startedAt),
		FinishedAt: metav1.Now(), ContainerID: inst.id,
	}
	logPath := c.logs[len(c.logs)-1]
	last := lastLogLines(logPath, 1, 4096)
	switch {
	case (code == shimspec.ExitSetup || code == shimspec.ExitNotFound) && len(last) > 11 && last[:11] == "kube-local:":
		term.Reason, term.ExitCode, term.Message = "StartError", 128, last
	case code != 0:
		term.Reason = "Error"
		if c.spec.TerminationMessagePolicy == v1.TerminationMessageFallbackToLogsOnError {
			term.Message = lastLogLines(logPath, 80, 2048)
		}
	}
	r.mu.Lock()
	c.running = nil
	c.terminated = term
	r.mu.Unlock()
	r.changed()
	return code
}

// terminate asks every container to stop: SIGTERM, and SIGKILL after the
// grace period; true once they all ended.
func (r *podRun) terminate(grace time.Duration) bool {
	r.stopOnce.Do(func() {
		r.grace = grace
		close(r.stopRequest)
		go r.killAll(grace)
	})
	select {
	case <-r.stopped:
		return r.allEnded()
	default:
		return false
	}
}

func (r *podRun) killAll(grace time.Duration) {
	signal := func(sig syscall.Signal) {
		r.mu.Lock()
		defer r.mu.Unlock()
		for _, c := range r.containers {
			if c.running != nil {
				_ = c.running.shim.Signal(sig)
			}
		}
	}
	r.mu.Lock()
	for _, c := range r.containers {
		if c.running != nil {
			r.mu.Unlock()
			r.event(v1.EventTypeNormal, "Killing", "Stopping container "+c.spec.Name, c)
			r.mu.Lock()
		}
	}
	r.mu.Unlock()
	signal(syscall.SIGTERM)
	deadline := time.Now().Add(grace)
	for time.Now().Before(deadline) && !r.allEnded() {
		time.Sleep(50 * time.Millisecond)
	}
	signal(syscall.SIGKILL)
}

func (r *podRun) allEnded() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, c := range r.containers {
		if c.running != nil {
			return false
		}
	}
	return true
}

func (r *podRun) waitStopped(timeout time.Duration) {
	select {
	case <-r.stopped:
	case <-time.After(timeout):
	}
	deadline := time.Now().Add(timeout)
	for !r.allEnded() && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
}

func (r *podRun) cleanUp() {
	r.mu.Lock()
	cg := r.cg
	r.mu.Unlock()
	if cg != nil {
		cg.close()
	}
}

// nextCheck is when the status changes without an event: the end of a
// back-off (so the waiting message is right), else in a while.
func (r *podRun) nextCheck() time.Duration {
	r.mu.Lock()
	defer r.mu.Unlock()
	if d := time.Until(r.next); d > 0 {
		return d + 20*time.Millisecond
	}
	return 0
}

func (r *podRun) logFile(container string, previous bool) (string, func() bool, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	c := r.byName[container]
	if c == nil {
		return "", nil, fmt.Errorf("container %q in pod %q is not valid", container, r.name)
	}
	running := func() bool {
		r.mu.Lock()
		defer r.mu.Unlock()
		return c.running != nil
	}
	n := len(c.logs)
	if previous {
		if c.running != nil {
			n--
		}
		if n < 1 {
			return "", nil, fmt.Errorf("previous terminated container %q in pod %q not found", container, r.name)
		}
		return c.logs[n-1], func() bool { return false }, nil
	}
	if n == 0 {
		reason := "ContainerCreating"
		if c.waiting != nil {
			reason = c.waiting.Reason
		}
		return "", nil, fmt.Errorf("container %q in pod %q is waiting to start: %s", container, r.name, reason)
	}
	return c.logs[n-1], running, nil
}
