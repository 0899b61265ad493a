package main

import (
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"fmt"
	"path/filepath"

	"github.com/workspaces-backstage/kube-local/internal/runtime"
)

// startProcessRuntime starts the nodes' kubelet endpoint (logs) and, with a
// runtimes file, the process runtime that runs the pods of mapped images.
func (s *supervisor) startProcessRuntime() error {
	if s.opts.runtimes != "" {
		file, err := runtime.LoadFile(s.opts.runtimes)
		if err != nil {
			return err
		}
		sum := sha256.Sum256([]byte(s.dataDir))
		s.procs, err = runtime.NewManager(runtime.Options{
			File:             file,
			DataDir:          s.dataDir,
			ShimPath:         filepath.Join(filepath.Dir(s.self), "kube-local-shim"),
			Cluster:          s.sim.Cluster(),
			Event:            s.sim.Event,
			Changed:          s.sim.Requeue,
			CrashLoopBackoff: s.opts.crashBackoff,
			CgroupName:       "kube-local-pods-" + hex.EncodeToString(sum[:4]),
		})
		if err != nil {
			return err
		}
		s.sim.UseProcessRuntime(s.procs)
		logf("process runtime: %d runtimes from %s", len(file.Runtimes), s.opts.runtimes)
	}
	addresses := s.sim.NodeAddresses()
	cert, err := s.pki.kubeletServingCert(addresses)
	if err != nil {
		return err
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(s.pki.CACertPEM)
	var logs runtime.LogSource
	if s.procs != nil {
		logs = s.procs
	}
	var port int
	if s.kubelet, port, err = runtime.StartKubeletServer(logs, addresses, 0, cert, pool); err != nil {
		return fmt.Errorf("kubelet endpoint: %w", err)
	}
	s.sim.SetKubeletPort(port)
	return nil
}

func (s *supervisor) stopProcessRuntime() {
	if s.kubelet != nil {
		s.kubelet.Close()
	}
	if s.procs != nil {
		if refused := s.procs.Refused(); refused != "" {
			logf("pods tried to connect outside loopback (refused): %s", refused)
		}
		s.procs.Shutdown()
	}
}
