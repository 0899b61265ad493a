// Package shimspec is what kube-local tells kube-local-shim to run: one
// container of a pod, as a process tree in a root, mount, PID and UTS
// namespace of its own.
package shimspec

// Spec is written as JSON to a file whose path is the shim's argument.
type Spec struct {
	// Root is an empty host directory; the container's root (a tmpfs) is
	// mounted on it in the shim's mount namespace, so no host path changes.
	Root string `json:"root"`
	// Mounts are made in order below Root.
	Mounts []Mount `json:"mounts"`
	// Dirs are created in the root after the mounts (with their owner).
	Dirs []Dir `json:"dirs"`
	// Symlinks are created in the root (e.g. /bin -> usr/bin).
	Symlinks []Symlink `json:"symlinks"`

	Hostname   string   `json:"hostname"`
	Argv       []string `json:"argv"`
	Env        []string `json:"env"`
	WorkingDir string   `json:"workingDir"`
	UID        uint32   `json:"uid"`
	GID        uint32   `json:"gid"`
	Groups     []uint32 `json:"groups"`

	// LogPath is the host file the container's stdout and stderr go to, in
	// the CRI log format ("<RFC3339Nano> <stream> <F|P> <line>").
	LogPath string `json:"logPath"`
}

// Mount kinds.
const (
	Bind  = "bind"
	Tmpfs = "tmpfs"
	Proc  = "proc"
	// Devpts mounts a devpts of the container's own (its ptys).
	Devpts = "devpts"
	// Overlay mounts an overlayfs with Options (lowerdir, upperdir, workdir):
	// a host directory the container may change without changing the host.
	Overlay = "overlay"
)

// Mount is one mount of the container's root.
type Mount struct {
	Kind string `json:"kind"`
	// Source is the host path of a bind mount.
	Source string `json:"source,omitempty"`
	// Target is the path in the container.
	Target   string `json:"target"`
	ReadOnly bool   `json:"readOnly,omitempty"`
	// File says Target is a file (a bind mount of a file), not a directory.
	File bool `json:"file,omitempty"`
	// Options of a tmpfs (e.g. "size=64m,mode=1777").
	Options string `json:"options,omitempty"`
}

// Dir is a directory of the root with its owner and mode.
type Dir struct {
	Path string `json:"path"`
	UID  uint32 `json:"uid"`
	GID  uint32 `json:"gid"`
	Mode uint32 `json:"mode"`
}

// Symlink is a symbolic link of the root.
type Symlink struct {
	Path   string `json:"path"`
	Target string `json:"target"`
}

// Exit codes of the shim itself (the container's own codes are passed on;
// a container killed by a signal exits 128+signal).
const (
	// ExitSetup: the container could not be set up (the message is the
	// last line of the log, stream "stderr").
	ExitSetup = 126
	// ExitNotFound: the command was not found in the container.
	ExitNotFound = 127
)
