//go:build large

package cli

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"testing"
	"time"

	"github.com/podctl/podctl/internal/apply"
	"github.com/podctl/podctl/internal/manifest"
)

// TestLargeHeapLiftsTheMemoryLimit: the soft limit follows the input, is
// lifted when what a run must hold (here 200 MiB) outgrows it, and is put
// back after.
func TestLargeHeapLiftsTheMemoryLimit(t *testing.T) {
	if os.Getenv("GOMEMLIMIT") != "" {
		t.Skip("GOMEMLIMIT is set")
	}
	before := debug.SetMemoryLimit(-1)
	req := apply.Request{Workloads: []*manifest.Source{{Data: make([]byte, 1<<20)}}}
	restore := limitMemory(req)
	if got, want := debug.SetMemoryLimit(-1), int64(2<<20+64<<20); got != want {
		t.Errorf("limit %d, want %d", got, want)
	}
	held := make([]byte, 200<<20) // live, and over the limit
	for i := range held {
		held[i] = 1
	}
	lifted := false
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline) && !lifted; time.Sleep(10 * time.Millisecond) {
		runtime.GC()
		lifted = debug.SetMemoryLimit(-1) == math.MaxInt64
	}
	runtime.KeepAlive(held)
	if !lifted {
		t.Error("the limit stays below what the run holds")
	}
	restore()
	if got := debug.SetMemoryLimit(-1); got != before {
		t.Errorf("limit %d after the run, want %d as before", got, before)
	}
}
