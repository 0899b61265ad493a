package runtime

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"time"

	"k8s.io/klog/v2"
)

// KubeletServer answers the part of a kubelet's API that the API server
// calls for `pods/log`: GET /containerLogs/{namespace}/{pod}/{container},
// with follow, previous, tailLines, sinceSeconds, sinceTime, timestamps and
// limitBytes. It listens on each node's address; only clients with a
// certificate of the cluster's CA (the API server) are served.
type KubeletServer struct {
	servers []*http.Server
}

// LogSource finds a container's log file (the Manager; nil when kube-local
// runs no process runtime).
type LogSource interface {
	LogFile(namespace, name, container string, previous bool) (string, func() bool, error)
}

// StartKubeletServer listens on each address at one port and returns the
// port (0 picks a free one).
func StartKubeletServer(logs LogSource, addresses []string, port int, cert tls.Certificate, clientCA *x509.CertPool) (*KubeletServer, int, error) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /containerLogs/{namespace}/{pod}/{container}", func(w http.ResponseWriter, req *http.Request) {
		serveLogs(logs, w, req)
	})
	k := &KubeletServer{}
	for _, addr := range addresses {
		ln, err := net.Listen("tcp", net.JoinHostPort(addr, strconv.Itoa(port)))
		if err != nil {
			k.Close()
			return nil, 0, err
		}
		port = ln.Addr().(*net.TCPAddr).Port
		srv := &http.Server{
			Handler:           mux,
			ReadHeaderTimeout: 10 * time.Second,
			TLSConfig: &tls.Config{
				Certificates: []tls.Certificate{cert},
				ClientCAs:    clientCA,
				ClientAuth:   tls.RequireAndVerifyClientCert,
				MinVersion:   tls.VersionTLS12,
			},
		}
		k.servers = append(k.servers, srv)
		go func() {
			if err := srv.ServeTLS(ln, "", ""); err != nil && !errors.Is(err, http.ErrServerClosed) {
				klog.Errorf("kubelet endpoint %s: %v", ln.Addr(), err)
			}
		}()
	}
	return k, port, nil
}

// Close stops listening.
func (k *KubeletServer) Close() {
	for _, s := range k.servers {
		_ = s.Close()
	}
}

func serveLogs(logs LogSource, w http.ResponseWriter, req *http.Request) {
	q := req.URL.Query()
	if logs == nil {
		http.Error(w, fmt.Sprintf("pod %q is simulated by kube-local (it runs no process runtime): it has no logs", req.PathValue("pod")), http.StatusBadRequest)
		return
	}
	file, running, err := logs.LogFile(req.PathValue("namespace"), req.PathValue("pod"), req.PathValue("container"), q.Get("previous") == "true")
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	opts := LogOptions{Follow: q.Get("follow") == "true", Timestamps: q.Get("timestamps") == "true", TailLines: -1}
	if v := q.Get("tailLines"); v != "" {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil && n >= 0 {
			opts.TailLines = n
		}
	}
	if v := q.Get("limitBytes"); v != "" {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil && n > 0 {
			opts.LimitBytes = n
		}
	}
	if v := q.Get("sinceSeconds"); v != "" {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil && n > 0 {
			opts.Since = time.Now().Add(-time.Duration(n) * time.Second)
		}
	} else if v := q.Get("sinceTime"); v != "" {
		if t, err := time.Parse(time.RFC3339, v); err == nil {
			opts.Since = t
		}
	}
	w.Header().Set("Content-Type", "text/plain")
	flusher, _ := w.(http.Flusher)
	flush := func() {
		if flusher != nil {
			flusher.Flush()
		}
	}
	if err := writeLogs(req.Context(), file, opts, w, flush, running); err != nil {
		klog.V(2).Infof("logs of %s: %v", req.URL.Path, err)
	}
}
