package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"time"
)

// pkiFiles are the files written to <data-dir>/pki. They are created once and
// reused on later starts with the same data dir, so kubeconfigs stay valid.
type pkiFiles struct {
	Dir         string
	CACert      string
	CAKey       string
	ServingCert string
	ServingKey  string
	SAKey       string
	SAPub       string
	TokenFile   string
	AdminToken  string
	KCMToken    string
	SchedToken  string
	CACertPEM   []byte
	// KubeletClientCert and KubeletClientKey are the API server's client
	// certificate for the nodes' kubelet endpoints (logs).
	KubeletClientCert string
	KubeletClientKey  string

	caCert *x509.Certificate
	caKey  *ecdsa.PrivateKey
}

func ensurePKI(dir string) (*pkiFiles, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	p := &pkiFiles{
		Dir:         dir,
		CACert:      filepath.Join(dir, "ca.crt"),
		CAKey:       filepath.Join(dir, "ca.key"),
		ServingCert: filepath.Join(dir, "apiserver.crt"),
		ServingKey:  filepath.Join(dir, "apiserver.key"),
		SAKey:       filepath.Join(dir, "sa.key"),
		SAPub:       filepath.Join(dir, "sa.pub"),
		TokenFile:   filepath.Join(dir, "tokens.csv"),

		KubeletClientCert: filepath.Join(dir, "apiserver-kubelet-client.crt"),
		KubeletClientKey:  filepath.Join(dir, "apiserver-kubelet-client.key"),
	}

	// CA
	var caCert *x509.Certificate
	var caKey *ecdsa.PrivateKey
	if exists(p.CACert) && exists(p.CAKey) {
		c, k, err := loadCertKey(p.CACert, p.CAKey)
		if err != nil {
			return nil, fmt.Errorf("load CA: %w", err)
		}
		caCert, caKey = c, k
	} else {
		k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			return nil, err
		}
		now := time.Now()
		tmpl := &x509.Certificate{
			SerialNumber:          randSerial(),
			Subject:               pkix.Name{CommonName: "kube-local-ca"},
			NotBefore:             now.Add(-time.Hour),
			NotAfter:              now.AddDate(10, 0, 0),
			KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
			BasicConstraintsValid: true,
			IsCA:                  true,
		}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &k.PublicKey, k)
		if err != nil {
			return nil, err
		}
		c, _ := x509.ParseCertificate(der)
		if err := writeCertKey(p.CACert, p.CAKey, der, k); err != nil {
			return nil, err
		}
		caCert, caKey = c, k
		// a new CA invalidates any old serving cert
		_ = os.Remove(p.ServingCert)
	}
	caPEM, err := os.ReadFile(p.CACert)
	if err != nil {
		return nil, err
	}
	p.CACertPEM = caPEM

	// Serving cert
	if !(exists(p.ServingCert) && exists(p.ServingKey)) {
		k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			return nil, err
		}
		now := time.Now()
		tmpl := &x509.Certificate{
			SerialNumber: randSerial(),
			Subject:      pkix.Name{CommonName: "kube-apiserver"},
			NotBefore:    now.Add(-time.Hour),
			NotAfter:     now.AddDate(10, 0, 0),
			KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
			ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
			DNSNames: []string{"localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc",
				"kubernetes.default.svc.cluster.local"},
			IPAddresses: []net.IP{net.ParseIP("127.0.0.1"), net.ParseIP("::1"), net.ParseIP(serviceClusterIP)},
		}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, caCert, &k.PublicKey, caKey)
		if err != nil {
			return nil, err
		}
		if err := writeCertKey(p.ServingCert, p.ServingKey, der, k); err != nil {
			return nil, err
		}
	}

	p.caCert, p.caKey = caCert, caKey
	if !(exists(p.KubeletClientCert) && exists(p.KubeletClientKey)) {
		der, k, err := p.issue(&x509.Certificate{
			Subject:     pkix.Name{CommonName: "kube-apiserver-kubelet-client", Organization: []string{"system:masters"}},
			ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
		})
		if err != nil {
			return nil, err
		}
		if err := writeCertKey(p.KubeletClientCert, p.KubeletClientKey, der, k); err != nil {
			return nil, err
		}
	}

	// Service account signing key (RSA for the widest compatibility)
	if !(exists(p.SAKey) && exists(p.SAPub)) {
		k, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			return nil, err
		}
		keyDER := x509.MarshalPKCS1PrivateKey(k)
		if err := os.WriteFile(p.SAKey, pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: keyDER}), 0o600); err != nil {
			return nil, err
		}
		pubDER, err := x509.MarshalPKIXPublicKey(&k.PublicKey)
		if err != nil {
			return nil, err
		}
		if err := os.WriteFile(p.SAPub, pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pubDER}), 0o644); err != nil {
			return nil, err
		}
	}

	// Static tokens: admin (system:masters), controller-manager, scheduler.
	tokPath := filepath.Join(dir, "tokens.json")
	toks := map[string]string{}
	if b, err := os.ReadFile(tokPath); err == nil {
		_ = jsonUnmarshal(b, &toks)
	}
	for _, n := range []string{"admin", "kcm", "scheduler"} {
		if toks[n] == "" {
			toks[n] = randToken()
		}
	}
	if b, err := jsonMarshal(toks); err == nil {
		if err := os.WriteFile(tokPath, b, 0o600); err != nil {
			return nil, err
		}
	}
	p.AdminToken, p.KCMToken, p.SchedToken = toks["admin"], toks["kcm"], toks["scheduler"]
	csv := fmt.Sprintf("%s,kube-local-admin,kube-local-admin,\"system:masters\"\n"+
		"%s,system:kube-controller-manager,system:kube-controller-manager\n"+
		"%s,system:kube-scheduler,system:kube-scheduler\n", p.AdminToken, p.KCMToken, p.SchedToken)
	if err := os.WriteFile(p.TokenFile, []byte(csv), 0o600); err != nil {
		return nil, err
	}
	return p, nil
}

// issue signs a certificate of the template with the CA, for a new key.
func (p *pkiFiles) issue(tmpl *x509.Certificate) ([]byte, *ecdsa.PrivateKey, error) {
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	now := time.Now()
	tmpl.SerialNumber = randSerial()
	tmpl.NotBefore, tmpl.NotAfter = now.Add(-time.Hour), now.AddDate(10, 0, 0)
	tmpl.KeyUsage = x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment
	der, err := x509.CreateCertificate(rand.Reader, tmpl, p.caCert, &k.PublicKey, p.caKey)
	return der, k, err
}

// kubeletServingCert is the nodes' kubelet endpoint certificate, for their
// addresses (made at each start: the addresses may change).
func (p *pkiFiles) kubeletServingCert(addresses []string) (tls.Certificate, error) {
	tmpl := &x509.Certificate{
		Subject:     pkix.Name{CommonName: "kube-local-kubelet"},
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	for _, a := range addresses {
		tmpl.IPAddresses = append(tmpl.IPAddresses, net.ParseIP(a))
	}
	der, k, err := p.issue(tmpl)
	if err != nil {
		return tls.Certificate{}, err
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: k}, nil
}

func exists(p string) bool { _, err := os.Stat(p); return err == nil }

func randSerial() *big.Int {
	n, _ := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	return n
}

func randToken() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func writeCertKey(certPath, keyPath string, der []byte, k *ecdsa.PrivateKey) error {
	kb, err := x509.MarshalECPrivateKey(k)
	if err != nil {
		return err
	}
	if err := os.WriteFile(keyPath, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), 0o600); err != nil {
		return err
	}
	return os.WriteFile(certPath, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644)
}

func loadCertKey(certPath, keyPath string) (*x509.Certificate, *ecdsa.PrivateKey, error) {
	cb, err := os.ReadFile(certPath)
	if err != nil {
		return nil, nil, err
	}
	kb, err := os.ReadFile(keyPath)
	if err != nil {
		return nil, nil, err
	}
	cblk, _ := pem.Decode(cb)
	kblk, _ := pem.Decode(kb)
	if cblk == nil || kblk == nil {
		return nil, nil, fmt.Errorf("bad PEM in %s or %s", certPath, keyPath)
	}
	c, err := x509.ParseCertificate(cblk.Bytes)
	if err != nil {
		return nil, nil, err
	}
	k, err := x509.ParseECPrivateKey(kblk.Bytes)
	if err != nil {
		return nil, nil, err
	}
	return c, k, nil
}
