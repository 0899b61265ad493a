package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/spf13/pflag"
	"go.etcd.io/etcd/server/v3/embed"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
	"k8s.io/klog/v2"

	"github.com/workspaces-backstage/kube-local/internal/runtime"
	"github.com/workspaces-backstage/kube-local/internal/sim"
)

const (
	kubeVersion = "v1.35.4"
	// Service cluster IPs are loopback addresses too; nothing binds them, so a
	// client that dials one is refused on the spot instead of leaving the
	// machine. Shared by every kube-local of a machine (never bound).
	serviceCIDR      = "127.100.0.0/16"
	serviceClusterIP = "127.100.0.1"
	saIssuer         = "https://kubernetes.default.svc.cluster.local"
)

const defaultControllers = "serviceaccount-token-controller,serviceaccount-controller,namespace-controller," +
	"garbage-collector-controller,deployment-controller,replicaset-controller,statefulset-controller," +
	"daemonset-controller,replicationcontroller-controller,job-controller,cronjob-controller,ttl-after-finished-controller," +
	"persistentvolume-binder-controller,persistentvolumeclaim-protection-controller,persistentvolume-protection-controller," +
	"ephemeral-volume-controller,resourcequota-controller,clusterrole-aggregation-controller," +
	"root-ca-certificate-publisher-controller,pod-garbage-collector-controller,disruption-controller"

type options struct {
	dataDir       string
	port          int
	controlPort   int
	kubeconfig    string
	nodes         string
	nodeList      []string
	startDelay    time.Duration
	controllers   string
	componentV    int
	etcdFsync     bool
	apiserverArgs []string
	kcmArgs       []string
	readyTimeout  time.Duration
	memLimit      string
	addressBlock  string
	runtimes      string
	crashBackoff  time.Duration
}

func runMain(args []string) int {
	o := options{}
	fs := pflag.NewFlagSet("kube-local", pflag.ContinueOnError)
	fs.StringVar(&o.dataDir, "data-dir", "", "directory for etcd data, certificates, kubeconfigs and logs (required)")
	fs.IntVar(&o.port, "port", 0, "kube-apiserver secure port on 127.0.0.1 (0 = pick a free port)")
	fs.IntVar(&o.controlPort, "control-port", -1, "port on 127.0.0.1 for the control HTTP endpoint (-1 = disabled, 0 = pick a free port; see state.json)")
	fs.StringVar(&o.kubeconfig, "kubeconfig", "", "where to write the admin kubeconfig (default <data-dir>/admin.kubeconfig)")
	fs.StringVar(&o.nodes, "nodes", sim.DefaultNodes, "simulated nodes: ';'-separated NAME[:key=value,...] with keys cpu, memory, pods, gpu, ephemeral-storage, label.KEY")
	fs.StringArrayVar(&o.nodeList, "node", nil, "add a simulated node NAME[:key=value,...] (repeatable; replaces --nodes when given)")
	fs.DurationVar(&o.startDelay, "pod-start-delay", time.Second, "default time a pod spends in ContainerCreating before its containers start")
	fs.StringVar(&o.controllers, "controllers", defaultControllers, "kube-controller-manager --controllers value")
	fs.IntVar(&o.componentV, "component-v", 0, "klog verbosity of the control-plane components (logs go to <data-dir>/logs)")
	fs.BoolVar(&o.etcdFsync, "etcd-fsync", false, "let etcd fsync its WAL (slower; off by default since the data is throw-away)")
	fs.StringArrayVar(&o.apiserverArgs, "apiserver-arg", nil, "extra kube-apiserver flag, e.g. --apiserver-arg=--feature-gates=X=true (repeatable)")
	fs.StringArrayVar(&o.kcmArgs, "controller-manager-arg", nil, "extra kube-controller-manager flag, e.g. --controller-manager-arg=--concurrent-statefulset-syncs=20 (repeatable)")
	fs.DurationVar(&o.readyTimeout, "ready-timeout", 3*time.Minute, "give up if the cluster is not ready within this time")
	fs.StringVar(&o.memLimit, "component-memory-limit", "768MiB", "GOMEMLIMIT for each control-plane child process (soft limit)")
	fs.StringVar(&o.runtimes, "runtimes", "", "runtimes file: images whose pods run as local processes (see README); none: every pod is simulated")
	fs.DurationVar(&o.crashBackoff, "crash-loop-backoff", 10*time.Second, "first restart delay of a failing container of a process pod, doubling up to 5m")
	fs.StringVar(&o.addressBlock, "address-block", "auto", "block of 127.0.0.0/8 for node and pod addresses, split between the nodes (auto = a free 127.N.0.0/16, N in 10..99)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return 0
		}
		return 2
	}
	if o.dataDir == "" {
		fmt.Fprintln(os.Stderr, "kube-local: --data-dir is required")
		return 2
	}
	s := &supervisor{opts: o}
	if err := s.run(); err != nil {
		fmt.Fprintf(os.Stderr, "kube-local: %v\n", err)
		return 1
	}
	return 0
}

type supervisor struct {
	opts       options
	self       string
	dataDir    string
	logDir     string
	pki        *pkiFiles
	apiPort    int
	etcd       *embed.Etcd
	etcdURL    string
	children   map[string]*child
	order      []string
	adminCfg   *rest.Config
	sim        *sim.Simulator
	controlURL string
	addrBlock  *addressBlock
	procs      *runtime.Manager
	kubelet    *runtime.KubeletServer
	mu         sync.Mutex // serialises start/stop requests
	ctx        context.Context
	cancel     context.CancelFunc
	api        apiState
}

func logf(format string, a ...any) {
	fmt.Fprintf(os.Stderr, "%s kube-local: %s\n", time.Now().Format("15:04:05.000"), fmt.Sprintf(format, a...))
}

func (s *supervisor) run() error {
	var err error
	s.ctx, s.cancel = context.WithCancel(context.Background())
	defer s.cancel()
	if s.self, err = os.Executable(); err != nil {
		return err
	}
	if s.dataDir, err = filepath.Abs(s.opts.dataDir); err != nil {
		return err
	}
	s.logDir = filepath.Join(s.dataDir, "logs")
	if err := os.MkdirAll(s.logDir, 0o755); err != nil {
		return err
	}
	if s.opts.kubeconfig == "" {
		s.opts.kubeconfig = filepath.Join(s.dataDir, "admin.kubeconfig")
	}
	if s.opts.kubeconfig, err = filepath.Abs(s.opts.kubeconfig); err != nil {
		return err
	}

	// Signals first, so an early SIGTERM still shuts down what was started.
	sigs := make(chan os.Signal, 8)
	signal.Notify(sigs, syscall.SIGTERM, syscall.SIGINT, syscall.SIGUSR1, syscall.SIGUSR2)

	start := time.Now()
	if err := refuseDataDirWithoutAddressBlock(s.dataDir); err != nil {
		return err
	}
	if s.addrBlock, err = chooseAddressBlock(s.dataDir, s.opts.addressBlock); err != nil {
		return err
	}
	defer s.addrBlock.release()
	logf("node and pod addresses from %s", s.addrBlock.prefix)
	if s.pki, err = ensurePKI(filepath.Join(s.dataDir, "pki")); err != nil {
		return fmt.Errorf("pki: %w", err)
	}
	s.apiPort = s.opts.port
	if s.apiPort == 0 {
		if s.apiPort, err = freePort(); err != nil {
			return err
		}
	} else if !portFree(s.apiPort) {
		return fmt.Errorf("port 127.0.0.1:%d is already in use", s.apiPort)
	}
	// klog output of the in-process parts (simulator, client-go) goes to a file;
	// stderr keeps only kube-local's own progress lines.
	if lf, err := os.OpenFile(filepath.Join(s.logDir, "kube-local.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644); err == nil {
		klog.LogToStderr(false)
		klog.SetOutput(lf)
		defer klog.Flush()
	}
	if err := s.startEtcd(); err != nil {
		return fmt.Errorf("etcd: %w", err)
	}
	defer s.stopEtcd()

	if err := s.writeKubeconfigs(); err != nil {
		return err
	}
	s.adminCfg, err = clientcmd.BuildConfigFromFlags("", s.opts.kubeconfig)
	if err != nil {
		return err
	}
	s.adminCfg.QPS, s.adminCfg.Burst = 200, 400

	s.children = map[string]*child{}
	s.addChild("apiserver", s.apiserverArgs())
	s.addChild("controller-manager", s.kcmArgs())
	s.addChild("scheduler", s.schedulerArgs())
	defer s.stopChildren()

	ready := make(chan error, 1)
	go func() {
		err := s.bringUp()
		if err == nil {
			go s.monitorAPIServer()
		}
		ready <- err
	}()

	var controlSrv *http.Server
	for {
		select {
		case err := <-ready:
			if err != nil {
				return err
			}
			if s.opts.controlPort >= 0 {
				if controlSrv, err = s.startControl(); err != nil {
					return err
				}
				defer controlSrv.Close()
			}
			s.writeState()
			logf("ready in %s", time.Since(start).Round(time.Millisecond))
			fmt.Printf("kube-local ready https://127.0.0.1:%d\n", s.apiPort)
			_ = os.Stdout.Sync()
		case sig := <-sigs:
			switch sig {
			case syscall.SIGUSR1:
				go func() {
					if err := s.stopComponent("apiserver"); err != nil {
						logf("stop apiserver: %v", err)
					}
				}()
			case syscall.SIGUSR2:
				go func() {
					if err := s.startComponent("apiserver"); err != nil {
						logf("start apiserver: %v", err)
					}
				}()
			default:
				logf("received %s, shutting down", sig)
				signal.Reset(syscall.SIGTERM, syscall.SIGINT)
				s.cancel()
				if s.sim != nil {
					s.sim.Stop()
				}
				s.stopProcessRuntime()
				return nil
			}
		}
	}
}

// bringUp starts the components in order and waits until the cluster is usable.
func (s *supervisor) bringUp() error {
	if err := s.children["apiserver"].start(); err != nil {
		return err
	}
	if err := s.waitAPIServerReady(s.opts.readyTimeout); err != nil {
		return err
	}
	s.api.setUp()
	if err := s.children["controller-manager"].start(); err != nil {
		return err
	}
	if err := s.children["scheduler"].start(); err != nil {
		return err
	}
	nodes := s.opts.nodes
	if len(s.opts.nodeList) > 0 {
		nodes = strings.Join(s.opts.nodeList, ";")
	}
	specs, err := sim.ParseNodes(nodes)
	if err != nil {
		return err
	}
	// The simulator's client waits (dials) for the apiserver during an outage
	// instead of failing fast, so its informers never enter client-go's long
	// reflector back-off (up to 30-60 s) and resume as soon as it is back.
	simCfg := rest.CopyConfig(s.adminCfg)
	simCfg.Dial = s.dialAPIServer
	cs, err := kubernetes.NewForConfig(simCfg)
	if err != nil {
		return err
	}
	if s.sim, err = sim.New(cs, specs, sim.Options{StartDelay: s.opts.startDelay, AddressBlock: s.addrBlock.prefix, DataDir: s.dataDir}); err != nil {
		return err
	}
	if err := s.startProcessRuntime(); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(s.ctx, s.opts.readyTimeout)
	defer cancel()
	if err := s.sim.Start(s.ctx, ctx); err != nil {
		return err
	}
	// The default service account is needed before pods can be created in "default".
	return waitFor(ctx, 200*time.Millisecond, func() bool {
		_, err := cs.CoreV1().ServiceAccounts("default").Get(ctx, "default", metav1.GetOptions{})
		return err == nil
	})
}

func waitFor(ctx context.Context, every time.Duration, cond func() bool) error {
	for {
		if cond() {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(every):
		}
	}
}

// ---- etcd ----

func (s *supervisor) startEtcd() error {
	portsFile := filepath.Join(s.dataDir, "etcd-ports.json")
	ports := map[string]int{}
	if b, err := os.ReadFile(portsFile); err == nil {
		_ = jsonUnmarshal(b, &ports)
	}
	for _, k := range []string{"client", "peer"} {
		if ports[k] == 0 || !portFree(ports[k]) {
			p, err := freePort()
			if err != nil {
				return err
			}
			ports[k] = p
		}
	}
	if b, err := jsonMarshal(ports); err == nil {
		_ = os.WriteFile(portsFile, b, 0o644)
	}
	cu, _ := url.Parse(fmt.Sprintf("http://127.0.0.1:%d", ports["client"]))
	pu, _ := url.Parse(fmt.Sprintf("http://127.0.0.1:%d", ports["peer"]))
	cfg := embed.NewConfig()
	cfg.Name = "kube-local"
	cfg.Dir = filepath.Join(s.dataDir, "etcd")
	cfg.ListenClientUrls = []url.URL{*cu}
	cfg.AdvertiseClientUrls = []url.URL{*cu}
	cfg.ListenPeerUrls = []url.URL{*pu}
	cfg.AdvertisePeerUrls = []url.URL{*pu}
	cfg.InitialCluster = fmt.Sprintf("%s=%s", cfg.Name, pu.String())
	cfg.LogLevel = "warn"
	cfg.LogOutputs = []string{filepath.Join(s.logDir, "etcd.log")}
	cfg.UnsafeNoFsync = !s.opts.etcdFsync
	cfg.QuotaBackendBytes = 2 << 30
	cfg.AutoCompactionMode = "periodic"
	cfg.AutoCompactionRetention = "5m"
	e, err := embed.StartEtcd(cfg)
	if err != nil {
		return err
	}
	select {
	case <-e.Server.ReadyNotify():
	case <-time.After(60 * time.Second):
		e.Close()
		return errors.New("etcd did not become ready in 60s")
	}
	s.etcd = e
	s.etcdURL = cu.String()
	logf("etcd ready at %s (data %s)", s.etcdURL, cfg.Dir)
	return nil
}

func (s *supervisor) stopEtcd() {
	if s.etcd != nil {
		s.etcd.Close()
		s.etcd = nil
	}
}

// ---- kubeconfigs ----

func (s *supervisor) server() string { return fmt.Sprintf("https://127.0.0.1:%d", s.apiPort) }

func (s *supervisor) kubeconfigFor(user, token string) *clientcmdapi.Config {
	c := clientcmdapi.NewConfig()
	c.Clusters["kube-local"] = &clientcmdapi.Cluster{Server: s.server(), CertificateAuthorityData: s.pki.CACertPEM}
	c.AuthInfos[user] = &clientcmdapi.AuthInfo{Token: token}
	c.Contexts["kube-local"] = &clientcmdapi.Context{Cluster: "kube-local", AuthInfo: user, Namespace: "default"}
	c.CurrentContext = "kube-local"
	return c
}

func (s *supervisor) writeKubeconfigs() error {
	if err := os.MkdirAll(filepath.Dir(s.opts.kubeconfig), 0o755); err != nil {
		return err
	}
	if err := clientcmd.WriteToFile(*s.kubeconfigFor("kube-local-admin", s.pki.AdminToken), s.opts.kubeconfig); err != nil {
		return err
	}
	if err := clientcmd.WriteToFile(*s.kubeconfigFor("system:kube-controller-manager", s.pki.KCMToken), s.kcmKubeconfig()); err != nil {
		return err
	}
	return clientcmd.WriteToFile(*s.kubeconfigFor("system:kube-scheduler", s.pki.SchedToken), s.schedKubeconfig())
}

func (s *supervisor) kcmKubeconfig() string {
	return filepath.Join(s.pki.Dir, "controller-manager.kubeconfig")
}
func (s *supervisor) schedKubeconfig() string {
	return filepath.Join(s.pki.Dir, "scheduler.kubeconfig")
}

// ---- component arguments ----

func (s *supervisor) apiserverArgs() []string {
	p := s.pki
	args := []string{
		"apiserver",
		"--etcd-servers=" + s.etcdURL,
		"--bind-address=127.0.0.1",
		"--advertise-address=127.0.0.1",
		"--secure-port=" + strconv.Itoa(s.apiPort),
		"--tls-cert-file=" + p.ServingCert,
		"--tls-private-key-file=" + p.ServingKey,
		"--client-ca-file=" + p.CACert,
		"--token-auth-file=" + p.TokenFile,
		"--service-account-key-file=" + p.SAPub,
		"--service-account-signing-key-file=" + p.SAKey,
		"--service-account-issuer=" + saIssuer,
		"--service-cluster-ip-range=" + serviceCIDR,
		"--authorization-mode=Node,RBAC",
		"--enable-admission-plugins=NodeRestriction,PodSecurity,ResourceQuota,DefaultStorageClass",
		"--allow-privileged=true",
		"--endpoint-reconciler-type=none",
		// The nodes' Hostname addresses are names that no DNS knows; their
		// InternalIP is loopback (the kubelet endpoint for logs and exec).
		"--kubelet-preferred-address-types=InternalIP",
		"--kubelet-certificate-authority=" + p.CACert,
		"--kubelet-client-certificate=" + p.KubeletClientCert,
		"--kubelet-client-key=" + p.KubeletClientKey,
		"--profiling=false",
		"--cert-dir=" + filepath.Join(s.dataDir, "pki", "apiserver-certs"),
		"--v=" + strconv.Itoa(s.opts.componentV),
	}
	return append(args, s.opts.apiserverArgs...)
}

func (s *supervisor) kcmArgs() []string {
	return append([]string{
		"controller-manager",
		"--kubeconfig=" + s.kcmKubeconfig(),
		"--leader-elect=false",
		"--secure-port=0",
		"--controllers=" + s.opts.controllers,
		"--use-service-account-credentials=true",
		"--service-account-private-key-file=" + s.pki.SAKey,
		"--root-ca-file=" + s.pki.CACert,
		"--cluster-name=kube-local",
		"--resource-quota-sync-period=30s",
		"--v=" + strconv.Itoa(s.opts.componentV),
	}, s.opts.kcmArgs...)
}

func (s *supervisor) schedulerArgs() []string {
	return []string{
		"scheduler",
		"--kubeconfig=" + s.schedKubeconfig(),
		"--leader-elect=false",
		"--secure-port=0",
		"--v=" + strconv.Itoa(s.opts.componentV),
	}
}

// ---- children ----

type child struct {
	name    string
	args    []string
	self    string
	logPath string
	env     []string

	mu       sync.Mutex
	cmd      *exec.Cmd
	done     chan struct{}
	want     bool // supervisor wants it running (restart on unexpected exit)
	started  time.Time
	failures int // consecutive quick unexpected exits (for the restart back-off)
	restarts int // unexpected exits so far
}

// Restart back-off for a component that exits without being asked to: 1 s,
// doubling per consecutive quick exit, at most childBackoffMax; it never gives
// up while the component is wanted. A run longer than childStableAfter resets it.
const (
	childBackoffMin  = time.Second
	childBackoffMax  = 10 * time.Second
	childStableAfter = 30 * time.Second
)

func (c *child) backoffLocked() time.Duration {
	d := childBackoffMin
	for i := 1; i < c.failures && d < childBackoffMax; i++ {
		d *= 2
	}
	return min(d, childBackoffMax)
}

func (s *supervisor) addChild(name string, args []string) {
	s.children[name] = &child{
		name: name, args: args, self: s.self,
		logPath: filepath.Join(s.logDir, name+".log"),
		env:     append(os.Environ(), "GOMEMLIMIT="+s.opts.memLimit),
	}
	s.order = append(s.order, name)
}

func (c *child) running() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.cmd != nil
}

func (c *child) start() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.want = true
	c.failures = 0
	if c.cmd != nil {
		return nil
	}
	return c.spawnLocked()
}

func (c *child) spawnLocked() error {
	lf, err := os.OpenFile(c.logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	fmt.Fprintf(lf, "==== %s starting %s\n", time.Now().Format(time.RFC3339), c.name)
	cmd := exec.Command(c.self, c.args...)
	cmd.Stdout, cmd.Stderr = lf, lf
	cmd.Env = c.env
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL, Setpgid: true}
	if err := cmd.Start(); err != nil {
		lf.Close()
		return err
	}
	logf("started %s (pid %d, log %s)", c.name, cmd.Process.Pid, c.logPath)
	c.cmd = cmd
	c.started = time.Now()
	done := make(chan struct{})
	c.done = done
	go func() {
		err := cmd.Wait()
		lf.Close()
		c.mu.Lock()
		defer c.mu.Unlock()
		c.cmd = nil
		close(done)
		if c.want {
			c.restarts++
			if time.Since(c.started) > childStableAfter {
				c.failures = 0
			}
			c.failures++
			d := c.backoffLocked()
			logf("%s exited unexpectedly (%v); restarting in %s", c.name, err, d)
			go c.restartAfter(d)
		}
	}()
	return nil
}

// restartAfter respawns the child after d unless it was stopped or started
// meanwhile; a failing spawn is retried with the back-off.
func (c *child) restartAfter(d time.Duration) {
	for {
		time.Sleep(d)
		c.mu.Lock()
		if !c.want || c.cmd != nil {
			c.mu.Unlock()
			return
		}
		err := c.spawnLocked()
		if err == nil {
			c.mu.Unlock()
			return
		}
		c.failures++
		d = c.backoffLocked()
		c.mu.Unlock()
		logf("restart %s: %v; retrying in %s", c.name, err, d)
	}
}

func (c *child) stop(timeout time.Duration) {
	c.mu.Lock()
	c.want = false
	cmd, done := c.cmd, c.done
	c.mu.Unlock()
	if cmd == nil {
		return
	}
	_ = cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-done:
	case <-time.After(timeout):
		logf("%s did not stop in %s, killing", c.name, timeout)
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-done
	}
	logf("stopped %s", c.name)
}

func (s *supervisor) stopChildren() {
	s.mu.Lock() // wait for a running start/stop/restart request
	defer s.mu.Unlock()
	for i := len(s.order) - 1; i >= 0; i-- {
		s.children[s.order[i]].stop(5 * time.Second)
	}
}

func (s *supervisor) stopComponent(name string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.children[name]
	if c == nil {
		return fmt.Errorf("unknown component %q", name)
	}
	if name == "apiserver" {
		s.api.setDown()
	}
	c.stop(2 * time.Second)
	if name == "apiserver" {
		// make sure the port is really closed before reporting success
		_ = waitFor(s.ctx, 100*time.Millisecond, func() bool { return portFree(s.apiPort) })
	}
	return nil
}

func (s *supervisor) startComponent(name string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.children[name]
	if c == nil {
		return fmt.Errorf("unknown component %q", name)
	}
	if err := c.start(); err != nil {
		return err
	}
	if name == "apiserver" {
		if err := s.waitAPIServerReady(2 * time.Minute); err != nil {
			return err
		}
		s.apiServerUp()
	}
	return nil
}

// ---- readiness ----

func (s *supervisor) httpClient() *http.Client {
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(s.pki.CACertPEM)
	return &http.Client{
		Timeout:   5 * time.Second,
		Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}, DisableKeepAlives: true},
	}
}

func (s *supervisor) waitAPIServerReady(timeout time.Duration) error {
	hc := s.httpClient()
	deadline := time.Now().Add(timeout)
	var last string
	for time.Now().Before(deadline) {
		if s.ctx.Err() != nil {
			return s.ctx.Err()
		}
		req, _ := http.NewRequest("GET", s.server()+"/readyz", nil)
		req.Header.Set("Authorization", "Bearer "+s.pki.AdminToken)
		resp, err := hc.Do(req)
		if err == nil {
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == 200 {
				logf("apiserver ready at %s", s.server())
				return nil
			}
			last = fmt.Sprintf("%d %s", resp.StatusCode, strings.TrimSpace(string(b)))
		} else {
			last = err.Error()
		}
		if !s.children["apiserver"].running() && !s.children["apiserver"].wanted() {
			return errors.New("apiserver is not running")
		}
		time.Sleep(250 * time.Millisecond)
	}
	return fmt.Errorf("apiserver not ready after %s: %s (see %s)", timeout, last, filepath.Join(s.logDir, "apiserver.log"))
}

func (c *child) wanted() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.want
}

// ---- control endpoint ----

func (s *supervisor) startControl() (*http.Server, error) {
	ln, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", s.opts.controlPort))
	if err != nil {
		return nil, fmt.Errorf("control port: %w", err)
	}
	s.controlURL = "http://" + ln.Addr().String()
	mux := http.NewServeMux()
	mux.HandleFunc("/status", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		b, _ := jsonMarshal(s.status())
		_, _ = w.Write(b)
	})
	for _, name := range s.order {
		name := name
		mux.HandleFunc("/"+name+"/stop", func(w http.ResponseWriter, r *http.Request) {
			if r.Method != http.MethodPost {
				http.Error(w, "POST only", http.StatusMethodNotAllowed)
				return
			}
			if err := s.stopComponent(name); err != nil {
				http.Error(w, err.Error(), 500)
				return
			}
			fmt.Fprintf(w, "%s stopped\n", name)
		})
		mux.HandleFunc("/"+name+"/start", func(w http.ResponseWriter, r *http.Request) {
			if r.Method != http.MethodPost {
				http.Error(w, "POST only", http.StatusMethodNotAllowed)
				return
			}
			if err := s.startComponent(name); err != nil {
				http.Error(w, err.Error(), 500)
				return
			}
			fmt.Fprintf(w, "%s started\n", name)
		})
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	logf("control endpoint at %s", s.controlURL)
	return srv, nil
}

func (s *supervisor) status() map[string]any {
	comps := map[string]any{}
	for _, n := range s.order {
		c := s.children[n]
		c.mu.Lock()
		st := map[string]any{"running": c.cmd != nil, "wanted": c.want, "restarts": c.restarts}
		if c.cmd != nil {
			st["pid"] = c.cmd.Process.Pid
		}
		c.mu.Unlock()
		comps[n] = st
	}
	return map[string]any{
		"server":       s.server(),
		"port":         s.apiPort,
		"kubeconfig":   s.opts.kubeconfig,
		"controlURL":   s.controlURL,
		"pid":          os.Getpid(),
		"etcd":         s.etcdURL,
		"dataDir":      s.dataDir,
		"logDir":       s.logDir,
		"version":      kubeVersion,
		"addressBlock": s.addrBlock.prefix.String(),
		"components":   comps,
	}
}

func (s *supervisor) writeState() {
	b, err := jsonMarshal(s.status())
	if err == nil {
		_ = os.WriteFile(filepath.Join(s.dataDir, "state.json"), b, 0o644)
	}
}

// ---- ports ----

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func portFree(p int) bool {
	l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", p))
	if err != nil {
		return false
	}
	l.Close()
	return true
}
