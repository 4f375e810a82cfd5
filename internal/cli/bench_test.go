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

	"github.com/podctl/podctl/internal/testbin"
)

// BenchmarkApplyDefaults measures podctl's whole path — read, match,
// apply, write — on generated streams of 1,000, 10,000 and 100,000
// documents and 20 PodDefaults (200 documents with -short), next to two
// kyaml baselines that read the same stream, add an env var to every
// container of every pod template and write it back:
//
//   - whole: kio.ByteReadWriter, the usual kyaml read-edit-write, which
//     holds every document of the stream at once. It needs about 18 GiB
//     at 100,000 documents, so it runs at 10,000 documents and fewer.
//   - stream: one yaml.v3 decoder over the input, one document decoded,
//     edited as an RNode and encoded (by a fresh encoder) at a time.
//
// Every size is a sub-benchmark with one sub-benchmark for each program,
// e.g. BenchmarkApplyDefaults/docs=10000/podctl; the input of a size is
// generated once and written to that size's b.TempDir(). All three run as
// grandchild processes, each started by a small launcher, so that their
// peak RSS can be read from rusage (see benchRunChildren): a go test
// process never gives its memory back. podctl is built once with go build;
// the baselines and the launcher are this test binary run again with
// PODCTL_BENCH_BASELINE set to whole:FILE or stream:FILE, or with
// PODCTL_BENCH_LAUNCH set (see init below).
//
//	make bench                                                       # 1,000 to 100,000 documents
//	go test -run '^$' -bench . -benchtime 1x -short ./internal/cli/  # 200 documents, a smoke run
//
// -benchtime Nx runs each program N times at each size, except at 100,000
// documents, where each runs once (see benchMaxRuns).
//
// Targets, reported and not enforced: at 10,000 documents podctl takes at
// most 0.2× the whole-stream baseline's time; at 10,000 and 100,000
// documents at most 0.6× the streamed baseline's; at every size its peak
// RSS is at most 3× the input size + 50 MiB.
func BenchmarkApplyDefaults(b *testing.B) {
	sizes := []int{1000, 10000, 100000}
	if testing.Short() {
		sizes = []int{100}
	}
	podctl := testbin.Podctl(b)
	self, err := os.Executable()
	if err != nil {
		b.Fatal(err)
	}
	for _, docs := range sizes {
		b.Run(fmt.Sprintf("docs=%d", docs), func(b *testing.B) {
			benchApplyDefaultsSize(b, docs, podctl, self)
		})
	}
}

// Which program runs at which size, and where the targets apply.
const (
	benchWholeMaxDocs     = 10000 // the whole-stream baseline runs at this size and below
	benchMaxRunsAbove     = 10000 // above this size each program runs once
	benchWholeTargetDocs  = 10000 // podctl/whole ≤ benchWholeTarget at this size
	benchStreamTargetDocs = 10000 // podctl/stream ≤ benchStreamTarget at this size and above
	benchWholeTarget      = 0.2
	benchStreamTarget     = 0.6
)

// benchMaxRuns is how many times each program runs at most at a size, 0
// for as many as -benchtime says. At 100,000 documents one run of the
// streamed baseline takes about 25 s on two cores and podctl's about 12 s:
// one run of each is steady enough, and two more would add over a minute
// to make bench, whose test binary has a 10-minute -timeout.
func benchMaxRuns(docs int) int {
	if docs > benchMaxRunsAbove {
		return 1
	}
	return 0
}

// benchApplyDefaultsSize is one size: the input, generated and written
// once, then the baselines, then podctl, whose sub-benchmark reports the
// ratios and logs the size's summary (a leaf benchmark's log is printed
// without -v; its parent's is not).
func benchApplyDefaultsSize(b *testing.B, docs int, podctl, self string) {
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
	docSeparators := bytes.Count(in.Workloads, []byte("\n---\n"))
	in.Workloads = nil // on disk now; up to 260 MB the test process need not keep
	output := filepath.Join(dir, "out.yaml")
	maxRuns := benchMaxRuns(docs)

	baseline := func(b *testing.B, mode string) *benchChild {
		c := benchRunChildren(b, self, output, maxRuns, []string{self}, []string{baselineEnv + "=" + mode + ":" + workloads}, func(out, _ []byte) error {
			if n := bytes.Count(out, []byte("name: "+baselineEnvVar+"\n")); n != in.Containers {
				return fmt.Errorf("the %s baseline added %d env vars, want one to each of %d containers", mode, n, in.Containers)
			}
			if n := bytes.Count(out, []byte("\n---\n")); n != docs-1 {
				return fmt.Errorf("the %s baseline wrote %d documents, want %d", mode, n+1, docs)
			}
			return nil
		})
		c.report(b, inputMiB)
		return c
	}
	var whole, stream, pod *benchChild
	if docs <= benchWholeMaxDocs {
		b.Run("whole", func(b *testing.B) { whole = baseline(b, baselineWhole) })
	}
	b.Run("stream", func(b *testing.B) { stream = baseline(b, baselineStream) })
	b.Run("podctl", func(b *testing.B) {
		pod = benchRunChildren(b, self, output, maxRuns, []string{podctl, "apply-defaults", "-f", workloads, "-d", defaults}, nil, func(out, stderr []byte) error {
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
		pod.report(b, inputMiB)

		summary := fmt.Sprintf("docs=%d: %d docs (%d with a pod template, %d selected by a PodDefault), %d PodDefaults, input %.1f MiB, %d run(s) each",
			docs, in.Docs, in.WorkloadDocs, in.Selected, in.Defaults, inputMiB, pod.runs)
		summary += fmt.Sprintf("; podctl %.3f s/run, peak RSS %.1f MiB (target ≤ 3×input+50 = %.1f MiB: %s)",
			pod.perRun.Seconds(), pod.peakMiB, rssTargetMiB, benchMet(pod.peakMiB <= rssTargetMiB))
		for _, base := range []struct {
			name, unit string
			c          *benchChild
			target     float64
			targeted   bool
		}{
			{"kyaml whole", "time-ratio-whole", whole, benchWholeTarget, docs == benchWholeTargetDocs},
			{"kyaml stream", "time-ratio-stream", stream, benchStreamTarget, docs >= benchStreamTargetDocs},
		} {
			if base.c == nil {
				continue
			}
			ratio := pod.perRun.Seconds() / base.c.perRun.Seconds()
			b.ReportMetric(ratio, base.unit)
			summary += fmt.Sprintf("; %s %.3f s/run, peak RSS %.1f MiB, podctl/%s time %.3f",
				base.name, base.c.perRun.Seconds(), base.c.peakMiB, strings.TrimPrefix(base.name, "kyaml "), ratio)
			if base.targeted {
				summary += fmt.Sprintf(" (target ≤ %.2f: %s)", base.target, benchMet(ratio <= base.target))
			}
		}
		b.Logf("%s", summary)
	})
}

const benchMarkerPrefix = "poddefault.admission.kubeflow.org/poddefault-"

func benchMet(ok bool) string {
	if ok {
		return "met"
	}
	return "MISSED"
}

// benchChild are one sub-benchmark's runs: how many, the mean wall time
// and the largest peak RSS.
type benchChild struct {
	runs    int
	perRun  time.Duration
	peakMiB float64
}

// report reports a program's figures at one size. ns/op is the mean time
// of the runs that were made, which are fewer than b.N where benchMaxRuns
// caps them; runs says how many.
func (c *benchChild) report(b *testing.B, inputMiB float64) {
	b.ReportMetric(float64(c.perRun.Nanoseconds()), "ns/op")
	b.ReportMetric(float64(c.runs), "runs")
	b.ReportMetric(c.perRun.Seconds(), "s/run")
	b.ReportMetric(c.peakMiB, "peak-RSS-MiB")
	b.ReportMetric(inputMiB, "input-MiB")
}

// benchRunChildren runs the program argv, with env added to this
// process's environment, once per iteration, at most maxRuns times if
// maxRuns > 0; an iteration past maxRuns runs nothing. Its standard output
// goes to the file output; the first run's output and standard error are
// checked. b.Loop calls the benchmark function once, so -benchtime 3x means
// three runs, not 1+3.
//
// The program is not this process's child but its grandchild, started by
// this test binary run again as a launcher (see benchLaunch), which times
// it and reads its peak RSS. On Linux a child's ru_maxrss is at least the
// peak RSS its parent had when it started it: Go starts children with
// vfork (CLONE_VM), and at exec Linux records the high-water mark of the
// address space the child leaves, its parent's, as the child's. Started
// from this process, which has held the generated input and read the
// output back, every child would report about 1 GiB once the
// 100,000-document input has been generated; started from the launcher,
// which only starts and waits, the floor is the launcher's own peak RSS,
// about 12 MiB.
func benchRunChildren(b *testing.B, self, output string, maxRuns int, argv, env []string, check func(out, stderr []byte) error) *benchChild {
	b.Helper()
	var total, last time.Duration
	var peakKiB int64
	runs := 0
	for b.Loop() {
		if maxRuns > 0 && runs >= maxRuns {
			continue
		}
		b.StopTimer()
		if deadline, ok := benchDeadline(); ok && runs > 0 && time.Now().Add(last+last/10).After(deadline) {
			b.Fatalf("one run takes %v: another would pass the test binary's -timeout; %d run(s) done", last.Round(time.Millisecond), runs)
		}
		var stderr bytes.Buffer
		b.StartTimer()
		wall, maxKiB, err := runLaunched(self, output, argv, env, nil, &stderr)
		b.StopTimer()
		if err != nil {
			b.Fatalf("%s: %v\n%s", strings.Join(argv, " "), err, stderr.Bytes())
		}
		last = wall
		total += last
		peakKiB = max(peakKiB, maxKiB)
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
	if runs == 0 {
		b.Fatal("no run")
	}
	return &benchChild{runs: runs, perRun: total / time.Duration(runs), peakMiB: float64(peakKiB) / 1024}
}

// runLaunched runs argv through this test binary as a launcher (see
// benchLaunch), its standard output into the file output, and returns the
// wall time and peak RSS the launcher measured. A process started by a go
// test binary reports that binary's RSS as its own peak: on Linux the
// peak survives exec, so only a grandchild's can be read.
func runLaunched(self, output string, argv, env []string, stdin io.Reader, stderr io.Writer) (wall time.Duration, peakKiB int64, err error) {
	out, err := os.Create(output)
	if err != nil {
		return 0, 0, err
	}
	report := output + ".launch"
	cmd := exec.Command(self, argv...)
	cmd.Env = append(append(os.Environ(), env...), benchLaunchEnv+"="+report)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = stdin, out, stderr
	err = cmd.Run()
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, 0, err
	}
	var wallNs int64
	data, err := os.ReadFile(report)
	if err != nil {
		return 0, 0, err
	}
	if _, err := fmt.Sscan(string(data), &wallNs, &peakKiB); err != nil {
		return 0, 0, fmt.Errorf("the launcher's report %q: %v", data, err)
	}
	return time.Duration(wallNs), peakKiB, nil
}

// benchLaunchEnv names the file where this test binary, run as a launcher,
// reports its child's wall time in nanoseconds and peak RSS in KiB.
const benchLaunchEnv = "PODCTL_BENCH_LAUNCH"

// benchLaunch runs args with this process's standard streams and
// environment (but benchLaunchEnv), writes its wall time and peak RSS to
// the file report and returns the exit code to exit with: the child's, or
// 1 if it could not be run or measured.
func benchLaunch(report string, args []string) int {
	if len(args) == 0 {
		fmt.Fprintln(os.Stderr, "bench launcher: no program to run")
		return 1
	}
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, benchLaunchEnv+"=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if cmd.ProcessState == nil {
		fmt.Fprintln(os.Stderr, "bench launcher:", err)
		return 1
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		fmt.Fprintln(os.Stderr, "bench launcher: no rusage")
		return 1
	}
	maxKiB := int64(ru.Maxrss)
	if runtime.GOOS == "darwin" { // bytes there, KiB elsewhere
		maxKiB /= 1024
	}
	if werr := os.WriteFile(report, fmt.Appendf(nil, "%d %d\n", wall.Nanoseconds(), maxKiB), 0o644); werr != nil {
		fmt.Fprintln(os.Stderr, "bench launcher:", werr)
		return 1
	}
	if err != nil {
		if code := cmd.ProcessState.ExitCode(); code > 0 {
			return code
		}
		return 1
	}
	return 0
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

// The launcher and the kyaml baselines. When PODCTL_BENCH_LAUNCH is set,
// this test binary is the launcher of benchRunChildren (see benchLaunch).
// When PODCTL_BENCH_BASELINE is MODE:FILE, it is a baseline: it reads FILE,
// edits it, writes it to standard output and exits before any test or
// benchmark starts. MODE is whole (kyamlBaseline) or stream
// (kyamlStreamBaseline).

const (
	baselineEnv    = "PODCTL_BENCH_BASELINE"
	baselineEnvVar = "BENCH_INJECTED"
	baselineWhole  = "whole"
	baselineStream = "stream"
)

func init() {
	if report := os.Getenv(benchLaunchEnv); report != "" {
		os.Exit(benchLaunch(report, os.Args[1:]))
	}
	v := os.Getenv(baselineEnv)
	if v == "" {
		return
	}
	mode, path, _ := strings.Cut(v, ":")
	var err error
	switch mode {
	case baselineWhole:
		err = kyamlBaseline(path, os.Stdout)
	case baselineStream:
		err = kyamlStreamBaseline(path, os.Stdout)
	default:
		err = fmt.Errorf("%s=%q: want %s:FILE or %s:FILE", baselineEnv, v, baselineWhole, baselineStream)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "kyaml %s baseline: %v\n", mode, err)
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

// kyamlStreamBaseline is the same edit one document at a time: one yaml.v3
// decoder over the whole input decodes a document, which is edited as an
// RNode and written by a fresh kyaml encoder, so that no more than one
// document is held at once. Its peak RSS still grows with the input:
// yaml.v3's scanner keeps every comment it has read until the decoder is
// dropped (yaml_parser_t.comments is appended to and never trimmed).
func kyamlStreamBaseline(path string, w io.Writer) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	bw := bufio.NewWriterSize(w, 1<<16)
	dec := yaml.NewDecoder(bufio.NewReaderSize(f, 1<<16))
	for i := 0; ; i++ {
		var doc yaml.Node
		if err := dec.Decode(&doc); err == io.EOF {
			break
		} else if err != nil {
			return fmt.Errorf("document %d: %w", i+1, err)
		}
		if err := baselineAddEnv(yaml.NewRNode(&doc)); err != nil {
			return fmt.Errorf("document %d: %w", i+1, err)
		}
		if i > 0 {
			if _, err := bw.WriteString("---\n"); err != nil {
				return err
			}
		}
		enc := yaml.NewEncoder(bw)
		if err := enc.Encode(&doc); err != nil {
			return fmt.Errorf("document %d: %w", i+1, err)
		}
		if err := enc.Close(); err != nil {
			return err
		}
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
