package sim

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"strings"
	"time"

	v1 "k8s.io/api/core/v1"
	apiequality "k8s.io/apimachinery/pkg/api/equality"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/tools/cache"
	"k8s.io/klog/v2"
	"k8s.io/utils/ptr"
)

// Pod annotations understood by the simulator.
const (
	// AnnFail selects a failure mode: "image-pull", "crash-loop", "oom",
	// "never-ready"; either one mode for all app containers, or per container
	// "name=mode,name2=mode".
	AnnFail = "kube-local.sim/fail"
	// AnnStartDelay overrides the time spent in ContainerCreating, e.g. "5s".
	AnnStartDelay = "kube-local.sim/start-delay"
	// AnnPodIP is the IP the pod reports instead of one from its node's pod
	// subnet, e.g. "127.0.0.1" so that a test server stands in for the pod.
	// Any valid IP is taken as it is: it is the test's to choose (a loopback
	// one, on our machines).
	AnnPodIP = "kube-local.sim/pod-ip"
)

type mode string

const (
	modeOK         mode = ""
	modePull       mode = "image-pull"
	modeCrash      mode = "crash-loop"
	modeOOM        mode = "oom"
	modeNeverReady mode = "never-ready"
)

// Timeline constants (see README).
const (
	initRun        = 500 * time.Millisecond // a regular init container runs this long
	pullFailAfter  = time.Second            // ContainerCreating -> ErrImagePull
	pullBackoffAt  = 3 * time.Second        // ErrImagePull -> ImagePullBackOff
	crashRun       = 2 * time.Second        // a crashing container runs this long
	crashShowTerm  = time.Second            // then shows Terminated this long
	crashBackoff0  = 5 * time.Second        // first CrashLoopBackOff, doubling
	crashBackoffMx = 60 * time.Second
)

func normalizeMode(v string) mode {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "image-pull", "imagepull", "pull", "err-image-pull", "image-pull-backoff":
		return modePull
	case "crash-loop", "crashloop", "crash", "crashloopbackoff", "error":
		return modeCrash
	case "oom", "oomkilled", "oom-kill", "oomkill":
		return modeOOM
	case "never-ready", "neverready", "not-ready", "unready":
		return modeNeverReady
	}
	return modeOK
}

func modeFor(pod *v1.Pod, c *v1.Container, isInit bool) mode {
	if a, ok := pod.Annotations[AnnFail]; ok && a != "" {
		if strings.Contains(a, "=") {
			for _, kv := range strings.Split(a, ",") {
				k, v, _ := strings.Cut(kv, "=")
				if strings.TrimSpace(k) == c.Name {
					return normalizeMode(v)
				}
			}
		} else if !isInit {
			return normalizeMode(a)
		}
	}
	img := strings.ToLower(c.Image)
	switch {
	case strings.Contains(img, "fail-pull"):
		return modePull
	case strings.Contains(img, "crash-loop") || strings.Contains(img, "crashloop"):
		return modeCrash
	case strings.Contains(img, "oom-kill") || strings.Contains(img, "oomkill"):
		return modeOOM
	case strings.Contains(img, "never-ready"):
		return modeNeverReady
	}
	return modeOK
}

func (s *Simulator) startDelay(pod *v1.Pod) time.Duration {
	if v := strings.TrimSpace(pod.Annotations[AnnStartDelay]); v != "" {
		if d, err := time.ParseDuration(v); err == nil && d >= 0 {
			return d
		}
		if n, err := strconv.ParseFloat(v, 64); err == nil && n >= 0 {
			return time.Duration(n * float64(time.Second))
		}
	}
	return s.opts.StartDelay
}

type podState struct {
	uid          types.UID
	node         string
	t0           time.Time
	ip           string // "" until the sandbox has one
	ipOwner      string // set when ip came from the node's allocator (and goes back to it)
	emitted      map[string]bool
	adopted      bool // found already started (e.g. after a restart): do not replay events
	lastComputed *v1.PodStatus
	killed       bool
}

type simEvent struct {
	key       string
	at        time.Time
	typ       string
	reason    string
	msg       string
	fieldPath string
}

func mt(t time.Time) metav1.Time { return metav1.NewTime(t.Truncate(time.Second)) }

func hashStr(parts ...string) string {
	h := sha256.Sum256([]byte(strings.Join(parts, "/")))
	return hex.EncodeToString(h[:])
}

func imageID(image string) string {
	ref := image
	if i := strings.Index(ref, "@"); i >= 0 {
		ref = ref[:i]
	}
	if i := strings.LastIndex(ref, ":"); i > strings.LastIndex(ref, "/") {
		ref = ref[:i]
	}
	return ref + "@sha256:" + hashStr("image", image)
}

// ---- sync ----

func (s *Simulator) syncPod(ctx context.Context, key string) (time.Duration, error) {
	ns, name, _ := cache.SplitMetaNamespaceKey(key)
	pod, err := s.podLister.Pods(ns).Get(name)
	if apierrors.IsNotFound(err) {
		s.mu.Lock()
		st := s.pods[key]
		if st != nil {
			s.releaseAddressLocked(st)
		}
		delete(s.pods, key)
		s.mu.Unlock()
		if st != nil && s.processes != nil {
			go s.processes.Forget(st.uid)
		}
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	node := s.nodes[pod.Spec.NodeName]
	if node == nil {
		return 0, nil
	}
	now := time.Now()
	st := s.stateFor(key, pod, now)

	if s.processes != nil && s.processes.Handles(pod) {
		return s.syncProcessPod(ctx, pod, node, st)
	}
	if pod.DeletionTimestamp != nil {
		return 0, s.killPod(ctx, pod, st, now)
	}
	if pod.Status.Phase == v1.PodSucceeded || pod.Status.Phase == v1.PodFailed {
		return 0, nil
	}

	status, next, events := s.computeStatus(pod, node, st, now)
	s.emit(pod, st, events, now)

	if !apiequality.Semantic.DeepEqual(&pod.Status, status) &&
		(st.lastComputed == nil || !apiequality.Semantic.DeepEqual(st.lastComputed, status)) {
		cp := pod.DeepCopy()
		cp.Status = *status
		if _, err := s.cs.CoreV1().Pods(ns).UpdateStatus(ctx, cp, metav1.UpdateOptions{}); err != nil {
			if apierrors.IsNotFound(err) {
				return 0, nil
			}
			return 0, err
		}
		st.lastComputed = status
	}
	if next.IsZero() {
		return 0, nil
	}
	return next.Sub(now) + 20*time.Millisecond, nil
}

func (s *Simulator) stateFor(key string, pod *v1.Pod, now time.Time) *podState {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.pods[key]
	if st != nil && st.uid == pod.UID {
		return st
	}
	if st != nil {
		s.releaseAddressLocked(st) // a new pod of the same name (StatefulSet)
		if s.processes != nil {
			go s.processes.Forget(st.uid)
		}
	}
	st = &podState{uid: pod.UID, node: pod.Spec.NodeName, t0: now, emitted: map[string]bool{}}
	if pod.Status.StartTime != nil {
		st.t0 = pod.Status.StartTime.Time
		st.adopted = true
	}
	if pod.Spec.HostNetwork {
		st.ip = s.nodes[pod.Spec.NodeName].IP
	} else if ip := pod.Status.PodIP; ip != "" {
		// Found running (kube-local restarted): it keeps its address if that
		// is still one of its node's, or the one its annotation asks for.
		if ip == podIPFromAnnotation(pod) {
			st.ip = ip
		} else if addr, err := netip.ParseAddr(ip); err == nil && s.addrs[st.node].reserve(addr, ipOwner(pod)) {
			st.ip, st.ipOwner = ip, ipOwner(pod)
		} else {
			klog.Infof("pod %s: address %s is not of node %s's subnet %s; it gets a new one", key, ip, st.node, s.nodes[st.node].Subnet)
		}
	}
	s.pods[key] = st
	return st
}

// reserveAddressesInUse records the addresses of pods that already run on
// our nodes (kube-local restarted), before any new pod is given one.
func (s *Simulator) reserveAddressesInUse() {
	pods, err := s.podLister.List(labels.Everything())
	if err != nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, pod := range pods {
		a := s.addrs[pod.Spec.NodeName]
		if a == nil || pod.Spec.HostNetwork || pod.Status.PodIP == "" || pod.Status.PodIP == podIPFromAnnotation(pod) {
			continue
		}
		if addr, err := netip.ParseAddr(pod.Status.PodIP); err == nil {
			a.reserve(addr, ipOwner(pod))
		}
	}
}

// ipOwner names a pod for the allocator: by UID too, since a StatefulSet's
// new pod has the name of the old one.
func ipOwner(pod *v1.Pod) string { return pod.Namespace + "/" + pod.Name + "/" + string(pod.UID) }

// podIPFromAnnotation is the valid IP of the AnnPodIP annotation, if any.
func podIPFromAnnotation(pod *v1.Pod) string {
	v := strings.TrimSpace(pod.Annotations[AnnPodIP])
	if ip := net.ParseIP(v); ip != nil {
		return ip.String()
	}
	return ""
}

// assignAddress gives the pod's sandbox its address: the annotation's, or the
// next free one of its node's subnet.
func (s *Simulator) assignAddress(pod *v1.Pod, st *podState) error {
	if st.ip != "" {
		return nil
	}
	if ip := podIPFromAnnotation(pod); ip != "" {
		st.ip = ip
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	addr, err := s.addrs[st.node].allocate(ipOwner(pod))
	if err != nil {
		return err
	}
	st.ip, st.ipOwner = addr.String(), ipOwner(pod)
	return nil
}

func (s *Simulator) releaseAddressLocked(st *podState) {
	if st.ipOwner == "" {
		return
	}
	if addr, err := netip.ParseAddr(st.ip); err == nil {
		s.addrs[st.node].release(addr, st.ipOwner)
	}
	st.ipOwner = ""
}

func (s *Simulator) emit(pod *v1.Pod, st *podState, events []simEvent, now time.Time) {
	rec := s.recorders[pod.Spec.NodeName]
	for _, e := range events {
		if e.at.After(now) || st.emitted[e.key] {
			continue
		}
		st.emitted[e.key] = true
		if st.adopted || rec == nil {
			continue
		}
		ref := &v1.ObjectReference{Kind: "Pod", APIVersion: "v1", Namespace: pod.Namespace, Name: pod.Name, UID: pod.UID, FieldPath: e.fieldPath}
		rec.Event(ref, e.typ, e.reason, e.msg)
	}
	st.adopted = false
}

func (s *Simulator) killPod(ctx context.Context, pod *v1.Pod, st *podState, now time.Time) error {
	if !st.killed {
		st.killed = true
		rec := s.recorders[pod.Spec.NodeName]
		cp := pod.DeepCopy()
		changed := false
		for i := range cp.Status.ContainerStatuses {
			c := &cp.Status.ContainerStatuses[i]
			if c.State.Running != nil {
				if rec != nil {
					ref := &v1.ObjectReference{Kind: "Pod", APIVersion: "v1", Namespace: pod.Namespace, Name: pod.Name, UID: pod.UID,
						FieldPath: "spec.containers{" + c.Name + "}"}
					rec.Event(ref, v1.EventTypeNormal, "Killing", "Stopping container "+c.Name)
				}
				c.State = v1.ContainerState{Terminated: &v1.ContainerStateTerminated{
					ExitCode: 0, Reason: "Completed", StartedAt: c.State.Running.StartedAt, FinishedAt: mt(now), ContainerID: c.ContainerID,
				}}
				c.Ready = false
				c.Started = ptr.To(false)
				changed = true
			}
		}
		if changed {
			for i := range cp.Status.Conditions {
				if cp.Status.Conditions[i].Type == v1.PodReady || cp.Status.Conditions[i].Type == v1.ContainersReady {
					cp.Status.Conditions[i].Status = v1.ConditionFalse
					cp.Status.Conditions[i].LastTransitionTime = mt(now)
				}
			}
			if _, err := s.cs.CoreV1().Pods(pod.Namespace).UpdateStatus(ctx, cp, metav1.UpdateOptions{}); err != nil {
				klog.V(2).Infof("terminate status %s/%s: %v", pod.Namespace, pod.Name, err)
			}
		}
	}
	err := s.cs.CoreV1().Pods(pod.Namespace).Delete(ctx, pod.Name, metav1.DeleteOptions{
		GracePeriodSeconds: ptr.To[int64](0),
		Preconditions:      &metav1.Preconditions{UID: &pod.UID},
	})
	if apierrors.IsNotFound(err) || apierrors.IsConflict(err) {
		return nil
	}
	return err
}

// ---- timeline ----

type ctrResult struct {
	status      v1.ContainerStatus
	done        bool      // init: completed (sidecar: started); lets the next one start
	doneAt      time.Time // when done became true
	failed      bool      // terminated for good (restartPolicy Never)
	next        time.Time
	events      []simEvent
	everStarted bool
	exitedOK    bool
	terminated  bool
}

func (r *ctrResult) setNext(t time.Time) {
	if r.next.IsZero() || t.Before(r.next) {
		r.next = t
	}
}

func containerID(uid types.UID, name string, restart int) string {
	return "containerd://" + hashStr(string(uid), name, strconv.Itoa(restart))
}

// timeline computes the status of one container that begins to be created at
// start, as seen at now.
func timeline(pod *v1.Pod, c *v1.Container, m mode, start, now time.Time, isInit, sidecar bool) ctrResult {
	kind := "containers"
	if isInit {
		kind = "initContainers"
	}
	fp := "spec." + kind + "{" + c.Name + "}"
	r := ctrResult{status: v1.ContainerStatus{Name: c.Name, Image: c.Image, ImageID: imageID(c.Image), Started: ptr.To(false)}}
	ev := func(key string, at time.Time, typ, reason, msg string) {
		r.events = append(r.events, simEvent{key: c.Name + "/" + key, at: at, typ: typ, reason: reason, msg: msg, fieldPath: fp})
	}
	startEvents := func(k int, at time.Time) {
		ks := strconv.Itoa(k)
		if k == 0 {
			ev("pulling", at, v1.EventTypeNormal, "Pulling", fmt.Sprintf("Pulling image %q", c.Image))
			ev("pulled", at, v1.EventTypeNormal, "Pulled", fmt.Sprintf("Successfully pulled image %q in 1ms (1ms including waiting). Image size 1024 bytes.", c.Image))
		} else {
			ev("pulled/"+ks, at, v1.EventTypeNormal, "Pulled", fmt.Sprintf("Container image %q already present on machine", c.Image))
		}
		ev("created/"+ks, at, v1.EventTypeNormal, "Created", "Created container: "+c.Name)
		ev("started/"+ks, at, v1.EventTypeNormal, "Started", "Started container "+c.Name)
	}
	regularInit := isInit && !sidecar
	restart := pod.Spec.RestartPolicy != v1.RestartPolicyNever || sidecar
	// regular init containers only restart on failure, like app containers with OnFailure
	switch m {
	case modePull:
		msg := fmt.Sprintf("Failed to pull image %q: rpc error: code = NotFound desc = failed to pull and unpack image %q: not found (simulated by kube-local)", c.Image, c.Image)
		ev("pulling", start, v1.EventTypeNormal, "Pulling", fmt.Sprintf("Pulling image %q", c.Image))
		if now.Before(start.Add(pullFailAfter)) {
			r.status.State.Waiting = &v1.ContainerStateWaiting{Reason: "ContainerCreating"}
			r.setNext(start.Add(pullFailAfter))
			return r
		}
		ev("failed-pull", start.Add(pullFailAfter), v1.EventTypeWarning, "Failed", msg)
		ev("err-image-pull", start.Add(pullFailAfter), v1.EventTypeWarning, "Failed", "Error: ErrImagePull")
		if now.Before(start.Add(pullBackoffAt)) {
			r.status.State.Waiting = &v1.ContainerStateWaiting{Reason: "ErrImagePull", Message: msg}
			r.setNext(start.Add(pullBackoffAt))
			return r
		}
		ev("backoff-pull", start.Add(pullBackoffAt), v1.EventTypeNormal, "BackOff", fmt.Sprintf("Back-off pulling image %q", c.Image))
		ev("image-pull-backoff", start.Add(pullBackoffAt), v1.EventTypeWarning, "Failed", "Error: ImagePullBackOff")
		r.status.State.Waiting = &v1.ContainerStateWaiting{Reason: "ImagePullBackOff",
			Message: fmt.Sprintf("Back-off pulling image %q: ErrImagePull: %s", c.Image, msg)}
		return r

	case modeCrash, modeOOM:
		exit, reason := int32(1), "Error"
		if m == modeOOM {
			exit, reason = 137, "OOMKilled"
		}
		var last *v1.ContainerStateTerminated
		st := start
		for k := 0; ; k++ {
			startEvents(k, st)
			r.everStarted = true
			id := containerID(pod.UID, c.Name, k)
			crashAt := st.Add(crashRun)
			r.status.RestartCount = int32(k)
			r.status.ContainerID = id
			if last != nil {
				r.status.LastTerminationState = v1.ContainerState{Terminated: last}
			}
			if now.Before(crashAt) {
				r.status.State.Running = &v1.ContainerStateRunning{StartedAt: mt(st)}
				r.status.Started = ptr.To(true)
				r.status.Ready = !regularInit
				if sidecar {
					r.done, r.doneAt = true, st
				}
				r.setNext(crashAt)
				return r
			}
			term := &v1.ContainerStateTerminated{ExitCode: exit, Reason: reason, StartedAt: mt(st), FinishedAt: mt(crashAt), ContainerID: id}
			if !restart {
				r.status.State.Terminated = term
				r.failed, r.terminated = true, true
				ev("died/"+strconv.Itoa(k), crashAt, v1.EventTypeWarning, "Failed", fmt.Sprintf("Container %s exited with code %d (%s)", c.Name, exit, reason))
				return r
			}
			if sidecar {
				r.done, r.doneAt = true, start
			}
			ev("backoff/"+strconv.Itoa(k), crashAt.Add(crashShowTerm), v1.EventTypeWarning, "BackOff",
				fmt.Sprintf("Back-off restarting failed container %s in pod %s_%s(%s)", c.Name, pod.Name, pod.Namespace, pod.UID))
			if now.Before(crashAt.Add(crashShowTerm)) {
				r.status.State.Terminated = term
				r.setNext(crashAt.Add(crashShowTerm))
				return r
			}
			backoff := crashBackoff0 << k
			if k > 10 || backoff > crashBackoffMx {
				backoff = crashBackoffMx
			}
			restartAt := crashAt.Add(crashShowTerm).Add(backoff)
			if now.Before(restartAt) {
				r.status.State.Waiting = &v1.ContainerStateWaiting{Reason: "CrashLoopBackOff",
					Message: fmt.Sprintf("back-off %s restarting failed container=%s pod=%s_%s(%s)", backoff, c.Name, pod.Name, pod.Namespace, pod.UID)}
				r.status.LastTerminationState = v1.ContainerState{Terminated: term}
				r.status.RestartCount = int32(k + 1)
				r.setNext(restartAt)
				return r
			}
			last = term
			st = restartAt
		}

	default: // ok, never-ready
		startEvents(0, start)
		r.everStarted = true
		id := containerID(pod.UID, c.Name, 0)
		r.status.ContainerID = id
		if regularInit {
			end := start.Add(initRun)
			if now.Before(end) {
				r.status.State.Running = &v1.ContainerStateRunning{StartedAt: mt(start)}
				r.status.Started = ptr.To(true)
				r.setNext(end)
				return r
			}
			r.status.State.Terminated = &v1.ContainerStateTerminated{ExitCode: 0, Reason: "Completed", StartedAt: mt(start), FinishedAt: mt(end), ContainerID: id}
			r.done, r.doneAt, r.terminated, r.exitedOK = true, end, true, true
			return r
		}
		r.status.State.Running = &v1.ContainerStateRunning{StartedAt: mt(start)}
		r.status.Started = ptr.To(true)
		r.status.Ready = m != modeNeverReady
		if sidecar {
			r.done, r.doneAt = true, start
		}
		return r
	}
}

func (s *Simulator) computeStatus(pod *v1.Pod, node *NodeSpec, st *podState, now time.Time) (*v1.PodStatus, time.Time, []simEvent) {
	var next time.Time
	setNext := func(t time.Time) {
		if !t.IsZero() && t.After(now) && (next.IsZero() || t.Before(next)) {
			next = t
		}
	}
	var events []simEvent
	T := st.t0.Add(s.startDelay(pod))
	sandbox := !now.Before(T)
	if !sandbox {
		setNext(T)
	} else if err := s.assignAddress(pod, st); err != nil {
		// As a kubelet whose IPAM range is exhausted: no sandbox, retried.
		sandbox = false
		events = append(events, simEvent{key: "sandbox-ip/" + now.Truncate(time.Minute).String(), at: now, typ: v1.EventTypeWarning,
			reason: "FailedCreatePodSandBox", msg: "Failed to create pod sandbox: " + err.Error()})
		setNext(now.Add(5 * time.Second))
	}
	hasRegularInit := false
	for _, c := range pod.Spec.InitContainers {
		if c.RestartPolicy == nil || *c.RestartPolicy != v1.ContainerRestartPolicyAlways {
			hasRegularInit = true
		}
	}
	waiting := func(c *v1.Container, reason string) v1.ContainerStatus {
		return v1.ContainerStatus{Name: c.Name, Image: c.Image, ImageID: "", Started: ptr.To(false),
			State: v1.ContainerState{Waiting: &v1.ContainerStateWaiting{Reason: reason}}}
	}

	// init containers, one after the other
	cursor := T
	blocked := !sandbox
	initFailed := false
	var incomplete []string
	var initStatuses []v1.ContainerStatus
	for i := range pod.Spec.InitContainers {
		c := &pod.Spec.InitContainers[i]
		sidecar := c.RestartPolicy != nil && *c.RestartPolicy == v1.ContainerRestartPolicyAlways
		if blocked {
			initStatuses = append(initStatuses, waiting(c, "PodInitializing"))
			incomplete = append(incomplete, c.Name)
			continue
		}
		r := timeline(pod, c, modeFor(pod, c, true), cursor, now, true, sidecar)
		events = append(events, r.events...)
		setNext(r.next)
		initStatuses = append(initStatuses, r.status)
		if r.done {
			if r.doneAt.After(cursor) {
				cursor = r.doneAt
			}
		} else {
			blocked = true
			incomplete = append(incomplete, c.Name)
			if r.failed {
				initFailed = true
			}
		}
	}
	initDone := !blocked

	var ctrStatuses []v1.ContainerStatus
	var unready []string
	anyStarted, allTerminated, allOK := false, true, true
	for i := range pod.Spec.Containers {
		c := &pod.Spec.Containers[i]
		if !initDone {
			reason := "ContainerCreating"
			if hasRegularInit {
				reason = "PodInitializing"
			}
			ctrStatuses = append(ctrStatuses, waiting(c, reason))
			unready = append(unready, c.Name)
			allTerminated = false
			continue
		}
		r := timeline(pod, c, modeFor(pod, c, false), cursor, now, false, false)
		events = append(events, r.events...)
		setNext(r.next)
		ctrStatuses = append(ctrStatuses, r.status)
		if !r.status.Ready {
			unready = append(unready, c.Name)
		}
		if r.everStarted {
			anyStarted = true
		}
		if !r.terminated {
			allTerminated = false
		} else if !r.exitedOK {
			allOK = false
		}
	}
	// sidecars count for readiness too
	for _, cs := range initStatuses {
		for _, c := range pod.Spec.InitContainers {
			if c.Name == cs.Name && c.RestartPolicy != nil && *c.RestartPolicy == v1.ContainerRestartPolicyAlways && !cs.Ready {
				unready = append(unready, c.Name)
			}
		}
	}

	phase := v1.PodPending
	switch {
	case initFailed && pod.Spec.RestartPolicy == v1.RestartPolicyNever:
		phase = v1.PodFailed
	case !initDone || !anyStarted:
		phase = v1.PodPending
	case pod.Spec.RestartPolicy == v1.RestartPolicyNever && allTerminated:
		phase = v1.PodSucceeded
		if !allOK {
			phase = v1.PodFailed
		}
	default:
		phase = v1.PodRunning
	}

	// conditions
	containersReady := initDone && len(unready) == 0
	gatesOK := true
	var gatesMissing []string
	for _, g := range pod.Spec.ReadinessGates {
		ok := false
		for _, c := range pod.Status.Conditions {
			if c.Type == g.ConditionType && c.Status == v1.ConditionTrue {
				ok = true
			}
		}
		if !ok {
			gatesOK = false
			gatesMissing = append(gatesMissing, string(g.ConditionType))
		}
	}
	cond := func(t v1.PodConditionType, ok bool, reason, msg string) v1.PodCondition {
		c := v1.PodCondition{Type: t, Status: v1.ConditionFalse, Reason: reason, Message: msg, LastTransitionTime: mt(now)}
		if ok {
			c.Status, c.Reason, c.Message = v1.ConditionTrue, "", ""
		}
		for _, e := range pod.Status.Conditions {
			if e.Type == t && e.Status == c.Status {
				c.LastTransitionTime = e.LastTransitionTime
			}
		}
		return c
	}
	unreadyMsg := fmt.Sprintf("containers with unready status: [%s]", strings.Join(unready, " "))
	readyReason, readyMsg := "ContainersNotReady", unreadyMsg
	if containersReady && !gatesOK {
		readyReason, readyMsg = "ReadinessGatesNotReady", fmt.Sprintf("corresponding condition of pod readiness gate %q does not exist.", strings.Join(gatesMissing, ","))
	}
	conds := []v1.PodCondition{
		cond(v1.PodReadyToStartContainers, sandbox, "", ""),
		cond(v1.PodInitialized, initDone, "ContainersNotInitialized", fmt.Sprintf("containers with incomplete status: [%s]", strings.Join(incomplete, " "))),
		cond(v1.PodReady, containersReady && gatesOK, readyReason, readyMsg),
		cond(v1.ContainersReady, containersReady, "ContainersNotReady", unreadyMsg),
	}
	ours := map[v1.PodConditionType]bool{}
	for _, c := range conds {
		ours[c.Type] = true
	}
	for _, e := range pod.Status.Conditions {
		if !ours[e.Type] {
			conds = append(conds, e)
		}
	}

	status := pod.Status.DeepCopy()
	status.Phase = phase
	status.Conditions = conds
	status.HostIP = node.IP
	status.HostIPs = []v1.HostIP{{IP: node.IP}}
	status.StartTime = ptr.To(mt(st.t0))
	status.InitContainerStatuses = initStatuses
	status.ContainerStatuses = ctrStatuses
	status.Message, status.Reason = "", ""
	if sandbox {
		status.PodIP = st.ip
		status.PodIPs = []v1.PodIP{{IP: st.ip}}
	} else {
		status.PodIP, status.PodIPs = "", nil
	}
	return status, next, events
}
