//go:build cluster

package cluster_test

// The live tests check the model against a real kube-apiserver, started by
// hack/test-cluster.sh (make test-cluster) with its default admission
// plugins and no webhook. The webhook's part is checked offline against the
// stored answers (TestModelAgreesWithCluster); here the server checks
// everything around it: decoding, defaulting, the admission plugins, the
// processing after a webhook changed the pod, and validation.

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"

	"github.com/podctl/podctl/internal/cluster"
	"github.com/podctl/podctl/internal/cluster/clustertest"
	"github.com/podctl/podctl/internal/poddefault"
	"github.com/podctl/podctl/internal/testbin"
)

// apiServer is a client for the few requests the live tests make.
type apiServer struct {
	url, token string
	client     *http.Client
	namespaces map[string]bool
}

func connect(t *testing.T) *apiServer {
	t.Helper()
	url := os.Getenv("PODCTL_APISERVER")
	if url == "" {
		t.Skip("no API server (PODCTL_APISERVER): run make test-cluster")
	}
	ca, err := os.ReadFile(os.Getenv("PODCTL_APISERVER_CA"))
	if err != nil {
		t.Fatalf("the API server's certificate: %v", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(ca) {
		t.Fatal("PODCTL_APISERVER_CA holds no certificate")
	}
	return &apiServer{
		url: url, token: os.Getenv("PODCTL_APISERVER_TOKEN"),
		client:     &http.Client{Timeout: time.Minute, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}},
		namespaces: map[string]bool{},
	}
}

func (s *apiServer) post(path string, body []byte) (int, []byte, error) {
	req, err := http.NewRequest(http.MethodPost, s.url+path, bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+s.token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := s.client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	return resp.StatusCode, out, err
}

// ensure creates an object unless it exists.
func (s *apiServer) ensure(t *testing.T, path string, obj map[string]any) {
	t.Helper()
	b, _ := json.Marshal(obj)
	code, out, err := s.post(path, b)
	if err != nil {
		t.Fatal(err)
	}
	if code != http.StatusCreated && code != http.StatusConflict {
		t.Fatalf("POST %s: %d %s", path, code, out)
	}
}

// prepare creates the namespace and the ServiceAccounts a case needs: the
// model assumes that every ServiceAccount a pod names exists.
func (s *apiServer) prepare(t *testing.T, ns string, serviceAccounts []string) {
	t.Helper()
	if !s.namespaces[ns] {
		s.ensure(t, "/api/v1/namespaces", map[string]any{"metadata": map[string]any{"name": ns}})
		s.namespaces[ns] = true
	}
	for _, sa := range append([]string{"default"}, serviceAccounts...) {
		if sa != "" {
			s.ensure(t, "/api/v1/namespaces/"+ns+"/serviceaccounts", map[string]any{"metadata": map[string]any{"name": sa}})
		}
	}
}

// liveAnswer is the server's answer to a dry-run create.
type liveAnswer struct {
	admitted bool
	class    string
	message  string
	causes   []string
	pod      map[string]any
}

// create sends a pod as kubectl create --dry-run=server does (strict field
// validation).
func (s *apiServer) create(t *testing.T, ns string, pod []byte) liveAnswer {
	t.Helper()
	code, out, err := s.post("/api/v1/namespaces/"+ns+"/pods?dryRun=All&fieldValidation=Strict", pod)
	if err != nil {
		t.Fatal(err)
	}
	if code == http.StatusCreated || code == http.StatusOK {
		var p map[string]any
		if err := json.Unmarshal(out, &p); err != nil {
			t.Fatal(err)
		}
		return liveAnswer{admitted: true, pod: clustertest.Normalise(p)}
	}
	var status struct {
		Message string `json:"message"`
		Reason  string `json:"reason"`
		Details struct {
			Causes []struct {
				Field   string `json:"field"`
				Message string `json:"message"`
			} `json:"causes"`
		} `json:"details"`
	}
	if err := json.Unmarshal(out, &status); err != nil {
		t.Fatalf("%d %s", code, out)
	}
	a := liveAnswer{message: status.Message}
	switch {
	case status.Reason == "Invalid":
		a.class = "invalid"
		for _, c := range status.Details.Causes {
			a.causes = append(a.causes, c.Field+": "+c.Message)
		}
	case status.Reason == "Forbidden":
		a.class = "forbidden"
	case strings.Contains(status.Message, "strict decoding error"):
		a.class = "strict-decoding"
	default:
		a.class = "other"
	}
	return a
}

// TestLiveModel sends, for every stored case, the pod the model says the
// webhook makes (or the pod as written, where the webhook is not reached)
// to the server, and compares the server's answer with the model's: the
// decision, the class of a refusal, every validation error, and the stored
// pod, in the server's order.
func TestLiveModel(t *testing.T) {
	server := connect(t)
	var runs, agree, pods int
	for _, c := range loadStoredCases(t) {
		if c.record.Create.Class == "strict-decoding" {
			continue // unknown fields: the model is typed
		}
		id := c.set + "/" + c.name
		pds := podDefaultsOf(t, c)
		pod := readPods(t, filepath.Join(c.dir, "pod.yaml"))[0]
		out, err := cluster.Create(pod, c.meta.Namespace, pds, cluster.Options{})
		if err != nil {
			t.Errorf("%s: %v", id, err)
			continue
		}
		var send *corev1.Pod
		var want *cluster.Outcome
		switch {
		case out.Patched != nil:
			// what the server does after the webhook is what it does with
			// a new pod: the model must agree with itself on that
			send = out.Patched
			want, err = cluster.Create(send, c.meta.Namespace, nil, cluster.Options{Webhook: cluster.WebhookSkipped})
			if err != nil {
				t.Errorf("%s: the webhook's pod: %v", id, err)
				continue
			}
			if d := sameOutcome(out, want); d != "" {
				t.Errorf("%s: the webhook's pod, created anew, differs from the pod the webhook made: %s", id, d)
			}
		case out.Sent == nil:
			send, want = pod, out // refused before the webhook
		default:
			continue // the webhook refused it: only the stored answers know
		}
		server.prepare(t, c.meta.Namespace, serviceAccountsOf(send, pds))
		body, _ := json.Marshal(send)
		got := server.create(t, c.meta.Namespace, body)
		runs++
		if d := compareLive(got, want); d != "" {
			t.Errorf("%s: %s", id, d)
			continue
		}
		agree++
		if got.admitted {
			pods++
		}
	}
	t.Logf("the server agrees with the model on %d of %d pods (%d admitted, equal in content and order)", agree, runs, pods)
	if runs == 0 {
		t.Error("no case was sent")
	}
}

// TestLivePreview runs the podctl binary as users do. For every stored
// case: the pod podctl preview shows for pod.yaml equals the server's answer
// for the pod the model's webhook makes; the pod apply-defaults
// --mark-excluded writes is admitted by the server exactly as podctl
// preview shows it; and apply-defaults refuses (exit 3) exactly the pods
// the server finds invalid.
func TestLivePreview(t *testing.T) {
	server := connect(t)
	bin := testbin.Podctl(t)
	var runs, agree, inputErrors int
	for _, c := range loadStoredCases(t) {
		if c.record.Create.Class == "strict-decoding" || len(c.record.Setup) > 0 {
			continue // podctl refuses the inputs themselves (exit 2)
		}
		id := c.set + "/" + c.name
		ns := c.meta.Namespace
		pds := podDefaultsOf(t, c)
		pod := readPods(t, filepath.Join(c.dir, "pod.yaml"))[0]
		if name := pod.Spec.PriorityClassName; name != "" && !strings.HasPrefix(name, "system-") {
			continue // podctl takes a PriorityClass a manifest names to exist; this server has none
		}
		podFile := filepath.Join(c.dir, "pod.yaml")
		pdFile := filepath.Join(c.dir, "poddefaults.yaml")
		out, err := cluster.Create(pod, ns, pds, cluster.Options{})
		if err != nil {
			t.Errorf("%s: %v", id, err)
			continue
		}
		server.prepare(t, ns, serviceAccountsOf(pod, pds))
		runs++
		ok := true
		fail := func(format string, args ...any) {
			t.Errorf("%s: "+format, append([]any{id}, args...)...)
			ok = false
		}

		// 1. preview of the pod as written, against the server's answer for
		// the webhook's pod
		preview, err := previewOf(bin, podFile, pdFile, ns)
		if err != nil {
			if errors.Is(err, errInput) {
				inputErrors++
				continue
			}
			fail("preview: %v", err)
			continue
		}
		if out.Patched != nil {
			body, _ := json.Marshal(out.Patched)
			got := server.create(t, ns, body)
			if d := comparePreview(got, preview); d != "" {
				fail("preview of pod.yaml: %s", d)
			}
		}

		// 2. apply-defaults refuses exactly the pods the server refuses for
		// a reason of its own (not the webhook's denial)
		code, _, stderr := runPodctl(bin, "apply-defaults", "-f", podFile, "-d", pdFile, "-n", ns)
		const serverRefuses = "the API server would refuse the pod: "
		if out.Refusal != nil && out.Refusal.Reason != cluster.ReasonWebhookDenied {
			if code != 3 || !strings.Contains(stderr, serverRefuses) || !mentionsEvery(stderr, out.Refusal) {
				fail("the server refuses the pod (%s), apply-defaults exits %d: %s", out.Refusal.Message, code, stderr)
			}
		} else if strings.Contains(stderr, serverRefuses) {
			fail("apply-defaults says the server refuses the pod, the model does not: %s", stderr)
		}

		// 3. --mark-excluded output: the server admits it as preview shows it
		code, marked, stderr := runPodctl(bin, "apply-defaults", "--mark-excluded", "-f", podFile, "-d", pdFile, "-n", ns)
		if code == 0 {
			file := filepath.Join(t.TempDir(), "marked.yaml")
			if err := os.WriteFile(file, []byte(marked), 0o644); err != nil {
				t.Fatal(err)
			}
			body, err := yaml.YAMLToJSON([]byte(marked))
			if err != nil {
				fail("the --mark-excluded output is not one YAML document: %v", err)
				continue
			}
			got := server.create(t, ns, body)
			again, err := previewOf(bin, file, pdFile, ns)
			if err != nil {
				fail("preview of the --mark-excluded output: %v", err)
				continue
			}
			if d := comparePreview(got, again); d != "" {
				fail("the --mark-excluded output: %s", d)
			}
		} else if code != 3 {
			fail("apply-defaults --mark-excluded exits %d: %s", code, stderr)
		}
		if ok {
			agree++
		}
	}
	t.Logf("podctl preview and apply-defaults agree with the server on %d of %d cases (%d more: podctl refuses the input)", agree, runs-inputErrors, inputErrors)
	if runs == 0 {
		t.Error("no case was run")
	}
}

// previewOf runs podctl preview on one pod; the pod it returns is
// normalised, without podctl's own annotations, and refused says why the
// cluster would refuse it.
type previewed struct {
	pod     map[string]any
	refused string
}

// errInput is podctl refusing its input (exit 2), as for a PodDefault
// value that YAML reads as a boolean.
var errInput = errors.New("podctl refuses the input")

func previewOf(bin, podFile, pdFile, ns string) (previewed, error) {
	code, stdout, stderr := runPodctl(bin, "preview", "-o", "json", "-f", podFile, "-d", pdFile, "-n", ns)
	if code == 2 {
		return previewed{}, fmt.Errorf("%w: %s", errInput, stderr)
	}
	if code != 0 && code != 3 {
		return previewed{}, fmt.Errorf("exit %d: %s", code, stderr)
	}
	var list struct {
		Items []map[string]any `json:"items"`
	}
	if err := json.Unmarshal([]byte(stdout), &list); err != nil {
		return previewed{}, err
	}
	if len(list.Items) != 1 {
		return previewed{}, fmt.Errorf("%d pods in the preview", len(list.Items))
	}
	p := list.Items[0]
	var out previewed
	if md, _ := p["metadata"].(map[string]any); md != nil {
		if ann, _ := md["annotations"].(map[string]any); ann != nil {
			out.refused, _ = ann["preview.podctl.dev/refused"].(string)
			for k := range ann {
				if strings.HasPrefix(k, "preview.podctl.dev/") {
					delete(ann, k)
				}
			}
			if len(ann) == 0 {
				delete(md, "annotations")
			}
		}
	}
	out.pod = clustertest.Normalise(p)
	return out, nil
}

func runPodctl(bin string, args ...string) (int, string, string) {
	cmd := exec.Command(bin, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		code = -1
		stderr.WriteString(err.Error())
	}
	return code, stdout.String(), strings.TrimSpace(stderr.String())
}

// compareLive compares the server's answer with the model's outcome.
func compareLive(got liveAnswer, want *cluster.Outcome) string {
	if got.admitted != want.Admitted() {
		if got.admitted {
			return "the server admits the pod, the model refuses it: " + want.Refusal.Message
		}
		return fmt.Sprintf("the server refuses the pod (%s: %s), the model admits it", got.class, got.message)
	}
	if !got.admitted {
		if c := classOf[want.Refusal.Reason]; c != got.class {
			return fmt.Sprintf("the server refuses as %s (%s), the model as %s (%s)", got.class, got.message, c, want.Refusal.Message)
		}
		if got.class == "invalid" {
			if w, m := sorted(got.causes), sorted(fieldErrors(want.Refusal)); strings.Join(w, "\n") != strings.Join(m, "\n") {
				return fmt.Sprintf("validation errors\nserver: %q\nmodel:  %q", w, m)
			}
		}
		return ""
	}
	if d := clustertest.DiffJSON(got.pod, clustertest.Normalise(want.Pod), ""); len(d) > 0 {
		return "the stored pods differ:\n" + strings.Join(d, "\n")
	}
	return ""
}

// comparePreview compares the server's answer with what podctl preview
// shows.
func comparePreview(got liveAnswer, p previewed) string {
	switch {
	case got.admitted && p.refused != "":
		return "the server admits the pod, preview says it is refused: " + p.refused
	case !got.admitted && p.refused == "":
		return fmt.Sprintf("the server refuses the pod (%s: %s), preview shows it admitted", got.class, got.message)
	case !got.admitted:
		return ""
	}
	if d := clustertest.DiffJSON(got.pod, p.pod, ""); len(d) > 0 {
		return "the server's pod and the preview differ:\n" + strings.Join(d, "\n")
	}
	return ""
}

// sameOutcome compares two outcomes of the model: decision and pod.
func sameOutcome(a, b *cluster.Outcome) string {
	if a.Admitted() != b.Admitted() {
		return fmt.Sprintf("admitted %v, then %v", a.Admitted(), b.Admitted())
	}
	if !a.Admitted() {
		// the server walks maps (labels, annotations) in random order, so
		// the order of their errors varies
		if x, y := refusalCauses(a.Refusal), refusalCauses(b.Refusal); x != y {
			return fmt.Sprintf("refused %q, then %q", x, y)
		}
		return ""
	}
	if d := clustertest.DiffJSON(clustertest.Normalise(a.Pod), clustertest.Normalise(b.Pod), ""); len(d) > 0 {
		return strings.Join(d, "\n")
	}
	return ""
}

// serviceAccountsOf names the ServiceAccounts the pod or a PodDefault names.
func serviceAccountsOf(pod *corev1.Pod, pds []poddefault.PodDefault) []string {
	out := []string{pod.Spec.ServiceAccountName, pod.Spec.DeprecatedServiceAccount}
	for _, pd := range pds {
		out = append(out, pd.Spec.ServiceAccountName)
	}
	return out
}

// refusalCauses is a refusal's message, or its sorted validation errors.
func refusalCauses(r *cluster.Refusal) string {
	if len(r.Fields) == 0 {
		return r.Message
	}
	return strings.Join(sorted(fieldErrors(r)), "\n")
}

// mentionsEvery reports whether a message names every validation error of
// the refusal, or holds its message.
func mentionsEvery(msg string, r *cluster.Refusal) bool {
	if len(r.Fields) == 0 {
		return strings.Contains(msg, r.Message)
	}
	for _, e := range fieldErrors(r) {
		if !strings.Contains(msg, e) {
			return false
		}
	}
	return true
}
