// Package sim simulates kubelets (nodes that "run" pods without containers)
// and a tiny dynamic volume provisioner for a kube-local cluster.
package sim

import (
	"context"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	v1 "k8s.io/api/core/v1"
	storagev1 "k8s.io/api/storage/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/rand"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/kubernetes/scheme"
	typedcorev1 "k8s.io/client-go/kubernetes/typed/core/v1"
	corelisters "k8s.io/client-go/listers/core/v1"
	storagelisters "k8s.io/client-go/listers/storage/v1"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/record"
	"k8s.io/client-go/util/workqueue"
	"k8s.io/klog/v2"
	"k8s.io/utils/ptr"
)

const (
	// ProvisionerName is the provisioner of the default StorageClass.
	ProvisionerName = "kube-local.sim/hostpath"
	// DefaultStorageClass is the name of the default StorageClass created at start-up.
	DefaultStorageClass = "standard"
)

// Options tune the simulator.
type Options struct {
	StartDelay     time.Duration // time in ContainerCreating before containers start
	KubeletVersion string
	// AddressBlock holds every node and pod address: a block of 127.0.0.0/8
	// (see ParseAddressBlock), split between the nodes.
	AddressBlock netip.Prefix
	// DataDir holds the provisioned volumes (<DataDir>/volumes/<pv>): real
	// directories, kept until the volume is deleted.
	DataDir string
}

// Simulator runs the simulated nodes.
type Simulator struct {
	cs       kubernetes.Interface
	opts     Options
	nodeList []*NodeSpec
	nodes    map[string]*NodeSpec
	bootID   string

	podLister corelisters.PodLister
	pvcLister corelisters.PersistentVolumeClaimLister
	pvLister  corelisters.PersistentVolumeLister
	scLister  storagelisters.StorageClassLister
	podQueue  workqueue.TypedRateLimitingInterface[string]
	volQueue  workqueue.TypedRateLimitingInterface[string]

	broadcaster record.EventBroadcaster
	recorders   map[string]record.EventRecorder

	mu    sync.Mutex
	pods  map[string]*podState    // by namespace/name
	addrs map[string]*ipAllocator // by node name

	processes   ProcessRuntime // nil: every pod is simulated
	kubeletPort int

	started atomic.Bool
	cancel  context.CancelFunc
	wg      sync.WaitGroup
}

// New creates a simulator for the given nodes and gives each node its
// subnet of the address block.
func New(cs kubernetes.Interface, nodes []*NodeSpec, opts Options) (*Simulator, error) {
	if opts.KubeletVersion == "" {
		opts.KubeletVersion = "v1.35.4"
	}
	if _, err := ParseAddressBlock(opts.AddressBlock.String()); err != nil {
		return nil, err
	}
	subnets, err := NodeSubnets(opts.AddressBlock, len(nodes))
	if err != nil {
		return nil, err
	}
	s := &Simulator{
		cs: cs, opts: opts, nodeList: nodes, nodes: map[string]*NodeSpec{},
		bootID: rand.String(16), pods: map[string]*podState{}, addrs: map[string]*ipAllocator{},
		recorders: map[string]record.EventRecorder{},
	}
	for i, n := range nodes {
		n.Subnet = subnets[i]
		n.IP = NodeAddress(subnets[i]).String()
		s.nodes[n.Name] = n
		s.addrs[n.Name] = newIPAllocator(subnets[i])
	}
	return s, nil
}

// NodeAddresses are the nodes' addresses, in node order.
func (s *Simulator) NodeAddresses() []string {
	out := make([]string, len(s.nodeList))
	for i, n := range s.nodeList {
		out[i] = n.IP
	}
	return out
}

// SetKubeletPort is the port of the nodes' kubelet endpoint (on each node's
// address); call before Start.
func (s *Simulator) SetKubeletPort(port int) { s.kubeletPort = port }

// Started reports whether Start finished.
func (s *Simulator) Started() bool { return s.started.Load() }

// Start registers the nodes and the default StorageClass, then runs the pod
// and volume loops until runCtx ends (or Stop). readyCtx bounds the start-up.
func (s *Simulator) Start(runCtx, readyCtx context.Context) error {
	ctx, cancel := context.WithCancel(runCtx)
	s.cancel = cancel

	retry := func(what string, f func() error) error {
		for {
			err := f()
			if err == nil {
				return nil
			}
			klog.V(1).Infof("%s: %v (retrying)", what, err)
			select {
			case <-readyCtx.Done():
				return fmt.Errorf("%s: %w", what, err)
			case <-time.After(300 * time.Millisecond):
			}
		}
	}
	if err := retry("storage class", func() error { return s.ensureStorageClass(readyCtx) }); err != nil {
		return err
	}
	for _, n := range s.nodeList {
		n := n
		if err := retry("register node "+n.Name, func() error { return s.registerNode(readyCtx, n) }); err != nil {
			return err
		}
	}

	s.broadcaster = record.NewBroadcaster(record.WithContext(ctx), record.WithCorrelatorOptions(record.CorrelatorOptions{
		BurstSize: 200, QPS: 5, MaxEvents: 50, MaxIntervalInSeconds: 60,
	}))
	s.broadcaster.StartRecordingToSink(&typedcorev1.EventSinkImpl{Interface: s.cs.CoreV1().Events("")})
	for _, n := range s.nodeList {
		s.recorders[n.Name] = s.broadcaster.NewRecorder(scheme.Scheme, v1.EventSource{Component: "kubelet", Host: n.Name})
	}

	podFactory := informers.NewSharedInformerFactoryWithOptions(s.cs, 0,
		informers.WithTweakListOptions(func(o *metav1.ListOptions) { o.FieldSelector = "spec.nodeName!=" }))
	factory := informers.NewSharedInformerFactory(s.cs, 0)
	podInf := podFactory.Core().V1().Pods()
	pvcInf := factory.Core().V1().PersistentVolumeClaims()
	pvInf := factory.Core().V1().PersistentVolumes()
	scInf := factory.Storage().V1().StorageClasses()
	s.podLister, s.pvcLister, s.pvLister, s.scLister = podInf.Lister(), pvcInf.Lister(), pvInf.Lister(), scInf.Lister()

	// Retries back off from 5 ms to at most 2 s (client-go's default goes up to
	// 1000 s), so items that failed during an apiserver outage are handled
	// again within ~2 s of its return.
	s.podQueue = workqueue.NewTypedRateLimitingQueue(retryLimiter())
	s.volQueue = workqueue.NewTypedRateLimitingQueue(retryLimiter())

	enqueuePod := func(obj any) {
		if d, ok := obj.(cache.DeletedFinalStateUnknown); ok {
			obj = d.Obj
		}
		p, ok := obj.(*v1.Pod)
		if !ok || s.nodes[p.Spec.NodeName] == nil {
			return
		}
		key, _ := cache.MetaNamespaceKeyFunc(p)
		s.podQueue.Add(key)
	}
	_, _ = podInf.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc: enqueuePod, UpdateFunc: func(_, n any) { enqueuePod(n) }, DeleteFunc: enqueuePod,
	})
	_, _ = pvcInf.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    func(o any) { s.enqueueVol("pvc", o) },
		UpdateFunc: func(_, n any) { s.enqueueVol("pvc", n) },
	})
	_, _ = pvInf.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    func(o any) { s.enqueueVol("pv", o) },
		UpdateFunc: func(_, n any) { s.enqueueVol("pv", n) },
	})
	_ = scInf.Informer()

	podFactory.Start(ctx.Done())
	factory.Start(ctx.Done())
	for typ, ok := range podFactory.WaitForCacheSync(readyCtx.Done()) {
		if !ok {
			return fmt.Errorf("cache sync %v", typ)
		}
	}
	for typ, ok := range factory.WaitForCacheSync(readyCtx.Done()) {
		if !ok {
			return fmt.Errorf("cache sync %v", typ)
		}
	}

	s.reserveAddressesInUse()
	for i := 0; i < 3; i++ {
		s.wg.Add(1)
		go func() { defer s.wg.Done(); s.runWorker(ctx, s.podQueue, s.syncPod) }()
	}
	s.wg.Add(2)
	go func() { defer s.wg.Done(); s.runWorker(ctx, s.volQueue, s.syncVolume) }()
	go func() { defer s.wg.Done(); s.heartbeat(ctx) }()
	go func() {
		<-ctx.Done()
		s.podQueue.ShutDown()
		s.volQueue.ShutDown()
	}()
	s.started.Store(true)
	return nil
}

func retryLimiter() workqueue.TypedRateLimiter[string] {
	return workqueue.NewTypedItemExponentialFailureRateLimiter[string](5*time.Millisecond, 2*time.Second)
}

// Stop ends the loops.
func (s *Simulator) Stop() {
	if s.cancel != nil {
		s.cancel()
	}
	if s.broadcaster != nil {
		s.broadcaster.Shutdown()
	}
	done := make(chan struct{})
	go func() { s.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
	}
}

func (s *Simulator) runWorker(ctx context.Context, q workqueue.TypedRateLimitingInterface[string], sync func(context.Context, string) (time.Duration, error)) {
	for {
		key, quit := q.Get()
		if quit {
			return
		}
		cctx, cancel := context.WithTimeout(ctx, 15*time.Second)
		after, err := sync(cctx, key)
		cancel()
		if err != nil {
			klog.V(2).Infof("sync %s: %v", key, err)
			q.AddRateLimited(key)
		} else {
			q.Forget(key)
			if after > 0 {
				q.AddAfter(key, after)
			}
		}
		q.Done(key)
	}
}

// ---- volumes ----

func (s *Simulator) ensureStorageClass(ctx context.Context) error {
	_, err := s.cs.StorageV1().StorageClasses().Get(ctx, DefaultStorageClass, metav1.GetOptions{})
	if err == nil {
		return nil
	}
	if !apierrors.IsNotFound(err) {
		return err
	}
	_, err = s.cs.StorageV1().StorageClasses().Create(ctx, &storagev1.StorageClass{
		ObjectMeta: metav1.ObjectMeta{
			Name:        DefaultStorageClass,
			Annotations: map[string]string{"storageclass.kubernetes.io/is-default-class": "true"},
		},
		Provisioner:          ProvisionerName,
		ReclaimPolicy:        ptr.To(v1.PersistentVolumeReclaimDelete),
		VolumeBindingMode:    ptr.To(storagev1.VolumeBindingImmediate),
		AllowVolumeExpansion: ptr.To(true),
	}, metav1.CreateOptions{})
	if apierrors.IsAlreadyExists(err) {
		return nil
	}
	return err
}

func (s *Simulator) enqueueVol(kind string, obj any) {
	m, err := meta(obj)
	if err != nil {
		return
	}
	if kind == "pv" {
		s.volQueue.Add("pv/" + m.GetName())
	} else {
		s.volQueue.Add("pvc/" + m.GetNamespace() + "/" + m.GetName())
	}
}

func meta(obj any) (metav1.Object, error) {
	if m, ok := obj.(metav1.Object); ok {
		return m, nil
	}
	return nil, fmt.Errorf("not an object")
}

func (s *Simulator) syncVolume(ctx context.Context, key string) (time.Duration, error) {
	if len(key) > 3 && key[:3] == "pv/" {
		return 0, s.syncPV(ctx, key[3:])
	}
	var ns, name string
	rest := key[4:]
	for i := 0; i < len(rest); i++ {
		if rest[i] == '/' {
			ns, name = rest[:i], rest[i+1:]
			break
		}
	}
	return 0, s.syncPVC(ctx, ns, name)
}

// syncPVC provisions a PersistentVolume pre-bound to a pending claim of our
// StorageClass; the persistentvolume-binder controller completes the binding.
func (s *Simulator) syncPVC(ctx context.Context, ns, name string) error {
	pvc, err := s.pvcLister.PersistentVolumeClaims(ns).Get(name)
	if apierrors.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	if pvc.Spec.VolumeName != "" || pvc.DeletionTimestamp != nil || pvc.Spec.StorageClassName == nil || *pvc.Spec.StorageClassName == "" {
		return nil
	}
	sc, err := s.scLister.Get(*pvc.Spec.StorageClassName)
	if err != nil || sc.Provisioner != ProvisionerName {
		return nil
	}
	if sc.VolumeBindingMode != nil && *sc.VolumeBindingMode == storagev1.VolumeBindingWaitForFirstConsumer &&
		pvc.Annotations["volume.kubernetes.io/selected-node"] == "" {
		return nil
	}
	pvName := "pvc-" + string(pvc.UID)
	if _, err := s.pvLister.Get(pvName); err == nil {
		return nil
	}
	size := pvc.Spec.Resources.Requests[v1.ResourceStorage]
	if size.IsZero() {
		size = resource.MustParse("1Gi")
	}
	modes := pvc.Spec.AccessModes
	if len(modes) == 0 {
		modes = []v1.PersistentVolumeAccessMode{v1.ReadWriteOnce}
	}
	reclaim := v1.PersistentVolumeReclaimDelete
	if sc.ReclaimPolicy != nil {
		reclaim = *sc.ReclaimPolicy
	}
	pv := &v1.PersistentVolume{
		ObjectMeta: metav1.ObjectMeta{
			Name:        pvName,
			Annotations: map[string]string{"pv.kubernetes.io/provisioned-by": ProvisionerName},
			Labels:      map[string]string{"kube-local.sim/provisioned": "true"},
		},
		Spec: v1.PersistentVolumeSpec{
			Capacity:                      v1.ResourceList{v1.ResourceStorage: size},
			AccessModes:                   modes,
			PersistentVolumeReclaimPolicy: reclaim,
			StorageClassName:              sc.Name,
			VolumeMode:                    pvc.Spec.VolumeMode,
			ClaimRef: &v1.ObjectReference{
				Kind: "PersistentVolumeClaim", APIVersion: "v1",
				Namespace: pvc.Namespace, Name: pvc.Name, UID: pvc.UID,
			},
			PersistentVolumeSource: v1.PersistentVolumeSource{
				HostPath: &v1.HostPathVolumeSource{Path: filepath.Join(s.VolumesDir(), pvName)},
			},
		},
	}
	// Anyone may write it, as with other local-volume provisioners; a pod's
	// fsGroup gives it to the pod's group when it is mounted.
	if err := os.MkdirAll(pv.Spec.HostPath.Path, 0o777); err != nil {
		return err
	}
	_ = os.Chmod(pv.Spec.HostPath.Path, 0o777)
	_, err = s.cs.CoreV1().PersistentVolumes().Create(ctx, pv, metav1.CreateOptions{})
	if apierrors.IsAlreadyExists(err) {
		return nil
	}
	if err == nil {
		klog.V(1).Infof("provisioned %s for %s/%s", pvName, ns, name)
	}
	return err
}

// syncPV deletes released volumes that we provisioned with reclaim policy Delete.
func (s *Simulator) syncPV(ctx context.Context, name string) error {
	pv, err := s.pvLister.Get(name)
	if err != nil {
		return nil
	}
	if pv.DeletionTimestamp != nil || pv.Annotations["pv.kubernetes.io/provisioned-by"] != ProvisionerName ||
		pv.Spec.PersistentVolumeReclaimPolicy != v1.PersistentVolumeReclaimDelete || pv.Status.Phase != v1.VolumeReleased {
		return nil
	}
	err = s.cs.CoreV1().PersistentVolumes().Delete(ctx, name, metav1.DeleteOptions{Preconditions: &metav1.Preconditions{UID: &pv.UID}})
	if apierrors.IsNotFound(err) || apierrors.IsConflict(err) {
		return nil
	}
	if err == nil && pv.Spec.HostPath != nil {
		s.removeVolumeDir(pv.Spec.HostPath.Path) // reclaim policy Delete: the data goes with it
	}
	return err
}
