package runtime

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	v1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
)

// Cluster is what a pod's volumes are read from.
type Cluster interface {
	Values
	// ClaimPath is the host directory of the volume bound to a claim.
	ClaimPath(namespace, claim string) (string, error)
	// ServiceAccountToken requests a token for a projected volume.
	ServiceAccountToken(namespace, serviceAccount string, audience string, expirationSeconds int64) (string, error)
}

// MountError is what a kubelet reports as FailedMount: the volume is not
// there yet (a claim not bound), or cannot be made.
type MountError struct{ Message string }

func (e *MountError) Error() string { return e.Message }

// prepareVolumes makes the host side of each volume of the pod, below dir,
// and returns where each one is.
func prepareVolumes(pod *v1.Pod, podIP string, dir string, cluster Cluster) (map[string]VolumeSource, error) {
	out := map[string]VolumeSource{}
	var fsGroup *int64
	if pod.Spec.SecurityContext != nil {
		fsGroup = pod.Spec.SecurityContext.FSGroup
	}
	for _, vol := range pod.Spec.Volumes {
		local := filepath.Join(dir, "volumes", vol.Name)
		switch {
		case vol.PersistentVolumeClaim != nil || vol.Ephemeral != nil:
			// a generic ephemeral volume is the claim <pod>-<volume> that the
			// ephemeral-volume controller makes for the pod
			claim, readOnly := pod.Name+"-"+vol.Name, false
			if vol.PersistentVolumeClaim != nil {
				claim, readOnly = vol.PersistentVolumeClaim.ClaimName, vol.PersistentVolumeClaim.ReadOnly
			}
			p, err := cluster.ClaimPath(pod.Namespace, claim)
			if err != nil {
				return nil, &MountError{Message: fmt.Sprintf("volume %q: %v", vol.Name, err)}
			}
			if err := applyFSGroup(p, fsGroup); err != nil {
				return nil, &MountError{Message: fmt.Sprintf("volume %q: %v", vol.Name, err)}
			}
			out[vol.Name] = VolumeSource{HostPath: p, ReadOnly: readOnly}
		case vol.EmptyDir != nil:
			if vol.EmptyDir.Medium == v1.StorageMediumMemory {
				size := ""
				if vol.EmptyDir.SizeLimit != nil {
					size = fmt.Sprint(vol.EmptyDir.SizeLimit.Value())
				}
				out[vol.Name] = VolumeSource{Tmpfs: true, TmpfsSize: size}
				continue
			}
			if err := os.MkdirAll(local, 0o777); err != nil {
				return nil, err
			}
			_ = os.Chmod(local, 0o777) // as a kubelet makes it, whatever the umask
			if err := applyFSGroup(local, fsGroup); err != nil {
				return nil, err
			}
			out[vol.Name] = VolumeSource{HostPath: local}
		case vol.HostPath != nil:
			out[vol.Name] = VolumeSource{HostPath: vol.HostPath.Path}
		case vol.ConfigMap != nil || vol.Secret != nil || vol.Projected != nil || vol.DownwardAPI != nil:
			files, mode, err := projectedFiles(pod, podIP, vol, cluster)
			if err != nil {
				return nil, err
			}
			if err := writeFiles(local, files, mode, fsGroup); err != nil {
				return nil, err
			}
			out[vol.Name] = VolumeSource{HostPath: local, ReadOnly: true}
		default:
			return nil, &MountError{Message: fmt.Sprintf("volume %q: kube-local's process runtime does not support this volume type", vol.Name)}
		}
	}
	return out, nil
}

// projectedFiles is the content of a configMap, secret, projected or
// downwardAPI volume, by relative path.
func projectedFiles(pod *v1.Pod, podIP string, vol v1.Volume, cluster Cluster) (map[string][]byte, os.FileMode, error) {
	files := map[string][]byte{}
	mode := os.FileMode(0o644)
	fromData := func(kind, name string, data map[string][]byte, items []v1.KeyToPath, isOptional bool, err error) error {
		if err != nil {
			if apierrors.IsNotFound(err) && isOptional {
				return nil
			}
			return &MountError{Message: fmt.Sprintf("volume %q: %s %q not found", vol.Name, kind, name)}
		}
		if len(items) == 0 {
			for k, v := range data {
				files[k] = v
			}
			return nil
		}
		for _, it := range items {
			v, ok := data[it.Key]
			if !ok {
				if isOptional {
					continue
				}
				return &MountError{Message: fmt.Sprintf("volume %q: couldn't find key %s in %s %s/%s", vol.Name, it.Key, kind, pod.Namespace, name)}
			}
			files[it.Path] = v
		}
		return nil
	}
	configMap := func(ref v1.LocalObjectReference, items []v1.KeyToPath, opt *bool) error {
		data, err := cluster.ConfigMap(pod.Namespace, ref.Name)
		bytes := map[string][]byte{}
		for k, v := range data {
			bytes[k] = []byte(v)
		}
		return fromData("ConfigMap", ref.Name, bytes, items, optional(opt), err)
	}
	secret := func(name string, items []v1.KeyToPath, opt *bool) error {
		data, err := cluster.Secret(pod.Namespace, name)
		return fromData("Secret", name, data, items, optional(opt), err)
	}
	downward := func(items []v1.DownwardAPIVolumeFile) error {
		for _, it := range items {
			if it.FieldRef == nil {
				continue
			}
			v, err := podField(pod, it.FieldRef.FieldPath, podIP)
			if err != nil {
				return &MountError{Message: fmt.Sprintf("volume %q: %v", vol.Name, err)}
			}
			files[it.Path] = []byte(v)
		}
		return nil
	}
	var err error
	switch {
	case vol.ConfigMap != nil:
		err = configMap(vol.ConfigMap.LocalObjectReference, vol.ConfigMap.Items, vol.ConfigMap.Optional)
		if vol.ConfigMap.DefaultMode != nil {
			mode = os.FileMode(*vol.ConfigMap.DefaultMode)
		}
	case vol.Secret != nil:
		err = secret(vol.Secret.SecretName, vol.Secret.Items, vol.Secret.Optional)
		if vol.Secret.DefaultMode != nil {
			mode = os.FileMode(*vol.Secret.DefaultMode)
		}
	case vol.DownwardAPI != nil:
		err = downward(vol.DownwardAPI.Items)
	case vol.Projected != nil:
		if vol.Projected.DefaultMode != nil {
			mode = os.FileMode(*vol.Projected.DefaultMode)
		}
		for _, src := range vol.Projected.Sources {
			switch {
			case src.ConfigMap != nil:
				err = configMap(src.ConfigMap.LocalObjectReference, src.ConfigMap.Items, src.ConfigMap.Optional)
			case src.Secret != nil:
				err = secret(src.Secret.Name, src.Secret.Items, src.Secret.Optional)
			case src.DownwardAPI != nil:
				err = downward(src.DownwardAPI.Items)
			case src.ServiceAccountToken != nil:
				expiry := int64(3600)
				if src.ServiceAccountToken.ExpirationSeconds != nil {
					expiry = *src.ServiceAccountToken.ExpirationSeconds
				}
				sa := pod.Spec.ServiceAccountName
				if sa == "" {
					sa = "default"
				}
				var token string
				token, err = cluster.ServiceAccountToken(pod.Namespace, sa, src.ServiceAccountToken.Audience, expiry)
				if err != nil {
					err = &MountError{Message: fmt.Sprintf("volume %q: service account token: %v", vol.Name, err)}
				}
				files[src.ServiceAccountToken.Path] = []byte(token)
			}
			if err != nil {
				break
			}
		}
	}
	return files, mode, err
}

// writeFiles replaces the content of dir with files.
func writeFiles(dir string, files map[string][]byte, mode os.FileMode, fsGroup *int64) error {
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for rel, data := range files {
		if strings.Contains(rel, "..") || filepath.IsAbs(rel) {
			return &MountError{Message: fmt.Sprintf("file path %q must be relative, without '..'", rel)}
		}
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, data, mode); err != nil {
			return err
		}
		if err := os.Chmod(p, mode); err != nil {
			return err
		}
		if fsGroup != nil {
			if err := os.Chown(p, -1, int(*fsGroup)); err != nil {
				return err
			}
		}
	}
	return nil
}

// applyFSGroup gives the volume to the pod's fsGroup as a kubelet does (with
// fsGroupChangePolicy OnRootMismatch): group-owned, group-writable, new
// files inheriting the group; done once, when the root's group differs.
func applyFSGroup(dir string, fsGroup *int64) error {
	if fsGroup == nil {
		return nil
	}
	st, err := os.Stat(dir)
	if err != nil {
		return err
	}
	if sys, ok := st.Sys().(*syscall.Stat_t); ok && int64(sys.Gid) == *fsGroup && st.Mode()&os.ModeSetgid != 0 {
		return nil
	}
	gid := int(*fsGroup)
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type()&fs.ModeSymlink != 0 {
			return nil
		}
		if err := os.Lchown(p, -1, gid); err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		mode := info.Mode().Perm() | 0o060
		if d.IsDir() {
			return os.Chmod(p, mode|0o010|os.ModeSetgid)
		}
		return os.Chmod(p, mode)
	})
}
