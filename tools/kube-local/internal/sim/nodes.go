package sim

import (
	"context"
	"fmt"
	"net/netip"
	"strings"
	"time"

	coordinationv1 "k8s.io/api/coordination/v1"
	v1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/klog/v2"
	"k8s.io/utils/ptr"
)

// DefaultNodes is the default --nodes value.
const DefaultNodes = "sim-cpu-0:cpu=8,memory=32Gi;sim-gpu-0:cpu=16,memory=64Gi,gpu=4"

// GPUResource is the extended resource advertised by GPU nodes.
const GPUResource v1.ResourceName = "nvidia.com/gpu"

// NodeSpec describes one simulated node.
type NodeSpec struct {
	Name     string
	Index    int
	Capacity v1.ResourceList
	Labels   map[string]string
	Taints   []v1.Taint
	// IP is the node's loopback address and Subnet the loopback addresses of
	// its pods (see addresses.go); set by New.
	IP     string
	Subnet netip.Prefix
}

// ParseNodes parses "NAME[:k=v,...];NAME..." into node specs.
// Keys: cpu, memory, pods, gpu, ephemeral-storage, label.KEY=VALUE.
func ParseNodes(s string) ([]*NodeSpec, error) {
	var out []*NodeSpec
	seen := map[string]bool{}
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == ' ' || r == '\n' }) {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		name, rest, _ := strings.Cut(part, ":")
		if name == "" || seen[name] {
			return nil, fmt.Errorf("bad or duplicate node name in %q", part)
		}
		seen[name] = true
		idx := len(out)
		n := &NodeSpec{
			Name:  name,
			Index: idx,
			Capacity: v1.ResourceList{
				v1.ResourceCPU:              resource.MustParse("8"),
				v1.ResourceMemory:           resource.MustParse("32Gi"),
				v1.ResourcePods:             resource.MustParse("110"),
				v1.ResourceEphemeralStorage: resource.MustParse("100Gi"),
			},
			Labels: map[string]string{
				"kubernetes.io/hostname":           name,
				"kubernetes.io/os":                 "linux",
				"kubernetes.io/arch":               "amd64",
				"node.kubernetes.io/instance-type": "kube-local-sim",
				"kube-local.sim/node":              "true",
			},
		}
		if rest != "" {
			for _, kv := range strings.Split(rest, ",") {
				k, v, ok := strings.Cut(strings.TrimSpace(kv), "=")
				if !ok {
					return nil, fmt.Errorf("node %s: bad key=value %q", name, kv)
				}
				switch {
				case k == "cpu" || k == "memory" || k == "pods" || k == "ephemeral-storage":
					q, err := resource.ParseQuantity(v)
					if err != nil {
						return nil, fmt.Errorf("node %s: %s: %w", name, k, err)
					}
					n.Capacity[v1.ResourceName(k)] = q
				case k == "gpu":
					q, err := resource.ParseQuantity(v)
					if err != nil {
						return nil, fmt.Errorf("node %s: gpu: %w", name, err)
					}
					if !q.IsZero() {
						n.Capacity[GPUResource] = q
						n.Labels["nvidia.com/gpu.present"] = "true"
						n.Labels["nvidia.com/gpu.count"] = q.String()
						n.Labels["nvidia.com/gpu.product"] = "Simulated-GPU"
					}
				case strings.HasPrefix(k, "label."):
					n.Labels[strings.TrimPrefix(k, "label.")] = v
				case strings.HasPrefix(k, "taint."):
					// taint.KEY=VALUE:EFFECT (VALUE may be empty)
					val, eff, ok := strings.Cut(v, ":")
					if !ok {
						return nil, fmt.Errorf("node %s: taint %q needs VALUE:EFFECT", name, kv)
					}
					n.Taints = append(n.Taints, v1.Taint{Key: strings.TrimPrefix(k, "taint."), Value: val, Effect: v1.TaintEffect(eff)})
				default:
					return nil, fmt.Errorf("node %s: unknown key %q", name, k)
				}
			}
		}
		out = append(out, n)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no nodes in %q", s)
	}
	return out, nil
}

func (s *Simulator) nodeStatus(n *NodeSpec, existing *v1.NodeStatus) v1.NodeStatus {
	now := metav1.Now()
	cond := func(t v1.NodeConditionType, st v1.ConditionStatus, reason, msg string) v1.NodeCondition {
		c := v1.NodeCondition{Type: t, Status: st, Reason: reason, Message: msg, LastHeartbeatTime: now, LastTransitionTime: now}
		if existing != nil {
			for _, e := range existing.Conditions {
				if e.Type == t && e.Status == st {
					c.LastTransitionTime = e.LastTransitionTime
				}
			}
		}
		return c
	}
	return v1.NodeStatus{
		Capacity:    n.Capacity.DeepCopy(),
		Allocatable: n.Capacity.DeepCopy(),
		Phase:       v1.NodeRunning,
		Conditions: []v1.NodeCondition{
			cond(v1.NodeMemoryPressure, v1.ConditionFalse, "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
			cond(v1.NodeDiskPressure, v1.ConditionFalse, "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
			cond(v1.NodePIDPressure, v1.ConditionFalse, "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
			cond(v1.NodeReady, v1.ConditionTrue, "KubeletReady", "kubelet is posting ready status (kube-local simulated node)"),
		},
		Addresses: []v1.NodeAddress{
			{Type: v1.NodeInternalIP, Address: n.IP},
			{Type: v1.NodeHostName, Address: n.Name},
		},
		DaemonEndpoints: v1.NodeDaemonEndpoints{KubeletEndpoint: v1.DaemonEndpoint{Port: int32(s.kubeletPort)}},
		NodeInfo: v1.NodeSystemInfo{
			MachineID:               fmt.Sprintf("kube-local-%s", n.Name),
			SystemUUID:              fmt.Sprintf("00000000-0000-0000-0000-%012d", n.Index),
			BootID:                  s.bootID,
			KernelVersion:           "6.1.0-kube-local",
			OSImage:                 "kube-local simulated node",
			ContainerRuntimeVersion: "containerd://1.7.0-kube-local-sim",
			KubeletVersion:          s.opts.KubeletVersion,
			OperatingSystem:         "linux",
			Architecture:            "amd64",
		},
	}
}

// registerNode creates or refreshes the Node object and its status.
func (s *Simulator) registerNode(ctx context.Context, n *NodeSpec) error {
	nodes := s.cs.CoreV1().Nodes()
	node, err := nodes.Get(ctx, n.Name, metav1.GetOptions{})
	if err == nil && node.Spec.PodCIDR != n.Subnet.String() {
		// Registered by a kube-local with another address plan (a node's pod
		// CIDR cannot change): register it again. Its pods keep running and
		// are given addresses of the new subnet.
		klog.Infof("node %s: pod CIDR %s -> %s, registering it again", n.Name, node.Spec.PodCIDR, n.Subnet)
		if err := nodes.Delete(ctx, n.Name, metav1.DeleteOptions{}); err != nil && !apierrors.IsNotFound(err) {
			return err
		}
		err = apierrors.NewNotFound(v1.Resource("nodes"), n.Name)
	}
	if apierrors.IsNotFound(err) {
		node, err = nodes.Create(ctx, &v1.Node{
			ObjectMeta: metav1.ObjectMeta{
				Name:        n.Name,
				Labels:      n.Labels,
				Annotations: map[string]string{"node.alpha.kubernetes.io/ttl": "0", "kube-local.sim/simulated": "true"},
			},
			Spec: v1.NodeSpec{PodCIDR: n.Subnet.String(), PodCIDRs: []string{n.Subnet.String()}, Taints: n.Taints},
		}, metav1.CreateOptions{})
		if err == nil {
			klog.Infof("registered node %s", n.Name)
		}
	} else if err == nil {
		changed := false
		if node.Labels == nil {
			node.Labels = map[string]string{}
		}
		for k, v := range n.Labels {
			if node.Labels[k] != v {
				node.Labels[k] = v
				changed = true
			}
		}
		if changed {
			node, err = nodes.Update(ctx, node, metav1.UpdateOptions{})
		}
	}
	if err != nil {
		return err
	}
	// The TaintNodesByCondition admission plugin adds node.kubernetes.io/not-ready
	// on creation; the node-lifecycle controller (not run here) would remove it
	// once the node is Ready. Our nodes are always ready, so drop such taints.
	var keep []v1.Taint
	for _, t := range node.Spec.Taints {
		if t.Key == v1.TaintNodeNotReady || t.Key == v1.TaintNodeUnreachable {
			continue
		}
		keep = append(keep, t)
	}
	if len(keep) != len(node.Spec.Taints) {
		node.Spec.Taints = keep
		if node, err = nodes.Update(ctx, node, metav1.UpdateOptions{}); err != nil {
			return err
		}
	}
	node.Status = s.nodeStatus(n, &node.Status)
	if _, err := nodes.UpdateStatus(ctx, node, metav1.UpdateOptions{}); err != nil {
		return err
	}
	return s.renewLease(ctx, n, node)
}

func (s *Simulator) renewLease(ctx context.Context, n *NodeSpec, node *v1.Node) error {
	leases := s.cs.CoordinationV1().Leases(v1.NamespaceNodeLease)
	now := metav1.NewMicroTime(time.Now())
	l, err := leases.Get(ctx, n.Name, metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		if node == nil {
			node, err = s.cs.CoreV1().Nodes().Get(ctx, n.Name, metav1.GetOptions{})
			if err != nil {
				return err
			}
		}
		_, err = leases.Create(ctx, &coordinationv1.Lease{
			ObjectMeta: metav1.ObjectMeta{
				Name: n.Name, Namespace: v1.NamespaceNodeLease,
				OwnerReferences: []metav1.OwnerReference{{APIVersion: "v1", Kind: "Node", Name: node.Name, UID: node.UID}},
			},
			Spec: coordinationv1.LeaseSpec{HolderIdentity: ptr.To(n.Name), LeaseDurationSeconds: ptr.To[int32](40), RenewTime: &now},
		}, metav1.CreateOptions{})
		return err
	}
	if err != nil {
		return err
	}
	l.Spec.RenewTime = &now
	l.Spec.HolderIdentity = ptr.To(n.Name)
	_, err = leases.Update(ctx, l, metav1.UpdateOptions{})
	return err
}

// heartbeat keeps leases fresh (every 10s) and node status fresh (every 40s);
// a deleted node is registered again.
func (s *Simulator) heartbeat(ctx context.Context) {
	t := time.NewTicker(10 * time.Second)
	defer t.Stop()
	tick := 0
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		tick++
		for _, n := range s.nodeList {
			cctx, cancel := context.WithTimeout(ctx, 8*time.Second)
			var err error
			if tick%4 == 0 {
				err = s.registerNode(cctx, n)
			} else {
				err = s.renewLease(cctx, n, nil)
				if apierrors.IsNotFound(err) {
					err = s.registerNode(cctx, n)
				}
			}
			cancel()
			if err != nil {
				klog.V(2).Infof("heartbeat %s: %v", n.Name, err)
			}
		}
	}
}
