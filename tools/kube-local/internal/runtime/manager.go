package runtime

import (
	"fmt"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	goruntime "runtime"
	"sync"
	"time"

	v1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/klog/v2"
)

// Options configure the process runtime.
type Options struct {
	File *File
	// DataDir holds the pods' directories (<DataDir>/pods/<uid>: volumes,
	// logs, the containers' roots).
	DataDir string
	// ShimPath is the kube-local-shim binary.
	ShimPath string
	Cluster  Cluster
	// Event records a kubelet event of the pod (fieldPath names a container).
	Event func(pod *v1.Pod, eventType, reason, message, fieldPath string)
	// Changed asks for the pod's status to be written again.
	Changed func(namespace, name string)
	// CrashLoopBackoff is the first restart delay of a failing container,
	// doubling up to 5 minutes (the kubelet's 10 s by default).
	CrashLoopBackoff time.Duration
	// CgroupName names the cgroup of all pods, below kube-local's own.
	CgroupName string
}

// Manager runs the pods whose images are mapped.
type Manager struct {
	opts    Options
	host    HostLayout
	cgroups *podCgroups
	spawns  chan spawnRequest

	mu   sync.Mutex
	pods map[types.UID]*podRun
}

type spawnRequest struct {
	cmd  *exec.Cmd
	done chan error
}

// NewManager prepares the pods' cgroup (in the loopback guard) and the
// process spawner.
func NewManager(opts Options) (*Manager, error) {
	if opts.CrashLoopBackoff <= 0 {
		opts.CrashLoopBackoff = 10 * time.Second
	}
	if _, err := os.Stat(opts.ShimPath); err != nil {
		return nil, fmt.Errorf("process runtime: %w", err)
	}
	host, err := hostLayout()
	if err != nil {
		return nil, err
	}
	cgroups, err := newPodCgroups(opts.CgroupName)
	if err != nil {
		return nil, fmt.Errorf("process runtime: %w", err)
	}
	m := &Manager{opts: opts, host: host, cgroups: cgroups, spawns: make(chan spawnRequest), pods: map[types.UID]*podRun{}}
	go m.spawner()
	return m, nil
}

// spawner starts every shim from one OS thread that never exits: a shim's
// parent-death signal fires when the thread that started it ends, which
// must be only when kube-local ends.
func (m *Manager) spawner() {
	goruntime.LockOSThread()
	for req := range m.spawns {
		req.done <- req.cmd.Start()
	}
}

func (m *Manager) start(cmd *exec.Cmd) error {
	done := make(chan error, 1)
	m.spawns <- spawnRequest{cmd: cmd, done: done}
	return <-done
}

// Handles says whether the pod runs as processes: one of its app
// containers has a mapped image.
func (m *Manager) Handles(pod *v1.Pod) bool {
	for i := range pod.Spec.Containers {
		if m.opts.File.For(pod.Spec.Containers[i].Image) != nil {
			return true
		}
	}
	return false
}

// Status starts the pod when it is new to the runtime and returns its
// status as a kubelet would report it now, and when to look again.
func (m *Manager) Status(pod *v1.Pod, hostIP, podIP string) (*v1.PodStatus, time.Duration) {
	run := m.run(pod, podIP)
	return run.status(pod, hostIP), run.nextCheck()
}

func (m *Manager) run(pod *v1.Pod, podIP string) *podRun {
	m.mu.Lock()
	defer m.mu.Unlock()
	run := m.pods[pod.UID]
	if run == nil {
		addr, _ := netip.ParseAddr(podIP)
		run = newPodRun(m, pod, addr)
		m.pods[pod.UID] = run
		go run.run()
	}
	run.setPod(pod)
	return run
}

// Terminate stops the pod's containers (SIGTERM, then SIGKILL after the
// grace period) and says whether they have all ended.
func (m *Manager) Terminate(pod *v1.Pod) bool {
	m.mu.Lock()
	run := m.pods[pod.UID]
	m.mu.Unlock()
	if run == nil {
		return true
	}
	grace := 30 * time.Second
	if pod.DeletionGracePeriodSeconds != nil {
		grace = time.Duration(*pod.DeletionGracePeriodSeconds) * time.Second
	} else if pod.Spec.TerminationGracePeriodSeconds != nil {
		grace = time.Duration(*pod.Spec.TerminationGracePeriodSeconds) * time.Second
	}
	return run.terminate(grace)
}

// Forget removes what is left of a pod that no longer exists: its cgroup
// and its directory (emptyDir volumes, logs).
func (m *Manager) Forget(uid types.UID) {
	m.mu.Lock()
	run := m.pods[uid]
	delete(m.pods, uid)
	m.mu.Unlock()
	if run != nil {
		run.terminate(0)
		run.waitStopped(10 * time.Second)
		run.cleanUp()
	}
	_ = os.RemoveAll(filepath.Join(m.opts.DataDir, "pods", string(uid)))
}

// Shutdown kills every container (kube-local is stopping).
func (m *Manager) Shutdown() {
	m.mu.Lock()
	runs := make([]*podRun, 0, len(m.pods))
	for _, r := range m.pods {
		runs = append(runs, r)
	}
	m.mu.Unlock()
	for _, r := range runs {
		r.terminate(0)
	}
	for _, r := range runs {
		r.waitStopped(5 * time.Second)
	}
	killCgroup(m.cgroups.root)
	m.cgroups.guard.Close()
}

// Refused is what the pods tried to reach outside loopback, for the log.
func (m *Manager) Refused() string {
	r, err := m.cgroups.guard.Report()
	if err != nil || len(r.Denied) == 0 {
		return ""
	}
	return fmt.Sprintf("%+v", r.Denied)
}

// LogFile is the log of a container of a pod: its current instance's, or
// with previous the one before; running says whether more may come.
func (m *Manager) LogFile(namespace, name, container string, previous bool) (string, func() bool, error) {
	m.mu.Lock()
	var run *podRun
	for _, r := range m.pods {
		if r.namespace == namespace && r.name == name {
			run = r
		}
	}
	m.mu.Unlock()
	if run == nil {
		return "", nil, fmt.Errorf("pod %q in namespace %q does not run as processes: kube-local simulates it (its images have no local runtime), so it has no logs", name, namespace)
	}
	return run.logFile(container, previous)
}

// hostLayout is what the containers' roots take from the host.
func hostLayout() (HostLayout, error) {
	l := HostLayout{Symlinks: map[string]string{}}
	for _, p := range []string{"/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/usr", "/etc", "/sys"} {
		st, err := os.Lstat(p)
		if err != nil {
			continue
		}
		if st.Mode()&os.ModeSymlink != 0 {
			target, err := os.Readlink(p)
			if err != nil {
				return l, err
			}
			l.Symlinks[p] = target
		} else if st.IsDir() {
			l.Binds = append(l.Binds, p)
		}
	}
	passwd, err := os.ReadFile("/etc/passwd")
	if err != nil {
		return l, err
	}
	group, err := os.ReadFile("/etc/group")
	if err != nil {
		return l, err
	}
	l.Passwd, l.Group = string(passwd), string(group)
	return l, nil
}

func logf(format string, a ...any) { klog.Infof("runtime: "+format, a...) }
