package sim

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	authenticationv1 "k8s.io/api/authentication/v1"
	v1 "k8s.io/api/core/v1"
	apiequality "k8s.io/apimachinery/pkg/api/equality"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/utils/ptr"
)

// ProcessRuntime runs the pods whose images are mapped to local runtimes
// (package runtime); the simulator only gives them their address and writes
// the status it reports.
type ProcessRuntime interface {
	Handles(pod *v1.Pod) bool
	Status(pod *v1.Pod, hostIP, podIP string) (*v1.PodStatus, time.Duration)
	Terminate(pod *v1.Pod) bool
	Forget(uid types.UID)
}

// UseProcessRuntime hands the pods it handles to rt; call before Start.
func (s *Simulator) UseProcessRuntime(rt ProcessRuntime) { s.processes = rt }

// Requeue looks at a pod again soon (its processes changed).
func (s *Simulator) Requeue(namespace, name string) {
	if q := s.podQueue; q != nil {
		q.Add(namespace + "/" + name)
	}
}

// Event records a kubelet event of the node the pod is on.
func (s *Simulator) Event(pod *v1.Pod, eventType, reason, message, fieldPath string) {
	rec := s.recorders[pod.Spec.NodeName]
	if rec == nil {
		return
	}
	ref := &v1.ObjectReference{Kind: "Pod", APIVersion: "v1", Namespace: pod.Namespace, Name: pod.Name, UID: pod.UID, FieldPath: fieldPath}
	rec.Event(ref, eventType, reason, message)
}

// VolumesDir holds the directories of the volumes the provisioner makes.
func (s *Simulator) VolumesDir() string { return filepath.Join(s.opts.DataDir, "volumes") }

func (s *Simulator) syncProcessPod(ctx context.Context, pod *v1.Pod, node *NodeSpec, st *podState) (time.Duration, error) {
	if pod.DeletionTimestamp != nil {
		if !s.processes.Terminate(pod) {
			if err := s.writeProcessStatus(ctx, pod, node, st); err != nil {
				return 0, err
			}
			return 200 * time.Millisecond, nil
		}
		err := s.cs.CoreV1().Pods(pod.Namespace).Delete(ctx, pod.Name, metav1.DeleteOptions{
			GracePeriodSeconds: ptr.To[int64](0),
			Preconditions:      &metav1.Preconditions{UID: &pod.UID},
		})
		if apierrors.IsNotFound(err) || apierrors.IsConflict(err) {
			return 0, nil
		}
		return 0, err
	}
	if pod.Status.Phase == v1.PodSucceeded || pod.Status.Phase == v1.PodFailed {
		return 0, nil
	}
	if err := s.assignAddress(pod, st); err != nil {
		s.Event(pod, v1.EventTypeWarning, "FailedCreatePodSandBox", "Failed to create pod sandbox: "+err.Error(), "")
		return 5 * time.Second, nil
	}
	if err := s.writeProcessStatus(ctx, pod, node, st); err != nil {
		return 0, err
	}
	_, next := s.processes.Status(pod, node.IP, st.ip)
	return next, nil
}

func (s *Simulator) writeProcessStatus(ctx context.Context, pod *v1.Pod, node *NodeSpec, st *podState) error {
	status, _ := s.processes.Status(pod, node.IP, st.ip)
	if apiequality.Semantic.DeepEqual(&pod.Status, status) ||
		(st.lastComputed != nil && apiequality.Semantic.DeepEqual(st.lastComputed, status)) {
		return nil
	}
	cp := pod.DeepCopy()
	cp.Status = *status
	if _, err := s.cs.CoreV1().Pods(pod.Namespace).UpdateStatus(ctx, cp, metav1.UpdateOptions{}); err != nil {
		if apierrors.IsNotFound(err) {
			return nil
		}
		return err
	}
	st.lastComputed = status
	return nil
}

// Cluster is what the process runtime reads of the cluster for a pod's
// env and volumes.
type Cluster struct{ s *Simulator }

// Cluster returns the process runtime's view of the cluster.
func (s *Simulator) Cluster() *Cluster { return &Cluster{s: s} }

func (c *Cluster) ctx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), 10*time.Second)
}

// Secret reads a secret's data.
func (c *Cluster) Secret(namespace, name string) (map[string][]byte, error) {
	ctx, cancel := c.ctx()
	defer cancel()
	s, err := c.s.cs.CoreV1().Secrets(namespace).Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		return nil, err
	}
	data := map[string][]byte{}
	for k, v := range s.Data {
		data[k] = v
	}
	for k, v := range s.StringData {
		data[k] = []byte(v)
	}
	return data, nil
}

// ConfigMap reads a config map's data.
func (c *Cluster) ConfigMap(namespace, name string) (map[string]string, error) {
	ctx, cancel := c.ctx()
	defer cancel()
	cm, err := c.s.cs.CoreV1().ConfigMaps(namespace).Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		return nil, err
	}
	return cm.Data, nil
}

// ClaimPath is the directory of the volume bound to a claim.
func (c *Cluster) ClaimPath(namespace, claim string) (string, error) {
	pvc, err := c.s.pvcLister.PersistentVolumeClaims(namespace).Get(claim)
	if err != nil {
		return "", fmt.Errorf("persistentvolumeclaim %q not found", claim)
	}
	if pvc.Status.Phase != v1.ClaimBound || pvc.Spec.VolumeName == "" {
		return "", fmt.Errorf("persistentvolumeclaim %q is not bound", claim)
	}
	pv, err := c.s.pvLister.Get(pvc.Spec.VolumeName)
	if err != nil {
		return "", fmt.Errorf("persistentvolume %q not found", pvc.Spec.VolumeName)
	}
	if pv.Spec.HostPath == nil {
		return "", fmt.Errorf("persistentvolume %q is not a local volume", pv.Name)
	}
	dir := pv.Spec.HostPath.Path
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return "", err
	}
	return dir, nil
}

// ServiceAccountToken requests a token of a service account.
func (c *Cluster) ServiceAccountToken(namespace, serviceAccount, audience string, expirationSeconds int64) (string, error) {
	ctx, cancel := c.ctx()
	defer cancel()
	req := &authenticationv1.TokenRequest{Spec: authenticationv1.TokenRequestSpec{ExpirationSeconds: &expirationSeconds}}
	if audience != "" {
		req.Spec.Audiences = []string{audience}
	}
	tr, err := c.s.cs.CoreV1().ServiceAccounts(namespace).CreateToken(ctx, serviceAccount, req, metav1.CreateOptions{})
	if err != nil {
		return "", err
	}
	return tr.Status.Token, nil
}

// removeVolumeDir deletes the directory of a deleted volume of ours.
func (s *Simulator) removeVolumeDir(path string) {
	if path == "" || !strings.HasPrefix(path, s.VolumesDir()+string(filepath.Separator)) {
		return
	}
	_ = os.RemoveAll(path)
}
