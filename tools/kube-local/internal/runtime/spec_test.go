package runtime

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	v1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/utils/ptr"

	"github.com/workspaces-backstage/kube-local/internal/shimspec"
)

type fakeValues struct {
	secrets    map[string]map[string][]byte
	configMaps map[string]map[string]string
}

func (f fakeValues) Secret(ns, name string) (map[string][]byte, error) {
	if s, ok := f.secrets[name]; ok {
		return s, nil
	}
	return nil, apierrors.NewNotFound(schema.GroupResource{Resource: "secrets"}, name)
}

func (f fakeValues) ConfigMap(ns, name string) (map[string]string, error) {
	if c, ok := f.configMaps[name]; ok {
		return c, nil
	}
	return nil, apierrors.NewNotFound(schema.GroupResource{Resource: "configmaps"}, name)
}

var jupyterRuntime = &Runtime{
	Name: "jupyter", Entrypoint: []string{"tini", "-g", "--"}, Cmd: []string{"start-notebook.py"},
	Env: map[string]string{"PATH": "/opt/jupyter/bin:/usr/bin:/bin", "NB_USER": "jovyan"}, WorkingDir: "/home/jovyan",
	User: "1000:100", Home: "/home/jovyan",
}

func testInput(c v1.Container) ContainerInput {
	pod := &v1.Pod{}
	pod.Name, pod.Namespace, pod.UID = "ws-0", "team", "uid-1"
	pod.Labels = map[string]string{"app": "ws"}
	pod.Spec.Containers = []v1.Container{c}
	return ContainerInput{
		Pod: pod, Container: &pod.Spec.Containers[0], Runtime: jupyterRuntime, PodIP: "127.10.0.5",
		Volumes: map[string]VolumeSource{"home": {HostPath: "/data/pv-1"}, "shm": {Tmpfs: true, TmpfsSize: "1073741824"}},
		Values: fakeValues{
			secrets:    map[string]map[string][]byte{"env": {"TOKEN": []byte("s3cret")}},
			configMaps: map[string]map[string]string{"cfg": {"MODE": "fast", "LEVEL": "2"}},
		},
		Host: HostLayout{Binds: []string{"/usr", "/etc"}, Symlinks: map[string]string{"/bin": "usr/bin"}, Passwd: "root:x:0:0::/root:/bin/sh\nother:x:1000:1000::/home/other:/bin/sh\n", Group: "root:x:0:\n"},
		Dir: "/pods/uid-1/containers/ws-0", LogPath: "/pods/uid-1/logs/ws/0.log",
	}
}

func TestArgvFollowsDockersEntrypointRules(t *testing.T) {
	cases := []struct {
		name          string
		command, args []string
		want          []string
	}{
		{"neither: ENTRYPOINT and CMD", nil, nil, []string{"tini", "-g", "--", "start-notebook.py"}},
		{"args replace CMD", nil, []string{"jupyter", "lab"}, []string{"tini", "-g", "--", "jupyter", "lab"}},
		{"command replaces both", []string{"bash", "-c"}, []string{"echo hi"}, []string{"bash", "-c", "echo hi"}},
		{"command without args", []string{"sleep", "1"}, nil, []string{"sleep", "1"}},
	}
	for _, tc := range cases {
		b, err := BuildContainer(testInput(v1.Container{Name: "ws", Command: tc.command, Args: tc.args}))
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if !reflect.DeepEqual(b.Spec.Argv, tc.want) {
			t.Errorf("%s: argv %q, want %q", tc.name, b.Spec.Argv, tc.want)
		}
	}
}

func TestEnvResolvesReferencesAndExpandsAsTheKubeletDoes(t *testing.T) {
	b, err := BuildContainer(testInput(v1.Container{
		Name: "ws",
		EnvFrom: []v1.EnvFromSource{{ConfigMapRef: &v1.ConfigMapEnvSource{LocalObjectReference: v1.LocalObjectReference{Name: "cfg"}}, Prefix: "CFG_"}},
		Env: []v1.EnvVar{
			{Name: "BASE", Value: "/p"},
			{Name: "URL", Value: "$(BASE)/lab $$(BASE) $(NOPE)"},
			{Name: "TOKEN", ValueFrom: &v1.EnvVarSource{SecretKeyRef: &v1.SecretKeySelector{LocalObjectReference: v1.LocalObjectReference{Name: "env"}, Key: "TOKEN"}}},
			{Name: "IP", ValueFrom: &v1.EnvVarSource{FieldRef: &v1.ObjectFieldSelector{FieldPath: "status.podIP"}}},
			{Name: "APP", ValueFrom: &v1.EnvVarSource{FieldRef: &v1.ObjectFieldSelector{FieldPath: "metadata.labels['app']"}}},
			{Name: "PATH", Value: "/custom"},
		},
		Args: []string{"--url=$(URL)", "--mode=$(CFG_MODE)"},
	}))
	if err != nil {
		t.Fatal(err)
	}
	env := map[string]string{}
	for _, kv := range b.Spec.Env {
		k, v, _ := strings.Cut(kv, "=")
		env[k] = v
	}
	want := map[string]string{
		"URL": "/p/lab $(BASE) $(NOPE)", "TOKEN": "s3cret", "IP": "127.10.0.5", "APP": "ws",
		"CFG_MODE": "fast", "CFG_LEVEL": "2", "NB_USER": "jovyan", "PATH": "/custom",
		"HOME": "/home/jovyan", "HOSTNAME": "ws-0",
	}
	for k, v := range want {
		if env[k] != v {
			t.Errorf("env %s = %q, want %q", k, env[k], v)
		}
	}
	if got := b.Spec.Argv[len(b.Spec.Argv)-2:]; !reflect.DeepEqual(got, []string{"--url=/p/lab $(BASE) $(NOPE)", "--mode=fast"}) {
		t.Errorf("args %q", got)
	}
}

func TestMissingReferencesAreConfigErrorsUnlessOptional(t *testing.T) {
	ref := func(name, key string, opt bool) v1.EnvVar {
		return v1.EnvVar{Name: "X", ValueFrom: &v1.EnvVarSource{SecretKeyRef: &v1.SecretKeySelector{
			LocalObjectReference: v1.LocalObjectReference{Name: name}, Key: key, Optional: ptr.To(opt)}}}
	}
	for _, tc := range []struct {
		env  v1.EnvVar
		want string
	}{
		{ref("missing", "K", false), `secret "missing" not found`},
		{ref("env", "NOKEY", false), "couldn't find key NOKEY in Secret team/env"},
	} {
		_, err := BuildContainer(testInput(v1.Container{Name: "ws", Env: []v1.EnvVar{tc.env}}))
		var ce *ContainerConfigError
		if !errors.As(err, &ce) || ce.Message != tc.want {
			t.Errorf("got %v, want config error %q", err, tc.want)
		}
	}
	for _, optional := range []v1.EnvVar{ref("missing", "K", true), ref("env", "NOKEY", true)} {
		if _, err := BuildContainer(testInput(v1.Container{Name: "ws", Env: []v1.EnvVar{optional}})); err != nil {
			t.Errorf("optional reference: %v", err)
		}
	}
}

func TestUserComesFromTheSecurityContextAndRootIsRefusedWhenRunAsNonRoot(t *testing.T) {
	in := testInput(v1.Container{Name: "ws"})
	b, err := BuildContainer(in)
	if err != nil || b.Spec.UID != 1000 || b.Spec.GID != 100 {
		t.Fatalf("image user: %v %d:%d, want 1000:100", err, b.Spec.UID, b.Spec.GID)
	}
	in.Pod.Spec.SecurityContext = &v1.PodSecurityContext{RunAsUser: ptr.To[int64](2000), FSGroup: ptr.To[int64](3000)}
	if b, _ = BuildContainer(in); b.Spec.UID != 2000 || !reflect.DeepEqual(b.Spec.Groups, []uint32{100, 3000}) {
		t.Errorf("pod user: %d groups %v, want 2000 and [100 3000]", b.Spec.UID, b.Spec.Groups)
	}
	in.Pod.Spec.SecurityContext = &v1.PodSecurityContext{RunAsNonRoot: ptr.To(true), RunAsUser: ptr.To[int64](0)}
	_, err = BuildContainer(in)
	var ce *ContainerConfigError
	if !errors.As(err, &ce) || !strings.Contains(ce.Message, "runAsNonRoot and image will run as root") {
		t.Errorf("root with runAsNonRoot: %v", err)
	}
}

func TestRootHasTheHostSystemTheImageFilesAndTheVolumesInOrder(t *testing.T) {
	in := testInput(v1.Container{Name: "ws", VolumeMounts: []v1.VolumeMount{
		{Name: "home", MountPath: "/home/jovyan/work"},
		{Name: "home", MountPath: "/home/jovyan/sub", SubPath: "a/b", ReadOnly: true},
		{Name: "shm", MountPath: "/dev/shm"},
	}})
	in.Runtime = &Runtime{Name: "r", Home: "/home/jovyan", User: "1000:100", Mounts: []RuntimeMount{{HostPath: "/opt/jupyter", ContainerPath: "/opt/jupyter"}}}
	b, err := BuildContainer(in)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range b.Spec.Mounts {
		got = append(got, m.Kind+" "+m.Source+" "+m.Target)
	}
	wantInOrder := []string{
		"bind /usr /usr", "overlay  /etc", "proc  /proc", "tmpfs  /dev", "bind /dev/null /dev/null",
		"tmpfs  /dev/shm", "tmpfs  /tmp", "bind /opt/jupyter /opt/jupyter",
		"bind /data/pv-1 /home/jovyan/work", "bind /data/pv-1/a/b /home/jovyan/sub",
	}
	i := 0
	for _, g := range got {
		if i < len(wantInOrder) && g == wantInOrder[i] {
			i++
		}
	}
	if i != len(wantInOrder) {
		t.Fatalf("mounts %q\ndo not have, in this order, %q", got, wantInOrder)
	}
	last := b.Spec.Mounts[len(b.Spec.Mounts)-1]
	if last.Kind != shimspec.Tmpfs || last.Target != "/dev/shm" || last.Options != "mode=1777,size=1073741824" {
		t.Errorf("the Memory emptyDir: %+v", last)
	}
	passwd := b.Files[filepath.Join(in.Dir, "etc-upper", "passwd")]
	if !strings.Contains(passwd, "jovyan:x:1000:100::/home/jovyan:/bin/bash") || strings.Contains(passwd, "other:") {
		t.Errorf("passwd has the host's user 1000 or lacks the image's:\n%s", passwd)
	}
	if hosts := b.Files[filepath.Join(in.Dir, "etc-upper", "hosts")]; !strings.Contains(hosts, "127.10.0.5\tws-0") {
		t.Errorf("hosts: %s", hosts)
	}
	if !reflect.DeepEqual(b.Spec.Dirs, []shimspec.Dir{{Path: "/home/jovyan", UID: 1000, GID: 100, Mode: 0o755}}) {
		t.Errorf("dirs %+v", b.Spec.Dirs)
	}
	_, err = BuildContainer(testInput(v1.Container{Name: "ws", VolumeMounts: []v1.VolumeMount{{Name: "home", MountPath: "/x", SubPath: "../../etc"}}}))
	if err == nil {
		t.Error("a subPath with .. was accepted")
	}
}

func TestLoadFileResolvesVariablesAndMatchesImages(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "runtimes.yaml")
	if err := os.WriteFile(file, []byte(`
variables: {venv: ../venv}
runtimes:
  - name: jupyter
    images: ["quay.io/jupyter/*-notebook:*"]
    env: {PATH: "{venv}/bin:/usr/bin"}
    mounts: [{hostPath: "{venv}"}]
`), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := LoadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	venv := filepath.Join(filepath.Dir(dir), "venv")
	r := f.For("quay.io/jupyter/scipy-notebook:2025-03-14")
	if r == nil || r.Env["PATH"] != venv+"/bin:/usr/bin" || r.Mounts[0].ContainerPath != venv {
		t.Fatalf("runtime %+v", r)
	}
	for _, other := range []string{"quay.io/jupyter/x/y-notebook:1", "docker.io/library/python:3", "quay.io/jupyter/scipy-notebook"} {
		if f.For(other) != nil {
			t.Errorf("%s matched", other)
		}
	}
	if err := os.WriteFile(file, []byte("runtimes:\n  - name: a\n    images: [x]\n    cmd: ['{nope}']\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadFile(file); err == nil || !strings.Contains(err.Error(), "unknown variable {nope}") {
		t.Errorf("unknown variable: %v", err)
	}
}
