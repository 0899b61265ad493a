// Command kube-local-shim runs one container of a pod for kube-local's
// process runtime:
//
//	kube-local-shim SPEC.json
//
// kube-local starts it as the first process of a new PID, mount and UTS
// namespace, in the pod's cgroup, with a parent-death signal (SIGKILL). It
// mounts the container's root (a tmpfs with the host's system directories,
// the image's files and the pod's volumes bound into it) over an empty
// directory, which no other process sees, enters it, and starts the
// container's command as the container's user. As the namespace's init it
// reaps orphans, passes signals on to the command, writes the command's
// output to the log file in the CRI format, and exits with the command's
// exit code (128+signal when a signal ended it). When the shim ends, for
// whatever reason, the kernel kills every process left in its PID namespace:
// no process outlives its container, its pod or kube-local.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/workspaces-backstage/kube-local/internal/shimspec"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: kube-local-shim SPEC.json")
		os.Exit(shimspec.ExitSetup)
	}
	var spec shimspec.Spec
	raw, err := os.ReadFile(os.Args[1])
	if err == nil {
		err = json.Unmarshal(raw, &spec)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "kube-local-shim: spec: %v\n", err)
		os.Exit(shimspec.ExitSetup)
	}
	logFile, err := os.OpenFile(spec.LogPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o640)
	if err != nil {
		fmt.Fprintf(os.Stderr, "kube-local-shim: log: %v\n", err)
		os.Exit(shimspec.ExitSetup)
	}
	logs := &criLog{w: logFile}
	fail := func(code int, format string, a ...any) {
		logs.line("stderr", "F", fmt.Sprintf(format, a...))
		os.Exit(code)
	}
	if err := setUpRoot(&spec); err != nil {
		fail(shimspec.ExitSetup, "kube-local: cannot set up the container: %v", err)
	}
	os.Exit(run(&spec, logs, fail))
}

// setUpRoot builds the container's root and enters it.
func setUpRoot(spec *shimspec.Spec) error {
	if err := syscall.Mount("", "/", "", syscall.MS_REC|syscall.MS_PRIVATE, ""); err != nil {
		return fmt.Errorf("make mounts private: %w", err)
	}
	if err := syscall.Mount("tmpfs", spec.Root, "tmpfs", syscall.MS_NOSUID|syscall.MS_NODEV, "mode=755"); err != nil {
		return fmt.Errorf("root tmpfs: %w", err)
	}
	in := func(p string) string { return filepath.Join(spec.Root, p) }
	for _, m := range spec.Mounts {
		if err := mount(in(m.Target), m); err != nil {
			return fmt.Errorf("mount %s on %s: %w", m.Source+m.Kind, m.Target, err)
		}
	}
	// after the mounts: /dev/ptmx and friends are in the /dev tmpfs
	for _, l := range spec.Symlinks {
		if err := os.MkdirAll(filepath.Dir(in(l.Path)), 0o755); err != nil {
			return err
		}
		if err := os.Symlink(l.Target, in(l.Path)); err != nil && !os.IsExist(err) {
			return fmt.Errorf("symlink %s: %w", l.Path, err)
		}
	}
	for _, d := range spec.Dirs {
		p := in(d.Path)
		if err := os.MkdirAll(p, 0o755); err != nil {
			return err
		}
		if err := os.Chown(p, int(d.UID), int(d.GID)); err != nil {
			return err
		}
		if err := os.Chmod(p, os.FileMode(d.Mode)); err != nil {
			return err
		}
	}
	if spec.Hostname != "" {
		if err := syscall.Sethostname([]byte(spec.Hostname)); err != nil {
			return fmt.Errorf("hostname: %w", err)
		}
	}
	if err := syscall.Chroot(spec.Root); err != nil {
		return fmt.Errorf("chroot: %w", err)
	}
	wd := spec.WorkingDir
	if wd == "" {
		wd = "/"
	}
	if err := os.MkdirAll(wd, 0o755); err != nil {
		return fmt.Errorf("working directory %s: %w", wd, err)
	}
	return os.Chdir(wd)
}

func mount(target string, m shimspec.Mount) error {
	if m.File {
		if _, err := os.Stat(target); err != nil { // a file of a bound host directory is there already
			if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
				return err
			}
			f, err := os.OpenFile(target, os.O_CREATE|os.O_WRONLY, 0o644)
			if err != nil {
				return err
			}
			f.Close()
		}
	} else if err := os.MkdirAll(target, 0o755); err != nil {
		return err
	}
	switch m.Kind {
	case shimspec.Bind:
		if err := syscall.Mount(m.Source, target, "", syscall.MS_BIND|syscall.MS_REC, ""); err != nil {
			return err
		}
		if m.ReadOnly {
			return syscall.Mount("", target, "", syscall.MS_BIND|syscall.MS_REMOUNT|syscall.MS_RDONLY, "")
		}
		return nil
	case shimspec.Tmpfs:
		return syscall.Mount("tmpfs", target, "tmpfs", syscall.MS_NOSUID|syscall.MS_NODEV, m.Options)
	case shimspec.Devpts:
		return syscall.Mount("devpts", target, "devpts", syscall.MS_NOSUID|syscall.MS_NOEXEC, "newinstance,ptmxmode=0666,mode=0620")
	case shimspec.Overlay:
		return syscall.Mount("overlay", target, "overlay", 0, m.Options)
	case shimspec.Proc:
		return syscall.Mount("proc", target, "proc", syscall.MS_NOSUID|syscall.MS_NODEV|syscall.MS_NOEXEC, "")
	}
	return fmt.Errorf("unknown mount kind %q", m.Kind)
}

// run starts the command and stays its init until it ends.
func run(spec *shimspec.Spec, logs *criLog, fail func(int, string, ...any)) int {
	path, err := lookPath(spec.Argv, spec.Env)
	if err != nil {
		fail(shimspec.ExitNotFound, "kube-local: %v", err)
	}
	devNull, err := os.Open("/dev/null")
	if err != nil {
		fail(shimspec.ExitSetup, "kube-local: /dev/null: %v", err)
	}
	outR, outW, err := os.Pipe()
	if err != nil {
		fail(shimspec.ExitSetup, "kube-local: %v", err)
	}
	errR, errW, err := os.Pipe()
	if err != nil {
		fail(shimspec.ExitSetup, "kube-local: %v", err)
	}
	// No process of the container may gain privileges (setuid binaries).
	if _, _, e := syscall.RawSyscall6(syscall.SYS_PRCTL, 38 /* PR_SET_NO_NEW_PRIVS */, 1, 0, 0, 0, 0); e != 0 {
		fail(shimspec.ExitSetup, "kube-local: no_new_privs: %v", e)
	}
	signals := make(chan os.Signal, 8)
	signal.Notify(signals, syscall.SIGTERM, syscall.SIGINT, syscall.SIGHUP, syscall.SIGQUIT, syscall.SIGUSR1, syscall.SIGUSR2)
	pid, err := syscall.ForkExec(path, spec.Argv, &syscall.ProcAttr{
		Dir:   spec.WorkingDir,
		Env:   spec.Env,
		Files: []uintptr{devNull.Fd(), outW.Fd(), errW.Fd()},
		Sys: &syscall.SysProcAttr{
			Setsid:     true,
			Credential: &syscall.Credential{Uid: spec.UID, Gid: spec.GID, Groups: spec.Groups},
		},
	})
	if err != nil {
		code := shimspec.ExitSetup
		if err == syscall.ENOENT {
			code = shimspec.ExitNotFound
		}
		fail(code, "kube-local: exec %s: %v", spec.Argv[0], err)
	}
	outW.Close()
	errW.Close()
	var copying sync.WaitGroup
	copying.Add(2)
	go func() { defer copying.Done(); logs.copy("stdout", outR) }()
	go func() { defer copying.Done(); logs.copy("stderr", errR) }()
	go func() {
		for sig := range signals {
			_ = syscall.Kill(pid, sig.(syscall.Signal))
		}
	}()

	code := reapUntil(pid)
	// The command ended: what it left behind goes with it.
	_ = syscall.Kill(-1, syscall.SIGKILL)
	for {
		if _, err := syscall.Wait4(-1, nil, 0, nil); err == syscall.ECHILD {
			break
		}
	}
	done := make(chan struct{})
	go func() { copying.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(2 * time.Second):
	}
	return code
}

// reapUntil reaps every child (orphans of the namespace come to its init)
// until main ends, and returns main's exit code.
func reapUntil(main int) int {
	for {
		var status syscall.WaitStatus
		pid, err := syscall.Wait4(-1, &status, 0, nil)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return shimspec.ExitSetup
		}
		if pid != main {
			continue
		}
		if status.Signaled() {
			return 128 + int(status.Signal())
		}
		return status.ExitStatus()
	}
}

// lookPath finds the command in the container's PATH, as a runtime would.
func lookPath(argv, env []string) (string, error) {
	if len(argv) == 0 {
		return "", fmt.Errorf("no command: the pod gives none and the image has no entrypoint")
	}
	if strings.Contains(argv[0], "/") {
		return argv[0], nil
	}
	pathVar := "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, "PATH="); ok {
			pathVar = v
		}
	}
	for _, dir := range filepath.SplitList(pathVar) {
		p := filepath.Join(dir, argv[0])
		if st, err := os.Stat(p); err == nil && !st.IsDir() && st.Mode()&0o111 != 0 {
			return p, nil
		}
	}
	return "", fmt.Errorf("exec: %q: executable file not found in $PATH", argv[0])
}

// criLog writes lines in the CRI log format kubelets keep:
// "<RFC3339Nano time> <stream> <F|P> <text>", P for a part of a long line.
type criLog struct {
	mu sync.Mutex
	w  io.Writer
}

const maxLine = 16 * 1024

func (l *criLog) line(stream, tag, text string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintf(l.w, "%s %s %s %s\n", time.Now().UTC().Format(time.RFC3339Nano), stream, tag, text)
}

func (l *criLog) copy(stream string, r io.Reader) {
	br := bufio.NewReaderSize(r, maxLine)
	for {
		chunk, err := br.ReadSlice('\n')
		if len(chunk) > 0 {
			if chunk[len(chunk)-1] == '\n' {
				l.line(stream, "F", string(chunk[:len(chunk)-1]))
			} else if err == bufio.ErrBufferFull {
				l.line(stream, "P", string(chunk))
			} else {
				l.line(stream, "F", string(chunk)) // the last line, without a newline
			}
		}
		if err != nil && err != bufio.ErrBufferFull {
			return
		}
	}
}
