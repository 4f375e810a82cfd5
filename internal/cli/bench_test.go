//go:build unix

package cli

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"sigs.k8s.io/kustomize/kyaml/kio"
	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// BenchmarkApplyDefaults measures podctl's whole path — read, match,
// apply, write — on a generated stream of 10,000 documents and 20
// PodDefaults (200 documents with -short), next to a baseline that reads
// the same stream with kyaml, adds an env var to every container of every
// pod template and writes it back.
//
// Both run as child processes, so that their peak RSS can be read from
// rusage: a go test process never gives its memory back. podctl is built
// once with go build; the baseline is this test binary run again with
// PODCTL_BENCH_BASELINE set (see init below).
//
//	make bench                                                       # 10,000 documents, 3 runs each
//	go test -run '^$' -bench . -benchtime 1x -short ./internal/cli/  # 200 documents, a smoke run
//
// Targets, reported and not enforced: podctl takes at most half the
// baseline's time, and its peak RSS is at most 3× the input size + 50 MiB.
func BenchmarkApplyDefaults(b *testing.B) {
	docs := 10000
	if testing.Short() {
		docs = 200
	}
	dir := b.TempDir()
	in := generateBenchInput(docs, benchSeed)
	workloads := filepath.Join(dir, "workloads.yaml")
	defaults := filepath.Join(dir, "poddefaults.yaml")
	for path, data := range map[string][]byte{workloads: in.Workloads, defaults: in.PodDefaults} {
		if err := os.WriteFile(path, data, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	inputMiB := float64(len(in.Workloads)+len(in.PodDefaults)) / (1 << 20)
	rssTargetMiB := 3*inputMiB + 50
	podctl := benchBuildPodctl(b, dir)
	self, err := os.Executable()
	if err != nil {
		b.Fatal(err)
	}
	output := filepath.Join(dir, "out.yaml")
	docSeparators := bytes.Count(in.Workloads, []byte("\n---\n"))

	var base, pod *benchChild
	b.Run("kyaml-baseline", func(b *testing.B) {
		base = benchRunChildren(b, output, func() *exec.Cmd {
			cmd := exec.Command(self)
			cmd.Env = append(os.Environ(), baselineEnv+"="+workloads)
			return cmd
		}, func(out, _ []byte) error {
			if n := bytes.Count(out, []byte("name: "+baselineEnvVar+"\n")); n != in.Containers {
				return fmt.Errorf("the baseline added %d env vars, want one to each of %d containers", n, in.Containers)
			}
			if n := bytes.Count(out, []byte("\n---\n")); n != docs-1 {
				return fmt.Errorf("the baseline wrote %d documents, want %d", n+1, docs)
			}
			return nil
		})
		b.ReportMetric(base.perRun.Seconds(), "s/run")
		b.ReportMetric(base.peakMiB, "peak-RSS-MiB")
		b.ReportMetric(inputMiB, "input-MiB")
	})
	b.Run("podctl", func(b *testing.B) {
		pod = benchRunChildren(b, output, func() *exec.Cmd {
			return exec.Command(podctl, "apply-defaults", "-f", workloads, "-d", defaults)
		}, func(out, stderr []byte) error {
			if n := bytes.Count(out, []byte(benchMarkerPrefix)); n != in.Markers {
				return fmt.Errorf("podctl wrote %d PodDefault markers, want %d", n, in.Markers)
			}
			if n := bytes.Count(out, []byte("\n---\n")); n != docSeparators {
				return fmt.Errorf("podctl wrote %d documents, want %d", n+1, docSeparators+1)
			}
			if len(stderr) > 0 {
				b.Logf("podctl printed %d lines on stderr, the first: %s", bytes.Count(stderr, []byte("\n")), bytes.SplitN(stderr, []byte("\n"), 2)[0])
			}
			return nil
		})
		b.ReportMetric(pod.perRun.Seconds(), "s/run")
		b.ReportMetric(pod.peakMiB, "peak-RSS-MiB")
		b.ReportMetric(inputMiB, "input-MiB")
		summary := fmt.Sprintf("%d docs (%d with a pod template, %d selected by a PodDefault), %d PodDefaults, input %.1f MiB",
			in.Docs, in.WorkloadDocs, in.Selected, in.Defaults, inputMiB)
		summary += fmt.Sprintf("; podctl %.3f s/run, peak RSS %.1f MiB (target ≤ 3×input+50 = %.1f MiB: %s)",
			pod.perRun.Seconds(), pod.peakMiB, rssTargetMiB, benchMet(pod.peakMiB <= rssTargetMiB))
		if base != nil {
			ratio := pod.perRun.Seconds() / base.perRun.Seconds()
			b.ReportMetric(ratio, "time-ratio")
			summary += fmt.Sprintf("; kyaml baseline %.3f s/run, peak RSS %.1f MiB; time podctl/baseline %.2f (target ≤ 0.50: %s)",
				base.perRun.Seconds(), base.peakMiB, ratio, benchMet(ratio <= 0.5))
		}
		// A leaf benchmark's log is printed without -v; its parent's is not.
		b.Logf("%s", summary)
	})
}

// benchSeed fixes the generated input.
const benchSeed = 20240611

const benchMarkerPrefix = "poddefault.admission.kubeflow.org/poddefault-"

func benchMet(ok bool) string {
	if ok {
		return "met"
	}
	return "MISSED"
}

// benchBuildPodctl builds cmd/podctl into dir, as `go build` does for users.
func benchBuildPodctl(b *testing.B, dir string) string {
	b.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		b.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		b.Fatalf("the module root is not ../..: %v", err)
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		goTool = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	bin := filepath.Join(dir, "podctl")
	cmd := exec.Command(goTool, "build", "-o", bin, "./cmd/podctl")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("go build ./cmd/podctl: %v\n%s", err, out)
	}
	return bin
}

// benchChild are one sub-benchmark's runs: the mean wall time and the
// largest peak RSS.
type benchChild struct {
	perRun  time.Duration
	peakMiB float64
}

// benchRunChildren runs one child process per iteration, its standard output
// going to the file output, and checks the first run's output and
// standard error. Only the child's run is timed. b.Loop calls the
// benchmark function once, so -benchtime 3x means three runs, not 1+3.
func benchRunChildren(b *testing.B, output string, newCmd func() *exec.Cmd, check func(out, stderr []byte) error) *benchChild {
	b.Helper()
	var total, last time.Duration
	var peakKiB int64
	runs := 0
	for b.Loop() {
		b.StopTimer()
		if deadline, ok := benchDeadline(); ok && runs > 0 && time.Now().Add(last+last/10).After(deadline) {
			b.Fatalf("one run takes %v: another would pass the test binary's -timeout; %d run(s) done", last.Round(time.Millisecond), runs)
		}
		out, err := os.Create(output)
		if err != nil {
			b.Fatal(err)
		}
		var stderr bytes.Buffer
		cmd := newCmd()
		cmd.Stdout, cmd.Stderr = out, &stderr
		b.StartTimer()
		start := time.Now()
		err = cmd.Run()
		last = time.Since(start)
		b.StopTimer()
		if cerr := out.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			b.Fatalf("%s: %v\n%s", strings.Join(cmd.Args, " "), err, stderr.Bytes())
		}
		total += last
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok && int64(ru.Maxrss) > peakKiB {
			peakKiB = int64(ru.Maxrss)
		}
		if runs == 0 {
			data, err := os.ReadFile(output)
			if err != nil {
				b.Fatal(err)
			}
			if err := check(data, stderr.Bytes()); err != nil {
				b.Fatal(err)
			}
		}
		runs++
		b.StartTimer()
	}
	if runtime.GOOS == "darwin" { // bytes there, KiB elsewhere
		peakKiB /= 1024
	}
	return &benchChild{perRun: total / time.Duration(runs), peakMiB: float64(peakKiB) / 1024}
}

// benchProcessStart is about when the test binary started, and its -timeout
// with it.
var benchProcessStart = time.Now()

// benchDeadline is when the test binary's -timeout (10m by default) ends.
func benchDeadline() (time.Time, bool) {
	f := flag.Lookup("test.timeout")
	if f == nil {
		return time.Time{}, false
	}
	g, ok := f.Value.(flag.Getter)
	if !ok {
		return time.Time{}, false
	}
	d, ok := g.Get().(time.Duration)
	if !ok || d <= 0 {
		return time.Time{}, false
	}
	return benchProcessStart.Add(d), true
}

// The kyaml baseline. When PODCTL_BENCH_BASELINE names a file, this test
// binary is the baseline: it reads the file, edits it, writes it to
// standard output and exits before any test or benchmark starts.

const (
	baselineEnv    = "PODCTL_BENCH_BASELINE"
	baselineEnvVar = "BENCH_INJECTED"
)

func init() {
	path := os.Getenv(baselineEnv)
	if path == "" {
		return
	}
	if err := kyamlBaseline(path, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "kyaml baseline:", err)
		os.Exit(1)
	}
	os.Exit(0)
}

// kyamlBaseline is the usual kyaml read-edit-write: read every document,
// add an env var to every container of every pod template with RNode
// operations, write every document back.
func kyamlBaseline(path string, w io.Writer) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	// Buffered, so that the baseline does not pay a write per document.
	bw := bufio.NewWriterSize(w, 1<<16)
	rw := kio.ByteReadWriter{Reader: f, Writer: bw}
	nodes, err := rw.Read()
	if err != nil {
		return err
	}
	for _, n := range nodes {
		if err := baselineAddEnv(n); err != nil {
			return err
		}
	}
	if err := rw.Write(nodes); err != nil {
		return err
	}
	return bw.Flush()
}

// benchPodSpecPaths say where the pod spec of each generated kind lives.
var benchPodSpecPaths = map[string][]string{
	"Pod":         {"spec"},
	"Deployment":  {"spec", "template", "spec"},
	"StatefulSet": {"spec", "template", "spec"},
	"Job":         {"spec", "template", "spec"},
	"CronJob":     {"spec", "jobTemplate", "spec", "template", "spec"},
}

func baselineAddEnv(n *yaml.RNode) error {
	path, ok := benchPodSpecPaths[n.GetKind()]
	if !ok {
		return nil
	}
	containers, err := n.Pipe(yaml.Lookup(append(path[:len(path):len(path)], "containers")...))
	if err != nil || containers == nil {
		return err
	}
	return containers.VisitElements(func(c *yaml.RNode) error {
		env, err := c.Pipe(yaml.LookupCreate(yaml.SequenceNode, "env"))
		if err != nil {
			return err
		}
		v := &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{
			yaml.NewStringRNode("name").YNode(), yaml.NewStringRNode(baselineEnvVar).YNode(),
			yaml.NewStringRNode("value").YNode(), yaml.NewStringRNode("kyaml").YNode(),
		}}
		return env.PipeE(yaml.Append(v))
	})
}
