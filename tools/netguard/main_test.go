package main

import (
	"testing"

	"github.com/workspaces-backstage/netguard/internal/deadend"
)

func TestRunExitsNonZeroWhenTheCommandSucceededButSomethingWasRefused(t *testing.T) {
	// In a namespace whose routes lead nowhere (see deadend), so that nothing
	// could leave the machine even if the guard failed.
	dialOutside := deadend.Args("bash", "-c", "echo x > /dev/udp/10.255.0.53/53; true")
	if code := run(append([]string{"--name", "test", "--"}, dialOutside...)); code != exitDenied {
		t.Fatalf("exit code %d, want %d", code, exitDenied)
	}
}

func TestRunPassesOnTheCommandsOwnExitCode(t *testing.T) {
	if code := run([]string{"--name", "test", "--", "sh", "-c", "exit 5"}); code != 5 {
		t.Fatalf("exit code %d, want the command's 5", code)
	}
	if code := run([]string{"--name", "test", "--", "true"}); code != 0 {
		t.Fatalf("exit code %d, want 0", code)
	}
}

func TestRunFailsWhenTheGuardSawFewerLoopbackConnectionsThanRequired(t *testing.T) {
	if code := run([]string{"--name", "test", "--min-allowed", "1", "--", "true"}); code != exitTooFewAllows {
		t.Fatalf("exit code %d with no connection and --min-allowed 1, want %d", code, exitTooFewAllows)
	}
}
