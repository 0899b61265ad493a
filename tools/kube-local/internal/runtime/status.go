package runtime

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	v1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"

	"github.com/workspaces-backstage/kube-local/internal/shimspec"
)

// status is the pod's status as a kubelet reports it, from the state of its
// sandbox and containers.
func (r *podRun) status(pod *v1.Pod, hostIP string) *v1.PodStatus {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := time.Now()
	var initStatuses, statuses []v1.ContainerStatus
	var unready, incomplete []string
	anyStarted, allEnded, allOK := false, true, true
	for _, c := range r.containers {
		s := c.containerStatus()
		if c.init {
			initStatuses = append(initStatuses, s)
			if c.sidecar && !s.Ready {
				unready = append(unready, c.spec.Name)
			}
			if !c.sidecar && (c.terminated == nil || c.terminated.ExitCode != 0) && !r.initDone {
				incomplete = append(incomplete, c.spec.Name)
			}
			continue
		}
		statuses = append(statuses, s)
		if !s.Ready {
			unready = append(unready, c.spec.Name)
		}
		if c.running != nil || c.terminated != nil || c.last != nil {
			anyStarted = true
		}
		if c.terminated == nil {
			allEnded = false
		} else if c.terminated.ExitCode != 0 {
			allOK = false
		}
	}
	policy := pod.Spec.RestartPolicy
	phase := v1.PodPending
	switch {
	case r.failed:
		phase = v1.PodFailed
	case !r.initDone || !anyStarted:
		phase = v1.PodPending
	case allEnded && policy == v1.RestartPolicyNever:
		phase = v1.PodSucceeded
		if !allOK {
			phase = v1.PodFailed
		}
	case allEnded && allOK && policy == v1.RestartPolicyOnFailure:
		phase = v1.PodSucceeded
	default:
		phase = v1.PodRunning
	}

	containersReady := r.initDone && len(unready) == 0
	gatesOK := true
	for _, g := range pod.Spec.ReadinessGates {
		ok := false
		for _, c := range pod.Status.Conditions {
			if c.Type == g.ConditionType && c.Status == v1.ConditionTrue {
				ok = true
			}
		}
		gatesOK = gatesOK && ok
	}
	cond := func(t v1.PodConditionType, ok bool, reason, msg string) v1.PodCondition {
		c := v1.PodCondition{Type: t, Status: v1.ConditionFalse, Reason: reason, Message: msg, LastTransitionTime: metav1.NewTime(now.Truncate(time.Second))}
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
	conds := []v1.PodCondition{
		cond(v1.PodReadyToStartContainers, r.sandboxReady, "", ""),
		cond(v1.PodInitialized, r.initDone, "ContainersNotInitialized", fmt.Sprintf("containers with incomplete status: [%s]", strings.Join(incomplete, " "))),
		cond(v1.PodReady, containersReady && gatesOK, "ContainersNotReady", unreadyMsg),
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
	status.HostIP = hostIP
	status.HostIPs = []v1.HostIP{{IP: hostIP}}
	if status.StartTime == nil {
		status.StartTime = ptr.To(metav1.NewTime(now.Truncate(time.Second)))
	}
	status.InitContainerStatuses = initStatuses
	status.ContainerStatuses = statuses
	status.Message, status.Reason = "", ""
	if r.sandboxReady {
		status.PodIP = r.podIP.String()
		status.PodIPs = []v1.PodIP{{IP: r.podIP.String()}}
	} else {
		status.PodIP, status.PodIPs = "", nil
	}
	return status
}

func (c *ctr) containerStatus() v1.ContainerStatus {
	s := v1.ContainerStatus{
		Name: c.spec.Name, Image: c.spec.Image, RestartCount: c.restartCount, Started: ptr.To(false),
	}
	if c.runtime != nil {
		s.ImageID = "kube-local-runtime://" + c.runtime.Name
	}
	switch {
	case c.running != nil:
		s.State.Running = &v1.ContainerStateRunning{StartedAt: metav1.NewTime(c.running.startedAt.Truncate(time.Second))}
		s.ContainerID = c.running.id
		s.Started = ptr.To(c.running.started)
		s.Ready = c.running.ready
	case c.terminated != nil:
		s.State.Terminated = c.terminated.DeepCopy()
		s.ContainerID = c.terminated.ContainerID
	case c.waiting != nil:
		s.State.Waiting = c.waiting.DeepCopy()
	}
	if c.last != nil {
		s.LastTerminationState.Terminated = c.last.DeepCopy()
	}
	return s
}

func readSpec(dir string) (*shimspec.Spec, error) {
	raw, err := os.ReadFile(filepath.Join(dir, "spec.json"))
	if err != nil {
		return nil, err
	}
	var s shimspec.Spec
	return &s, json.Unmarshal(raw, &s)
}
