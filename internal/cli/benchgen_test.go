package cli

import (
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"strings"
)

// The generator of the benchmark's input: a stream of manifests as a
// platform team's rendered charts look, and the PodDefaults of the team
// profiles. Everything comes from one seeded PCG, so the same size gives
// the same bytes on every machine and every run.

// benchSeed fixes the generated input of the benchmark and of the tests
// that borrow it.
const benchSeed = 20240611

// benchInput is one generated input, with what a correct run must produce.
type benchInput struct {
	Workloads   []byte // the multi-document stream given to -f
	PodDefaults []byte // the PodDefaults given to -d

	Docs         int // documents in Workloads
	WorkloadDocs int // documents with a pod template (Deployment, StatefulSet, Job, CronJob, Pod)
	Selected     int // pod templates that at least one PodDefault selects
	Markers      int // PodDefault applications: one marker annotation each in podctl's output
	Containers   int // containers of all pod templates: the kyaml baselines add one env var to each
	Defaults     int // PodDefaults in PodDefaults
}

// benchNamespaces are the profile namespaces that hold PodDefaults; the
// others hold workloads no PodDefault can select.
var (
	benchNamespaces      = []string{"team-ml", "team-data", "team-web", "platform", "research"}
	benchOtherNamespaces = []string{"monitoring", "ingress"}
)

// Every profile namespace has four PodDefaults. The first three have the
// same names everywhere, as Kubeflow profiles do; the fourth is a logging
// sidecar in the first three namespaces and proxy settings in the others.
// They never clash: every env var, volume, mount path, toleration key,
// label and annotation they add is theirs alone, and none of the generated
// workloads has them.
const (
	benchPDEnv = iota
	benchPDToken
	benchPDScheduling
	benchPDFourth
)

// benchCombos are the sets of PodDefaults (by the indexes above) that one
// pod template asks for. A sidecar is only combined with PodDefaults that
// leave the pod's containers alone: the webhook's JSON patch breaks pods
// whose containers change while a sidecar is added, and podctl would warn
// about each of them (a case the conformance tests cover, not this one).
var (
	benchCombosSidecar = [][]int{
		{benchPDEnv}, {benchPDToken}, {benchPDScheduling},
		{benchPDEnv, benchPDToken}, {benchPDEnv, benchPDScheduling}, {benchPDToken, benchPDScheduling},
		{benchPDEnv, benchPDToken, benchPDScheduling},
		{benchPDFourth}, {benchPDFourth, benchPDScheduling},
	}
	benchCombosProxy = [][]int{
		{benchPDEnv}, {benchPDToken}, {benchPDScheduling}, {benchPDFourth},
		{benchPDEnv, benchPDToken}, {benchPDEnv, benchPDFourth}, {benchPDToken, benchPDScheduling},
		{benchPDEnv, benchPDToken, benchPDScheduling, benchPDFourth},
		{benchPDFourth, benchPDScheduling},
	}
)

func benchHasSidecar(nsIndex int) bool { return nsIndex < 3 }

func benchDefaultName(nsIndex, which int) string {
	switch which {
	case benchPDEnv:
		return "shared-env"
	case benchPDToken:
		return "kfp-api-token"
	case benchPDScheduling:
		return "dedicated-nodes"
	}
	if benchHasSidecar(nsIndex) {
		return "log-shipper"
	}
	return "egress-proxy"
}

func benchSelectorLabel(nsIndex, which int) string {
	return "poddefaults.example.com/" + benchDefaultName(nsIndex, which)
}

// upper turns "team-ml" into "TEAM_ML".
func benchUpper(s string) string { return strings.ToUpper(strings.ReplaceAll(s, "-", "_")) }

// generateBenchInput writes docs documents: about 60% workloads
// (Deployments, StatefulSets, Jobs, CronJobs, Pods, each with two
// containers), the rest Services, ConfigMaps and Secrets; about a third of
// the pod templates ask for one to four PodDefaults of their namespace.
func generateBenchInput(docs int, seed uint64) *benchInput {
	g := &benchGen{rnd: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), in: &benchInput{Docs: docs}}
	g.in.PodDefaults = g.podDefaults()
	var w strings.Builder
	w.Grow(docs * 1800)
	for i := 0; i < docs; i++ {
		if i > 0 {
			w.WriteString("---\n")
		}
		g.doc(&w, i)
	}
	g.in.Workloads = []byte(w.String())
	return g.in
}

type benchGen struct {
	rnd *rand.Rand
	in  *benchInput
	// wide: sequences indented under their key ("  - a"), as kubectl
	// prints them; otherwise compact ("- a"), as most charts do.
	wide bool
}

// seq is the indentation of the items of a sequence whose key is at pad.
func (g *benchGen) seq(pad string) string {
	if g.wide {
		return pad + "  "
	}
	return pad
}

func (g *benchGen) pick(xs ...string) string { return xs[g.rnd.IntN(len(xs))] }

func benchLine(w *strings.Builder, pad, format string, args ...any) {
	w.WriteString(pad)
	fmt.Fprintf(w, format, args...)
	w.WriteByte('\n')
}

var benchApps = []string{"model-server", "feature-store", "ingest", "trainer", "api-gateway", "billing",
	"search", "recommender", "etl", "notebook", "dashboard", "auth", "scheduler", "exporter", "cache-warmer"}

func (g *benchGen) doc(w *strings.Builder, i int) {
	g.wide = g.rnd.IntN(4) == 0
	nsIndex := -1
	var ns string
	if g.rnd.IntN(10) == 0 {
		ns = benchOtherNamespaces[g.rnd.IntN(len(benchOtherNamespaces))]
	} else {
		nsIndex = g.rnd.IntN(len(benchNamespaces))
		ns = benchNamespaces[nsIndex]
	}
	app := fmt.Sprintf("%s-%05d", benchApps[g.rnd.IntN(len(benchApps))], i)
	r := g.rnd.IntN(100)
	switch {
	case r < 25:
		g.workload(w, "Deployment", app, ns, nsIndex)
	case r < 35:
		g.workload(w, "StatefulSet", app, ns, nsIndex)
	case r < 45:
		g.workload(w, "Job", app, ns, nsIndex)
	case r < 53:
		g.workload(w, "CronJob", app, ns, nsIndex)
	case r < 60:
		g.workload(w, "Pod", app, ns, nsIndex)
	case r < 78:
		g.service(w, app, ns)
	case r < 92:
		g.configMap(w, app, ns)
	default:
		g.secret(w, app, ns)
	}
}

func (g *benchGen) header(w *strings.Builder, app, file string) {
	benchLine(w, "", "# Source: %s/templates/%s", strings.SplitN(app, "-0", 2)[0], file)
	if g.rnd.IntN(3) == 0 {
		benchLine(w, "", "# Managed by the platform team; edit values.yaml, not this file.")
	}
}

func (g *benchGen) metadata(w *strings.Builder, pad, app, ns string) {
	benchLine(w, pad, "metadata:")
	benchLine(w, pad, "  name: %s", app)
	benchLine(w, pad, "  namespace: %s", ns)
	benchLine(w, pad, "  labels:")
	benchLine(w, pad, "    app.kubernetes.io/name: %s", app)
	benchLine(w, pad, "    app.kubernetes.io/part-of: %s", ns)
	benchLine(w, pad, "    app.kubernetes.io/managed-by: Helm")
	if g.rnd.IntN(2) == 0 {
		benchLine(w, pad, "  annotations:")
		benchLine(w, pad, "    meta.helm.sh/release-name: %s", app)
		benchLine(w, pad, "    meta.helm.sh/release-namespace: %s", ns)
	}
}

// workload writes one object with a pod template.
func (g *benchGen) workload(w *strings.Builder, kind, app, ns string, nsIndex int) {
	in := g.in
	in.WorkloadDocs++
	g.header(w, app, strings.ToLower(kind)+".yaml")
	switch kind {
	case "Job", "CronJob":
		benchLine(w, "", "apiVersion: batch/v1")
	case "Pod":
		benchLine(w, "", "apiVersion: v1")
	default:
		benchLine(w, "", "apiVersion: apps/v1")
	}
	benchLine(w, "", "kind: %s", kind)
	if kind == "Pod" {
		g.template(w, "", app, ns, nsIndex, kind)
		return
	}
	g.metadata(w, "", app, ns)
	benchLine(w, "", "spec:")
	switch kind {
	case "Deployment", "StatefulSet":
		benchLine(w, "  ", "replicas: %d  # tuned by the HPA in production", 1+g.rnd.IntN(5))
		if kind == "StatefulSet" {
			benchLine(w, "  ", "serviceName: %s", app)
		}
		benchLine(w, "  ", "selector:")
		benchLine(w, "  ", "  matchLabels:")
		benchLine(w, "  ", "    app.kubernetes.io/name: %s", app)
		if kind == "Deployment" {
			benchLine(w, "  ", "strategy:")
			benchLine(w, "  ", "  type: RollingUpdate")
			benchLine(w, "  ", "  rollingUpdate: {maxSurge: 25%%, maxUnavailable: 0}")
		}
		benchLine(w, "  ", "template:")
		g.template(w, "    ", app, ns, nsIndex, kind)
		if kind == "StatefulSet" {
			benchLine(w, "  ", "volumeClaimTemplates:")
			p := g.seq("  ")
			benchLine(w, p, "- metadata:")
			benchLine(w, p, "    name: data")
			benchLine(w, p, "  spec:")
			benchLine(w, p, "    accessModes: [ReadWriteOnce]")
			benchLine(w, p, "    storageClassName: fast-ssd")
			benchLine(w, p, "    resources:")
			benchLine(w, p, "      requests:")
			benchLine(w, p, "        storage: %dGi", 10*(1+g.rnd.IntN(20)))
		}
	case "Job":
		benchLine(w, "  ", "backoffLimit: %d", g.rnd.IntN(6))
		benchLine(w, "  ", "ttlSecondsAfterFinished: 86400")
		benchLine(w, "  ", "template:")
		g.template(w, "    ", app, ns, nsIndex, kind)
	case "CronJob":
		benchLine(w, "  ", "schedule: %q  # UTC", fmt.Sprintf("%d %d * * *", g.rnd.IntN(60), g.rnd.IntN(24)))
		benchLine(w, "  ", "concurrencyPolicy: Forbid")
		benchLine(w, "  ", "successfulJobsHistoryLimit: 3")
		benchLine(w, "  ", "jobTemplate:")
		benchLine(w, "  ", "  spec:")
		benchLine(w, "  ", "    backoffLimit: 2")
		benchLine(w, "  ", "    template:")
		g.template(w, "        ", app, ns, nsIndex, kind)
	}
}

// template writes a pod template's metadata and spec at pad (a Pod's
// metadata and spec at the top level).
func (g *benchGen) template(w *strings.Builder, pad, app, ns string, nsIndex int, kind string) {
	in := g.in
	var combo []int
	if nsIndex >= 0 && g.rnd.IntN(100) < 37 {
		combos := benchCombosProxy
		if benchHasSidecar(nsIndex) {
			combos = benchCombosSidecar
		}
		combo = combos[g.rnd.IntN(len(combos))]
		in.Selected++
		in.Markers += len(combo)
	}
	benchLine(w, pad, "metadata:")
	if kind == "Pod" {
		benchLine(w, pad, "  name: %s", app)
		benchLine(w, pad, "  namespace: %s", ns)
	}
	benchLine(w, pad, "  labels:")
	benchLine(w, pad, "    app.kubernetes.io/name: %s", app)
	benchLine(w, pad, "    app.kubernetes.io/version: \"%d.%d.%d\"", 1+g.rnd.IntN(3), g.rnd.IntN(20), g.rnd.IntN(10))
	for _, which := range combo {
		benchLine(w, pad, "    %s: \"true\"", benchSelectorLabel(nsIndex, which))
	}
	if g.rnd.IntN(2) == 0 {
		benchLine(w, pad, "  annotations:")
		benchLine(w, pad, "    prometheus.io/scrape: \"true\"")
		benchLine(w, pad, "    prometheus.io/port: \"9090\"")
	}
	benchLine(w, pad, "spec:")
	p := pad + "  "
	switch kind {
	case "Job", "CronJob":
		benchLine(w, p, "restartPolicy: %s", g.pick("Never", "OnFailure"))
	default:
		benchLine(w, p, "serviceAccountName: %s", app)
		benchLine(w, p, "terminationGracePeriodSeconds: 30")
	}
	benchLine(w, p, "securityContext:")
	benchLine(w, p, "  runAsNonRoot: true")
	benchLine(w, p, "  fsGroup: 2000")
	if g.rnd.IntN(5) == 0 {
		benchLine(w, p, "tolerations:")
		benchLine(w, g.seq(p), "- key: node.kubernetes.io/not-ready")
		benchLine(w, g.seq(p), "  operator: Exists")
		benchLine(w, g.seq(p), "  effect: NoExecute")
		benchLine(w, g.seq(p), "  tolerationSeconds: 300")
	}
	benchLine(w, p, "containers:")
	g.container(w, g.seq(p), app, ns, true)
	g.container(w, g.seq(p), app, ns, false)
	in.Containers += 2
	benchLine(w, p, "volumes:")
	s := g.seq(p)
	benchLine(w, s, "- name: config")
	benchLine(w, s, "  configMap:")
	benchLine(w, s, "    name: %s-config", app)
	benchLine(w, s, "- name: tmp")
	benchLine(w, s, "  emptyDir: {}  # scratch space, lost on restart")
	if kind != "StatefulSet" {
		benchLine(w, s, "- name: data")
		benchLine(w, s, "  emptyDir:")
		benchLine(w, s, "    sizeLimit: 1Gi")
	}
}

// container writes one container as a sequence item at pad: the main one,
// or a metrics sidecar of the chart.
func (g *benchGen) container(w *strings.Builder, pad, app, ns string, main bool) {
	name, image, port, portName := "app", fmt.Sprintf("registry.example.com/%s/%s:%d.%d.%d", ns, strings.SplitN(app, "-0", 2)[0], 1+g.rnd.IntN(3), g.rnd.IntN(20), g.rnd.IntN(10)), 8080, "http"
	if !main {
		name, image, port, portName = g.pick("metrics-exporter", "log-forwarder", "config-reloader"), "quay.io/prometheus/statsd-exporter:v0.26.1", 9090, "metrics"
	}
	benchLine(w, pad, "- name: %s", name)
	p := pad + "  "
	benchLine(w, p, "image: %s", image)
	benchLine(w, p, "imagePullPolicy: IfNotPresent")
	if main {
		benchLine(w, p, "args: [\"--port=%d\", \"--log-level=%s\", \"--config=/etc/app/config.yaml\"]", port, g.pick("info", "debug", "warn"))
	} else {
		benchLine(w, p, "args:")
		benchLine(w, g.seq(p), "- --web.listen-address=:%d", port)
		benchLine(w, g.seq(p), "- --statsd.mapping-config=/etc/app/statsd.yaml")
	}
	benchLine(w, p, "ports:")
	benchLine(w, g.seq(p), "- name: %s", portName)
	benchLine(w, g.seq(p), "  containerPort: %d", port)
	benchLine(w, g.seq(p), "  protocol: TCP")
	benchLine(w, p, "env:")
	s := g.seq(p)
	benchLine(w, s, "- name: APP_NAME")
	benchLine(w, s, "  value: %s", app)
	benchLine(w, s, "- name: LOG_FORMAT")
	benchLine(w, s, "  value: json  # parsed by the log pipeline")
	benchLine(w, s, "- name: POD_IP")
	benchLine(w, s, "  valueFrom:")
	benchLine(w, s, "    fieldRef:")
	benchLine(w, s, "      fieldPath: status.podIP")
	if main {
		benchLine(w, s, "- name: DATABASE_PASSWORD")
		benchLine(w, s, "  valueFrom:")
		benchLine(w, s, "    secretKeyRef:")
		benchLine(w, s, "      name: %s-db", app)
		benchLine(w, s, "      key: password")
		benchLine(w, s, "- name: GOMAXPROCS")
		benchLine(w, s, "  valueFrom:")
		benchLine(w, s, "    resourceFieldRef: {resource: limits.cpu, divisor: \"1\"}")
		benchLine(w, s, "- name: FEATURE_FLAGS")
		benchLine(w, s, "  value: \"%s\"", g.pick("a,b", "b,c,d", "", "all"))
	}
	cpu := 50 * (1 + g.rnd.IntN(20))
	mem := 64 * (1 + g.rnd.IntN(32))
	benchLine(w, p, "resources:")
	benchLine(w, p, "  requests:")
	benchLine(w, p, "    cpu: %dm", cpu)
	benchLine(w, p, "    memory: %dMi", mem)
	benchLine(w, p, "  limits:")
	benchLine(w, p, "    cpu: %dm", 2*cpu)
	benchLine(w, p, "    memory: %dMi", 2*mem)
	benchLine(w, p, "livenessProbe:")
	benchLine(w, p, "  httpGet:")
	benchLine(w, p, "    path: /healthz")
	benchLine(w, p, "    port: %s", portName)
	benchLine(w, p, "  initialDelaySeconds: %d", 5*(1+g.rnd.IntN(6)))
	benchLine(w, p, "  periodSeconds: 10")
	benchLine(w, p, "  failureThreshold: 3")
	benchLine(w, p, "readinessProbe:")
	benchLine(w, p, "  httpGet: {path: /ready, port: %s}", portName)
	benchLine(w, p, "  periodSeconds: 5")
	benchLine(w, p, "securityContext:")
	benchLine(w, p, "  allowPrivilegeEscalation: false")
	benchLine(w, p, "  readOnlyRootFilesystem: true")
	benchLine(w, p, "  capabilities: {drop: [ALL]}")
	benchLine(w, p, "volumeMounts:")
	s = g.seq(p)
	benchLine(w, s, "- name: config")
	benchLine(w, s, "  mountPath: /etc/app")
	benchLine(w, s, "  readOnly: true")
	benchLine(w, s, "- name: tmp")
	benchLine(w, s, "  mountPath: /tmp")
	if main {
		benchLine(w, s, "- name: data")
		benchLine(w, s, "  mountPath: /var/lib/%s", app)
	}
}

func (g *benchGen) service(w *strings.Builder, app, ns string) {
	g.header(w, app, "service.yaml")
	benchLine(w, "", "apiVersion: v1")
	benchLine(w, "", "kind: Service")
	g.metadata(w, "", app, ns)
	benchLine(w, "", "spec:")
	benchLine(w, "", "  type: %s", g.pick("ClusterIP", "ClusterIP", "ClusterIP", "LoadBalancer"))
	benchLine(w, "", "  selector:")
	benchLine(w, "", "    app.kubernetes.io/name: %s", app)
	benchLine(w, "", "  ports:")
	s := g.seq("  ")
	benchLine(w, s, "- name: http")
	benchLine(w, s, "  port: 80")
	benchLine(w, s, "  targetPort: http  # the container's named port")
	benchLine(w, s, "  protocol: TCP")
	benchLine(w, s, "- name: metrics")
	benchLine(w, s, "  port: 9090")
	benchLine(w, s, "  targetPort: metrics")
}

func (g *benchGen) configMap(w *strings.Builder, app, ns string) {
	g.header(w, app, "configmap.yaml")
	benchLine(w, "", "apiVersion: v1")
	benchLine(w, "", "kind: ConfigMap")
	g.metadata(w, "", strings.Replace(app, "-0", "-config-0", 1), ns)
	benchLine(w, "", "data:")
	benchLine(w, "", "  LOG_LEVEL: %s", g.pick("info", "debug"))
	benchLine(w, "", "  MAX_WORKERS: \"%d\"", 1+g.rnd.IntN(64))
	benchLine(w, "", "  config.yaml: |")
	benchLine(w, "", "    # application settings")
	benchLine(w, "", "    server:")
	benchLine(w, "", "      port: 8080")
	benchLine(w, "", "      readTimeout: %ds", 5+g.rnd.IntN(55))
	benchLine(w, "", "    storage:")
	benchLine(w, "", "      bucket: s3://%s-%s", ns, app)
	benchLine(w, "", "      region: %s", g.pick("eu-west-1", "us-east-1", "ap-south-1"))
	benchLine(w, "", "    features:")
	for j, n := 0, 2+g.rnd.IntN(5); j < n; j++ {
		benchLine(w, "", "      - flag-%d", g.rnd.IntN(1000))
	}
	benchLine(w, "", "  statsd.yaml: |")
	benchLine(w, "", "    mappings:")
	benchLine(w, "", "      - match: \"%s.*.requests\"", strings.ReplaceAll(app, "-", "_"))
	benchLine(w, "", "        name: requests_total")
}

func (g *benchGen) secret(w *strings.Builder, app, ns string) {
	g.header(w, app, "secret.yaml")
	benchLine(w, "", "apiVersion: v1")
	benchLine(w, "", "kind: Secret")
	g.metadata(w, "", app+"-db", ns)
	benchLine(w, "", "type: Opaque")
	benchLine(w, "", "data:")
	for _, k := range []string{"username", "password", "connection-string"} {
		b := make([]byte, 12+g.rnd.IntN(48))
		for j := range b {
			b[j] = byte(g.rnd.UintN(256))
		}
		benchLine(w, "", "  %s: %s", k, base64.StdEncoding.EncodeToString(b))
	}
}

// podDefaults writes the twenty PodDefaults, four per profile namespace.
func (g *benchGen) podDefaults() []byte {
	var w strings.Builder
	benchLine(&w, "", "# PodDefaults of the team profiles, as `kubectl get poddefaults -A -o yaml` would list them,")
	benchLine(&w, "", "# one document each.")
	for k, ns := range benchNamespaces {
		for which := benchPDEnv; which <= benchPDFourth; which++ {
			if k > 0 || which > 0 {
				w.WriteString("---\n")
			}
			g.in.Defaults++
			g.podDefault(&w, k, ns, which)
		}
	}
	return []byte(w.String())
}

func (g *benchGen) podDefault(w *strings.Builder, k int, ns string, which int) {
	name := benchDefaultName(k, which)
	NS := benchUpper(ns)
	benchLine(w, "", "apiVersion: kubeflow.org/v1alpha1")
	benchLine(w, "", "kind: PodDefault")
	benchLine(w, "", "metadata:")
	benchLine(w, "", "  name: %s", name)
	benchLine(w, "", "  namespace: %s", ns)
	benchLine(w, "", "spec:")
	benchLine(w, "", "  selector:")
	benchLine(w, "", "    matchLabels:")
	benchLine(w, "", "      %s: \"true\"", benchSelectorLabel(k, which))
	switch {
	case which == benchPDEnv:
		benchLine(w, "", "  desc: \"Shared settings of %s\"", ns)
		benchLine(w, "", "  env:")
		benchLine(w, "", "    - name: %s_MLFLOW_TRACKING_URI", NS)
		benchLine(w, "", "      value: \"http://mlflow.%s.svc.cluster.local:5000\"", ns)
		benchLine(w, "", "    - name: %s_S3_ENDPOINT", NS)
		benchLine(w, "", "      value: \"https://minio.%s.svc.cluster.local:9000\"", ns)
		benchLine(w, "", "    - name: %s_API_TOKEN", NS)
		benchLine(w, "", "      valueFrom:")
		benchLine(w, "", "        secretKeyRef:")
		benchLine(w, "", "          name: %s-api", ns)
		benchLine(w, "", "          key: token")
		benchLine(w, "", "  annotations:")
		benchLine(w, "", "    poddefaults.example.com/shared-env-revision: \"%d\"", 1+k)
	case which == benchPDToken:
		benchLine(w, "", "  desc: \"Mount a serviceAccountToken to authenticate with Kubeflow Pipelines API\"")
		benchLine(w, "", "  env:")
		benchLine(w, "", "    - name: KF_PIPELINES_SA_TOKEN_PATH")
		benchLine(w, "", "      value: \"/var/run/secrets/kubeflow/pipelines/token\"")
		benchLine(w, "", "  volumeMounts:")
		benchLine(w, "", "    - mountPath: /var/run/secrets/kubeflow/pipelines")
		benchLine(w, "", "      name: volume-kf-pipeline-token")
		benchLine(w, "", "      readOnly: true")
		benchLine(w, "", "    - mountPath: /etc/ssl/%s-ca", ns)
		benchLine(w, "", "      name: volume-team-ca")
		benchLine(w, "", "      readOnly: true")
		benchLine(w, "", "  volumes:")
		benchLine(w, "", "    - name: volume-kf-pipeline-token")
		benchLine(w, "", "      projected:")
		benchLine(w, "", "        sources:")
		benchLine(w, "", "          - serviceAccountToken:")
		benchLine(w, "", "              path: token")
		benchLine(w, "", "              expirationSeconds: 7200")
		benchLine(w, "", "              audience: pipelines.kubeflow.org")
		benchLine(w, "", "    - name: volume-team-ca")
		benchLine(w, "", "      secret:")
		benchLine(w, "", "        secretName: %s-ca-bundle", ns)
		benchLine(w, "", "        defaultMode: 0444")
	case which == benchPDScheduling:
		benchLine(w, "", "  desc: \"Run on the nodes reserved for %s\"", ns)
		benchLine(w, "", "  tolerations:")
		benchLine(w, "", "    - key: dedicated.example.com/%s", ns)
		benchLine(w, "", "      operator: Equal")
		benchLine(w, "", "      value: \"true\"")
		benchLine(w, "", "      effect: NoSchedule")
		benchLine(w, "", "    - key: nvidia.com/gpu")
		benchLine(w, "", "      operator: Exists")
		benchLine(w, "", "      effect: NoSchedule")
		benchLine(w, "", "  labels:")
		benchLine(w, "", "    scheduling.example.com/pool: %s", ns)
		benchLine(w, "", "  annotations:")
		benchLine(w, "", "    cluster-autoscaler.kubernetes.io/safe-to-evict: \"false\"")
	case benchHasSidecar(k):
		benchLine(w, "", "  desc: \"Ship the pod's logs to the team's Loki\"")
		benchLine(w, "", "  sidecars:")
		benchLine(w, "", "    - name: log-shipper")
		benchLine(w, "", "      image: fluent/fluent-bit:3.1.9")
		benchLine(w, "", "      imagePullPolicy: IfNotPresent")
		benchLine(w, "", "      args: [\"--config=/fluent-bit/etc/fluent-bit.yaml\"]")
		benchLine(w, "", "      env:")
		benchLine(w, "", "        - name: LOKI_URL")
		benchLine(w, "", "          value: \"http://loki.%s.svc.cluster.local:3100\"", ns)
		benchLine(w, "", "      ports:")
		benchLine(w, "", "        - name: fb-metrics")
		benchLine(w, "", "          containerPort: 2020")
		benchLine(w, "", "      resources:")
		benchLine(w, "", "        requests: {cpu: 20m, memory: 32Mi}")
		benchLine(w, "", "        limits: {cpu: 100m, memory: 64Mi}")
		benchLine(w, "", "  annotations:")
		benchLine(w, "", "    poddefaults.example.com/log-shipper: \"loki.%s\"", ns)
		benchLine(w, "", "  labels:")
		benchLine(w, "", "    logging.example.com/shipped: \"true\"")
	default:
		benchLine(w, "", "  desc: \"Reach the internet through the egress proxy\"")
		benchLine(w, "", "  env:")
		benchLine(w, "", "    - name: HTTP_PROXY")
		benchLine(w, "", "      value: \"http://egress.%s.svc.cluster.local:3128\"", ns)
		benchLine(w, "", "    - name: HTTPS_PROXY")
		benchLine(w, "", "      value: \"http://egress.%s.svc.cluster.local:3128\"", ns)
		benchLine(w, "", "    - name: NO_PROXY")
		benchLine(w, "", "      value: \".svc,.cluster.local,10.0.0.0/8\"")
		benchLine(w, "", "  envFrom:")
		benchLine(w, "", "    - configMapRef:")
		benchLine(w, "", "        name: %s-proxy-settings", ns)
	}
}
