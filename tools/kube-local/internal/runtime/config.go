// Package runtime runs the containers of a pod as local processes, as a
// kubelet with a container runtime would, for the images that a runtimes
// file maps to something installed on this machine. Pods of other images
// stay simulated (package sim).
package runtime

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"sigs.k8s.io/yaml"
)

// File is a runtimes file: which images run as which local runtime.
type File struct {
	// Variables name host directories, relative to the file's directory
	// unless absolute; "{name}" in a runtime's strings is replaced by the
	// variable's absolute path.
	Variables map[string]string `json:"variables"`
	Runtimes  []Runtime         `json:"runtimes"`
}

// Runtime is what an image provides, emulated with local files.
type Runtime struct {
	Name string `json:"name"`
	// Images are glob patterns (path.Match, '*' does not cross '/') of image
	// references, e.g. "quay.io/jupyter/*-notebook:*".
	Images []string `json:"images"`
	// Entrypoint and Cmd are the image's ENTRYPOINT and CMD, with Docker's
	// rules against the container's command and args.
	Entrypoint []string `json:"entrypoint"`
	Cmd        []string `json:"cmd"`
	// Env is the image's ENV; the container's env comes after it.
	Env        map[string]string `json:"env"`
	WorkingDir string            `json:"workingDir"`
	// User is the image's USER, "uid:gid" (default 0:0); the pod's
	// security context overrides it.
	User string `json:"user"`
	// Home is a directory of the image that belongs to its user (created
	// owned by the container's user and group).
	Home string `json:"home"`
	// Mounts are the image's files: host directories or files seen at a
	// path of the container (the host path itself when ContainerPath is
	// empty), read-only.
	Mounts []RuntimeMount `json:"mounts"`
}

// RuntimeMount is one host path in the container.
type RuntimeMount struct {
	HostPath      string `json:"hostPath"`
	ContainerPath string `json:"containerPath"`
}

var variableRef = regexp.MustCompile(`\{([A-Za-z0-9_-]+)\}`)

// LoadFile reads and checks a runtimes file, resolving its variables.
func LoadFile(file string) (*File, error) {
	raw, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var f File
	if err := yaml.UnmarshalStrict(raw, &f); err != nil {
		return nil, fmt.Errorf("runtimes file %s: %w", file, err)
	}
	dir, err := filepath.Abs(filepath.Dir(file))
	if err != nil {
		return nil, err
	}
	vars := map[string]string{}
	for name, value := range f.Variables {
		if !filepath.IsAbs(value) {
			value = filepath.Join(dir, value)
		}
		vars[name] = filepath.Clean(value)
	}
	var problems []string
	expand := func(where, s string) string {
		return variableRef.ReplaceAllStringFunc(s, func(ref string) string {
			name := ref[1 : len(ref)-1]
			v, ok := vars[name]
			if !ok {
				problems = append(problems, fmt.Sprintf("%s: unknown variable %s", where, ref))
			}
			return v
		})
	}
	names := map[string]bool{}
	for i := range f.Runtimes {
		r := &f.Runtimes[i]
		where := fmt.Sprintf("runtimes[%d] (%s)", i, r.Name)
		if r.Name == "" || names[r.Name] {
			problems = append(problems, where+": a runtime needs a unique name")
		}
		names[r.Name] = true
		if len(r.Images) == 0 {
			problems = append(problems, where+": images is empty")
		}
		for _, p := range r.Images {
			if _, err := path.Match(p, ""); err != nil {
				problems = append(problems, fmt.Sprintf("%s: bad image pattern %q", where, p))
			}
		}
		for j := range r.Entrypoint {
			r.Entrypoint[j] = expand(where+".entrypoint", r.Entrypoint[j])
		}
		for j := range r.Cmd {
			r.Cmd[j] = expand(where+".cmd", r.Cmd[j])
		}
		for k, v := range r.Env {
			r.Env[k] = expand(where+".env."+k, v)
		}
		for j := range r.Mounts {
			m := &r.Mounts[j]
			m.HostPath = expand(where+".mounts", m.HostPath)
			if !filepath.IsAbs(m.HostPath) {
				problems = append(problems, fmt.Sprintf("%s: mount %q is not an absolute path", where, m.HostPath))
			}
			if m.ContainerPath == "" {
				m.ContainerPath = m.HostPath
			}
			if !filepath.IsAbs(m.ContainerPath) {
				problems = append(problems, fmt.Sprintf("%s: mount target %q is not an absolute path", where, m.ContainerPath))
			}
		}
		if r.Home != "" && !filepath.IsAbs(r.Home) {
			problems = append(problems, fmt.Sprintf("%s: home %q is not an absolute path", where, r.Home))
		}
	}
	if len(problems) > 0 {
		sort.Strings(problems)
		return nil, fmt.Errorf("runtimes file %s:\n  %s", file, strings.Join(problems, "\n  "))
	}
	return &f, nil
}

// For returns the runtime of an image, or nil when the image is not mapped.
func (f *File) For(image string) *Runtime {
	if f == nil {
		return nil
	}
	for i := range f.Runtimes {
		for _, p := range f.Runtimes[i].Images {
			if ok, _ := path.Match(p, image); ok {
				return &f.Runtimes[i]
			}
		}
	}
	return nil
}

func isRegularFile(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular()
}

// Missing lists the runtime's host paths that do not exist (not installed).
func (r *Runtime) Missing() []string {
	var missing []string
	for _, m := range r.Mounts {
		if _, err := os.Stat(m.HostPath); err != nil {
			missing = append(missing, m.HostPath)
		}
	}
	return missing
}
