package runtime

import (
	"fmt"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	v1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/workspaces-backstage/kube-local/internal/shimspec"
)

// Values reads what a container's env refers to.
type Values interface {
	Secret(namespace, name string) (map[string][]byte, error)
	ConfigMap(namespace, name string) (map[string]string, error)
}

// VolumeSource is where a pod volume is on the host.
type VolumeSource struct {
	// HostPath is the directory bound into the containers that mount it.
	HostPath string
	// Tmpfs (an emptyDir of medium Memory) is a tmpfs of each container
	// instead; TmpfsSize its size limit.
	Tmpfs     bool
	TmpfsSize string
	// ReadOnly volumes (configMap, secret, projected, downwardAPI).
	ReadOnly bool
}

// HostLayout is what the container's root takes from the host: directories
// bound read-only, and top-level symlinks (a merged /usr's /bin -> usr/bin).
type HostLayout struct {
	Binds    []string
	Symlinks map[string]string
	Passwd   string // the host's /etc/passwd and /etc/group, which the
	Group    string // container's versions extend
}

// ContainerInput is everything a container's shim spec depends on.
type ContainerInput struct {
	Pod       *v1.Pod
	Container *v1.Container
	Runtime   *Runtime
	PodIP     string
	Volumes   map[string]VolumeSource
	Values    Values
	Host      HostLayout
	// Dir is the host directory of this container instance: the root's
	// mount point, its /etc files and the spec live there.
	Dir     string
	LogPath string
}

// ContainerConfigError is what a kubelet reports as CreateContainerConfigError:
// the container cannot be made from its spec (a missing secret key, root
// where runAsNonRoot is asked).
type ContainerConfigError struct{ Message string }

func (e *ContainerConfigError) Error() string { return e.Message }

func configError(format string, a ...any) error {
	return &ContainerConfigError{Message: fmt.Sprintf(format, a...)}
}

// BuiltContainer is a container's shim spec and the files it binds, by host
// path, which the caller writes before starting the shim.
type BuiltContainer struct {
	Spec  shimspec.Spec
	Files map[string]string
	Dirs  []string // host directories to make first
}

// BuildContainer makes the shim spec of a container, as a kubelet and an
// image runtime together would: Docker's entrypoint rules, the image's env
// under the container's, env from secrets, config maps and the pod's
// fields with $(VAR) expansion, the pod's security context, and a root with
// the host's system directories, the image's files and the pod's volumes.
func BuildContainer(in ContainerInput) (*BuiltContainer, error) {
	pod, c, rt := in.Pod, in.Container, in.Runtime
	uid, gid, err := user(pod, c, rt)
	if err != nil {
		return nil, err
	}
	env, err := containerEnv(in)
	if err != nil {
		return nil, err
	}
	lookup := func(name string) (string, bool) {
		for i := len(env) - 1; i >= 0; i-- {
			if env[i].name == name {
				return env[i].value, true
			}
		}
		return "", false
	}
	argv := dockerArgv(rt, expandAll(c.Command, lookup), expandAll(c.Args, lookup))

	hostname := pod.Spec.Hostname
	if hostname == "" {
		hostname = pod.Name
	}
	if len(hostname) > 63 {
		hostname = hostname[:63]
	}
	home := rt.Home
	if home == "" {
		home = "/"
	}
	final := mergeEnv(rt.Env, env, map[string]string{"HOSTNAME": hostname, "HOME": home})

	workingDir := c.WorkingDir
	if workingDir == "" {
		workingDir = rt.WorkingDir
	}
	if workingDir == "" {
		workingDir = "/"
	}

	b := &BuiltContainer{Files: map[string]string{}}
	s := &b.Spec
	*s = shimspec.Spec{
		Root: filepath.Join(in.Dir, "root"), Hostname: hostname, Argv: argv, Env: final,
		WorkingDir: workingDir, UID: uid, GID: gid, Groups: groups(pod, gid), LogPath: in.LogPath,
	}
	// The host's system directories, read-only; /etc as an overlay, so the
	// container has its own hosts, passwd and hostname, and may add files
	// (an image's /etc/jupyter) without changing the host's.
	etcUpper, etcWork := filepath.Join(in.Dir, "etc-upper"), filepath.Join(in.Dir, "etc-work")
	for _, p := range in.Host.Binds {
		if p == "/etc" {
			s.Mounts = append(s.Mounts, shimspec.Mount{Kind: shimspec.Overlay, Target: p,
				Options: fmt.Sprintf("lowerdir=/etc,upperdir=%s,workdir=%s", etcUpper, etcWork)})
			continue
		}
		s.Mounts = append(s.Mounts, shimspec.Mount{Kind: shimspec.Bind, Source: p, Target: p, ReadOnly: true})
	}
	for _, l := range sortedKeys(in.Host.Symlinks) {
		s.Symlinks = append(s.Symlinks, shimspec.Symlink{Path: l, Target: in.Host.Symlinks[l]})
	}
	s.Mounts = append(s.Mounts,
		shimspec.Mount{Kind: shimspec.Proc, Target: "/proc"},
		shimspec.Mount{Kind: shimspec.Tmpfs, Target: "/dev", Options: "mode=755"},
	)
	for _, dev := range []string{"null", "zero", "full", "random", "urandom", "tty"} {
		s.Mounts = append(s.Mounts, shimspec.Mount{Kind: shimspec.Bind, Source: "/dev/" + dev, Target: "/dev/" + dev, File: true})
	}
	s.Mounts = append(s.Mounts,
		shimspec.Mount{Kind: shimspec.Devpts, Target: "/dev/pts"},
		shimspec.Mount{Kind: shimspec.Tmpfs, Target: "/dev/shm", Options: "mode=1777,size=64m"},
		shimspec.Mount{Kind: shimspec.Tmpfs, Target: "/tmp", Options: "mode=1777"},
	)
	s.Symlinks = append(s.Symlinks,
		shimspec.Symlink{Path: "/dev/ptmx", Target: "pts/ptmx"},
		shimspec.Symlink{Path: "/dev/fd", Target: "/proc/self/fd"},
		shimspec.Symlink{Path: "/dev/stdin", Target: "/proc/self/fd/0"},
		shimspec.Symlink{Path: "/dev/stdout", Target: "/proc/self/fd/1"},
		shimspec.Symlink{Path: "/dev/stderr", Target: "/proc/self/fd/2"},
	)
	userName := "container"
	if home != "/" {
		userName = path.Base(home)
	}
	etc := map[string]string{
		"/etc/hostname":    hostname + "\n",
		"/etc/hosts":       fmt.Sprintf("127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n%s\t%s\n", in.PodIP, hostname),
		"/etc/resolv.conf": "# kube-local: no DNS server; names other than these hosts do not resolve\nnameserver 127.0.0.1\noptions timeout:1 attempts:1\n",
		"/etc/passwd":      withLine(in.Host.Passwd, strconv.Itoa(int(uid)), 2, fmt.Sprintf("%s:x:%d:%d::%s:/bin/bash", userName, uid, gid, home)),
		"/etc/group":       withLine(in.Host.Group, strconv.Itoa(int(gid)), 2, fmt.Sprintf("%s:x:%d:", userName, gid)),
	}
	for _, target := range sortedKeys(etc) {
		b.Files[filepath.Join(etcUpper, path.Base(target))] = etc[target]
	}
	b.Dirs = append(b.Dirs, etcWork)
	for _, m := range rt.Mounts {
		s.Mounts = append(s.Mounts, shimspec.Mount{Kind: shimspec.Bind, Source: m.HostPath, Target: m.ContainerPath, ReadOnly: true, File: isRegularFile(m.HostPath)})
	}
	for _, vm := range c.VolumeMounts {
		src, ok := in.Volumes[vm.Name]
		if !ok {
			return nil, configError("volume %q of mount %s is not a volume of the pod", vm.Name, vm.MountPath)
		}
		readOnly := vm.ReadOnly || src.ReadOnly
		if src.Tmpfs {
			opts := "mode=1777"
			if src.TmpfsSize != "" {
				opts += ",size=" + src.TmpfsSize
			}
			s.Mounts = append(s.Mounts, shimspec.Mount{Kind: shimspec.Tmpfs, Target: vm.MountPath, Options: opts})
			continue
		}
		source := src.HostPath
		if vm.SubPath != "" {
			if strings.Contains(vm.SubPath, "..") || path.IsAbs(vm.SubPath) {
				return nil, configError("subPath %q of mount %s must be a relative path without '..'", vm.SubPath, vm.MountPath)
			}
			source = filepath.Join(source, vm.SubPath)
		}
		s.Mounts = append(s.Mounts, shimspec.Mount{Kind: shimspec.Bind, Source: source, Target: vm.MountPath, ReadOnly: readOnly})
	}
	if home != "/" {
		s.Dirs = append(s.Dirs, shimspec.Dir{Path: home, UID: uid, GID: gid, Mode: 0o755})
	}
	return b, nil
}

// dockerArgv applies Docker's rules: the pod's command replaces the image's
// ENTRYPOINT (and drops its CMD); the pod's args replace the CMD.
func dockerArgv(rt *Runtime, command, args []string) []string {
	switch {
	case len(command) > 0:
		return append(append([]string{}, command...), args...)
	case len(args) > 0:
		return append(append([]string{}, rt.Entrypoint...), args...)
	}
	return append(append([]string{}, rt.Entrypoint...), rt.Cmd...)
}

func expandAll(list []string, lookup func(string) (string, bool)) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = expand(s, lookup)
	}
	return out
}

type envVar struct{ name, value string }

// containerEnv is the container's env in order: envFrom, then env, each
// value expanded against what came before it.
func containerEnv(in ContainerInput) ([]envVar, error) {
	pod, c := in.Pod, in.Container
	var env []envVar
	lookup := func(name string) (string, bool) {
		for i := len(env) - 1; i >= 0; i-- {
			if env[i].name == name {
				return env[i].value, true
			}
		}
		return "", false
	}
	for _, from := range c.EnvFrom {
		switch {
		case from.ConfigMapRef != nil:
			data, err := in.Values.ConfigMap(pod.Namespace, from.ConfigMapRef.Name)
			if err != nil {
				if apierrors.IsNotFound(err) && optional(from.ConfigMapRef.Optional) {
					continue
				}
				return nil, configError("configmap %q not found", from.ConfigMapRef.Name)
			}
			for _, k := range sortedKeys(data) {
				env = append(env, envVar{from.Prefix + k, data[k]})
			}
		case from.SecretRef != nil:
			data, err := in.Values.Secret(pod.Namespace, from.SecretRef.Name)
			if err != nil {
				if apierrors.IsNotFound(err) && optional(from.SecretRef.Optional) {
					continue
				}
				return nil, configError("secret %q not found", from.SecretRef.Name)
			}
			for _, k := range sortedKeys(data) {
				env = append(env, envVar{from.Prefix + k, string(data[k])})
			}
		}
	}
	for _, e := range c.Env {
		if e.ValueFrom == nil {
			env = append(env, envVar{e.Name, expand(e.Value, lookup)})
			continue
		}
		value, skip, err := valueFrom(in, e.ValueFrom)
		if err != nil {
			return nil, err
		}
		if !skip {
			env = append(env, envVar{e.Name, value})
		}
	}
	return env, nil
}

func optional(o *bool) bool { return o != nil && *o }

func valueFrom(in ContainerInput, src *v1.EnvVarSource) (value string, skip bool, err error) {
	pod := in.Pod
	switch {
	case src.SecretKeyRef != nil:
		ref := src.SecretKeyRef
		data, err := in.Values.Secret(pod.Namespace, ref.Name)
		if err != nil {
			if apierrors.IsNotFound(err) && optional(ref.Optional) {
				return "", true, nil
			}
			return "", false, configError("secret %q not found", ref.Name)
		}
		v, ok := data[ref.Key]
		if !ok {
			if optional(ref.Optional) {
				return "", true, nil
			}
			return "", false, configError("couldn't find key %s in Secret %s/%s", ref.Key, pod.Namespace, ref.Name)
		}
		return string(v), false, nil
	case src.ConfigMapKeyRef != nil:
		ref := src.ConfigMapKeyRef
		data, err := in.Values.ConfigMap(pod.Namespace, ref.Name)
		if err != nil {
			if apierrors.IsNotFound(err) && optional(ref.Optional) {
				return "", true, nil
			}
			return "", false, configError("configmap %q not found", ref.Name)
		}
		v, ok := data[ref.Key]
		if !ok {
			if optional(ref.Optional) {
				return "", true, nil
			}
			return "", false, configError("couldn't find key %s in ConfigMap %s/%s", ref.Key, pod.Namespace, ref.Name)
		}
		return v, false, nil
	case src.FieldRef != nil:
		v, err := podField(pod, src.FieldRef.FieldPath, in.PodIP)
		return v, false, err
	case src.ResourceFieldRef != nil:
		v, err := resourceField(in.Container, src.ResourceFieldRef)
		return v, false, err
	}
	return "", true, nil
}

func podField(pod *v1.Pod, field, podIP string) (string, error) {
	switch field {
	case "metadata.name":
		return pod.Name, nil
	case "metadata.namespace":
		return pod.Namespace, nil
	case "metadata.uid":
		return string(pod.UID), nil
	case "spec.nodeName":
		return pod.Spec.NodeName, nil
	case "spec.serviceAccountName":
		return pod.Spec.ServiceAccountName, nil
	case "status.podIP", "status.podIPs":
		return podIP, nil
	case "status.hostIP", "status.hostIPs":
		return pod.Status.HostIP, nil
	}
	for _, prefix := range []string{"metadata.labels", "metadata.annotations"} {
		if rest, ok := strings.CutPrefix(field, prefix+"['"); ok && strings.HasSuffix(rest, "']") {
			key := strings.TrimSuffix(rest, "']")
			if prefix == "metadata.labels" {
				return pod.Labels[key], nil
			}
			return pod.Annotations[key], nil
		}
	}
	return "", configError("unsupported fieldRef %q", field)
}

func resourceField(c *v1.Container, ref *v1.ResourceFieldSelector) (string, error) {
	kind, name, ok := strings.Cut(ref.Resource, ".")
	if !ok {
		return "", configError("unsupported resourceFieldRef %q", ref.Resource)
	}
	list := c.Resources.Limits
	if kind == "requests" {
		list = c.Resources.Requests
	}
	q, ok := list[v1.ResourceName(name)]
	if !ok {
		q = resource.MustParse("0")
	}
	divisor := ref.Divisor
	if divisor.IsZero() {
		divisor = resource.MustParse("1")
	}
	// rounded up, as the kubelet does
	v := (q.MilliValue() + divisor.MilliValue() - 1) / divisor.MilliValue()
	return strconv.FormatInt(v, 10), nil
}

// user is the uid and gid the container runs as: the container's security
// context, then the pod's, then the image's user.
func user(pod *v1.Pod, c *v1.Container, rt *Runtime) (uint32, uint32, error) {
	var uid, gid int64
	uid, gid = parseUser(rt.User)
	ps, cs := pod.Spec.SecurityContext, c.SecurityContext
	if ps != nil && ps.RunAsUser != nil {
		uid = *ps.RunAsUser
	}
	if ps != nil && ps.RunAsGroup != nil {
		gid = *ps.RunAsGroup
	}
	if cs != nil && cs.RunAsUser != nil {
		uid = *cs.RunAsUser
	}
	if cs != nil && cs.RunAsGroup != nil {
		gid = *cs.RunAsGroup
	}
	nonRoot := (ps != nil && ps.RunAsNonRoot != nil && *ps.RunAsNonRoot) || (cs != nil && cs.RunAsNonRoot != nil && *cs.RunAsNonRoot)
	if cs != nil && cs.RunAsNonRoot != nil && !*cs.RunAsNonRoot {
		nonRoot = false
	}
	if nonRoot && uid == 0 {
		return 0, 0, configError("container has runAsNonRoot and image will run as root (pod: %q, container: %s)", pod.Name, c.Name)
	}
	return uint32(uid), uint32(gid), nil
}

func parseUser(s string) (int64, int64) {
	u, g, _ := strings.Cut(s, ":")
	uid, _ := strconv.ParseInt(u, 10, 64)
	gid, _ := strconv.ParseInt(g, 10, 64)
	return uid, gid
}

// groups are the supplemental groups: the pod's fsGroup and
// supplementalGroups, besides the primary group.
func groups(pod *v1.Pod, gid uint32) []uint32 {
	set := map[uint32]bool{gid: true}
	var out []uint32
	add := func(g int64) {
		if !set[uint32(g)] {
			set[uint32(g)] = true
			out = append(out, uint32(g))
		}
	}
	if ps := pod.Spec.SecurityContext; ps != nil {
		if ps.FSGroup != nil {
			add(*ps.FSGroup)
		}
		for _, g := range ps.SupplementalGroups {
			add(g)
		}
	}
	return append([]uint32{gid}, out...)
}

// mergeEnv is the process env: the image's, the container's over it, and
// defaults for what neither sets.
func mergeEnv(image map[string]string, container []envVar, defaults map[string]string) []string {
	values := map[string]string{}
	var order []string
	set := func(k, v string) {
		if _, ok := values[k]; !ok {
			order = append(order, k)
		}
		values[k] = v
	}
	for _, k := range sortedKeys(image) {
		set(k, image[k])
	}
	for _, e := range container {
		set(e.name, e.value)
	}
	for _, k := range sortedKeys(defaults) {
		if _, ok := values[k]; !ok {
			set(k, defaults[k])
		}
	}
	out := make([]string, len(order))
	for i, k := range order {
		out[i] = k + "=" + values[k]
	}
	return out
}

// withLine puts line in a passwd or group file in place of the entries
// with its id (field number field): the image's user, not the host's.
func withLine(file, id string, field int, line string) string {
	var out []string
	for _, l := range strings.Split(strings.TrimRight(file, "\n"), "\n") {
		parts := strings.Split(l, ":")
		if len(parts) > field && parts[field] == id {
			continue
		}
		out = append(out, l)
	}
	return strings.Join(append(out, line), "\n") + "\n"
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
