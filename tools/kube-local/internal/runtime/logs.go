package runtime

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"os"
	"strings"
	"syscall"
	"time"
)

// LogOptions are the kubelet's options for a container's log.
type LogOptions struct {
	Follow     bool
	TailLines  int64 // < 0: all
	Since      time.Time
	Timestamps bool
	LimitBytes int64 // <= 0: no limit
}

// criEntry is one line of a CRI log file.
type criEntry struct {
	time    time.Time
	rawTime string
	partial bool
	text    []byte
}

func parseCRILine(line []byte) (criEntry, bool) {
	// <time> <stream> <F|P> <text>
	parts := bytes.SplitN(line, []byte(" "), 4)
	if len(parts) < 3 {
		return criEntry{}, false
	}
	t, err := time.Parse(time.RFC3339Nano, string(parts[0]))
	if err != nil {
		return criEntry{}, false
	}
	e := criEntry{time: t, rawTime: string(parts[0]), partial: string(parts[2]) == "P"}
	if len(parts) == 4 {
		e.text = parts[3]
	}
	return e, true
}

// writeLogs writes a container's log file to w as the kubelet does: the
// lines' text (with their time first when asked), the last TailLines lines,
// those since Since, at most LimitBytes; and with Follow, what is added
// until ctx ends or running says the container has stopped and nothing new
// came. flush is called after each batch.
func writeLogs(ctx context.Context, file string, opts LogOptions, w io.Writer, flush func(), running func() bool) error {
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	var written int64
	limited := func(b []byte) ([]byte, bool) {
		if opts.LimitBytes <= 0 {
			return b, false
		}
		if written+int64(len(b)) >= opts.LimitBytes {
			return b[:opts.LimitBytes-written], true
		}
		return b, false
	}
	emit := func(e criEntry) (bool, error) {
		if !opts.Since.IsZero() && e.time.Before(opts.Since) {
			return false, nil
		}
		var out []byte
		if opts.Timestamps {
			out = append(out, e.rawTime...)
			out = append(out, ' ')
		}
		out = append(out, e.text...)
		if !e.partial {
			out = append(out, '\n')
		}
		out, done := limited(out)
		n, err := w.Write(out)
		written += int64(n)
		return done, err
	}

	reader := bufio.NewReader(f)
	var entries []criEntry
	var pending []byte
	readAvailable := func() {
		for {
			line, err := reader.ReadBytes('\n')
			if err != nil {
				pending = append(pending, line...) // an incomplete last line: wait for its end
				return
			}
			if len(pending) > 0 {
				line = append(pending, line...)
				pending = nil
			}
			if e, ok := parseCRILine(bytes.TrimSuffix(line, []byte("\n"))); ok {
				entries = append(entries, e)
			}
		}
	}
	readAvailable()
	if opts.TailLines >= 0 {
		entries = tail(entries, opts.TailLines)
	}
	for _, e := range entries {
		if done, err := emit(e); done || err != nil {
			return err
		}
	}
	flush()
	if !opts.Follow {
		return nil
	}
	for {
		stopped := !running()
		entries = entries[:0]
		readAvailable()
		for _, e := range entries {
			if done, err := emit(e); done || err != nil {
				return err
			}
		}
		if len(entries) > 0 {
			flush()
		} else if stopped {
			return nil
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// tail keeps the last n whole lines (a line and the parts before it).
func tail(entries []criEntry, n int64) []criEntry {
	count := int64(0)
	for i := len(entries) - 1; i >= 0; i-- {
		if !entries[i].partial {
			count++
			if count > n {
				return entries[i+1:]
			}
		}
	}
	return entries
}

// lastLogLines is the end of a log (at most lines lines and bytes bytes),
// a kubelet's termination message for FallbackToLogsOnError.
func lastLogLines(file string, lines int64, maxBytes int) string {
	var b bytes.Buffer
	err := writeLogs(context.Background(), file, LogOptions{TailLines: lines}, &b, func() {}, func() bool { return false })
	if err != nil {
		return ""
	}
	s := b.String()
	if len(s) > maxBytes {
		s = s[len(s)-maxBytes:]
	}
	return strings.TrimRight(s, "\n")
}

func killPid(pid int) error { return syscall.Kill(pid, syscall.SIGKILL) }

func waitABit() { time.Sleep(20 * time.Millisecond) }
