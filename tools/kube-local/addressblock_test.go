package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestTwoClustersNeverHoldTheSameAddressBlock(t *testing.T) {
	a, err := chooseAddressBlock(t.TempDir(), "auto")
	if err != nil {
		t.Fatal(err)
	}
	defer a.release()
	b, err := chooseAddressBlock(t.TempDir(), "auto")
	if err != nil {
		t.Fatal(err)
	}
	defer b.release()
	if a.prefix.Overlaps(b.prefix) {
		t.Fatalf("both got %s and %s", a.prefix, b.prefix)
	}
	if _, err := chooseAddressBlock(t.TempDir(), a.prefix.String()); err == nil || !strings.Contains(err.Error(), "in use") {
		t.Fatalf("asking for a held block: %v, want 'in use'", err)
	}
}

func TestADataDirKeepsItsBlockAcrossRestarts(t *testing.T) {
	dir := t.TempDir()
	a, err := chooseAddressBlock(dir, "auto")
	if err != nil {
		t.Fatal(err)
	}
	first := a.prefix
	other, err := chooseAddressBlock(t.TempDir(), "auto") // takes the next free one meanwhile
	if err != nil {
		t.Fatal(err)
	}
	defer other.release()
	a.release()
	again, err := chooseAddressBlock(dir, "auto")
	if err != nil {
		t.Fatal(err)
	}
	defer again.release()
	if again.prefix != first {
		t.Fatalf("restarted with %s, had %s", again.prefix, first)
	}
}

func TestAnExplicitBlockMustBeLoopbackAndApartFromServices(t *testing.T) {
	for _, bad := range []string{"10.244.0.0/16", "127.100.0.0/16", "127.96.0.0/12"} {
		if b, err := chooseAddressBlock(t.TempDir(), bad); err == nil {
			b.release()
			t.Errorf("%s accepted", bad)
		}
	}
}

func TestADataDirFromBeforeLoopbackIsRefused(t *testing.T) {
	dir := t.TempDir()
	if err := refuseDataDirWithoutAddressBlock(dir); err != nil {
		t.Fatalf("an empty data dir: %v", err)
	}
	if err := os.Mkdir(filepath.Join(dir, "etcd"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := refuseDataDirWithoutAddressBlock(dir); err == nil || !strings.Contains(err.Error(), "10.x") {
		t.Fatalf("an old data dir: %v, want a refusal that names 10.x", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "address-block"), []byte("127.10.0.0/16\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := refuseDataDirWithoutAddressBlock(dir); err != nil {
		t.Fatalf("a data dir with its block: %v", err)
	}
}
