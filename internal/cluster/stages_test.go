package cluster_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"

	"github.com/podctl/podctl/internal/cluster"
	"github.com/podctl/podctl/internal/poddefault"
)

func pod(t *testing.T, y string) *corev1.Pod {
	t.Helper()
	p := &corev1.Pod{}
	if err := yaml.UnmarshalStrict([]byte(y), p); err != nil {
		t.Fatal(err)
	}
	return p
}

func asJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestRoundTrip(t *testing.T) {
	in := pod(t, `
metadata: {name: p, annotations: {}}
spec:
  containers:
  - name: c
    image: i
    command: []
    env: []
    resources: {limits: {cpu: "0.5", memory: 1048576}, requests: {}}
`)
	out, err := cluster.RoundTrip(in)
	if err != nil {
		t.Fatal(err)
	}
	c := out.Spec.Containers[0]
	if c.Command != nil || c.Env != nil || c.Resources.Requests != nil || out.Annotations != nil {
		t.Errorf("empty lists and maps survive: %s", asJSON(out))
	}
	if got := asJSON(c.Resources.Limits); got != `{"cpu":"500m","memory":"1048576"}` {
		t.Errorf("limits = %s, want canonical quantities", got)
	}
	if in.Spec.Containers[0].Command == nil {
		t.Error("RoundTrip changed its input")
	}
}

func TestConvert(t *testing.T) {
	p := pod(t, `
metadata: {annotations: {pod.beta.kubernetes.io/init-containers: "[]", keep: "me"}}
spec: {serviceAccount: old, terminationGracePeriodSeconds: -5, containers: [{name: c, image: i}]}
`)
	cluster.Convert(p)
	if p.Spec.ServiceAccountName != "old" || p.Spec.DeprecatedServiceAccount != "old" {
		t.Errorf("serviceAccount alias: %q %q", p.Spec.ServiceAccountName, p.Spec.DeprecatedServiceAccount)
	}
	if *p.Spec.TerminationGracePeriodSeconds != 1 {
		t.Errorf("negative grace period became %d, want 1", *p.Spec.TerminationGracePeriodSeconds)
	}
	if asJSON(p.Annotations) != `{"keep":"me"}` {
		t.Errorf("annotations = %v", p.Annotations)
	}
}

func TestDefault(t *testing.T) {
	p := pod(t, `
spec:
  hostNetwork: true
  volumes:
  - {name: none}
  - {name: s, secret: {secretName: s}}
  - {name: cm, configMap: {name: cm}}
  - {name: h, hostPath: {path: /x}}
  - {name: d, downwardAPI: {items: [{path: nm, fieldRef: {fieldPath: metadata.name}}]}}
  - name: pr
    projected:
      sources:
      - serviceAccountToken: {path: t}
      - downwardAPI: {items: [{path: nm, fieldRef: {fieldPath: metadata.name}}]}
  - {name: img, image: {reference: "registry.example/data:latest"}}
  initContainers:
  - {name: i, image: busybox}
  containers:
  - name: c
    image: nginx:1.27
    ports: [{containerPort: 80}]
    env: [{name: NAME, valueFrom: {fieldRef: {fieldPath: metadata.name}}}]
    resources: {limits: {cpu: "1", memory: 1Gi}}
    livenessProbe: {httpGet: {port: 80}}
    readinessProbe: {grpc: {port: 9000}}
    lifecycle: {preStop: {httpGet: {port: 80}}}
`)
	cluster.Default(p)
	want := map[string]string{
		"volumes":        `[{"name":"none","emptyDir":{}},{"name":"s","secret":{"secretName":"s","defaultMode":420}},{"name":"cm","configMap":{"name":"cm","defaultMode":420}},{"name":"h","hostPath":{"path":"/x","type":""}},{"name":"d","downwardAPI":{"items":[{"path":"nm","fieldRef":{"apiVersion":"v1","fieldPath":"metadata.name"}}],"defaultMode":420}},{"name":"pr","projected":{"sources":[{"serviceAccountToken":{"expirationSeconds":3600,"path":"t"}},{"downwardAPI":{"items":[{"path":"nm","fieldRef":{"apiVersion":"v1","fieldPath":"metadata.name"}}]}}],"defaultMode":420}},{"name":"img","image":{"reference":"registry.example/data:latest","pullPolicy":"Always"}}]`,
		"initContainers": `[{"name":"i","image":"busybox","resources":{},"terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File","imagePullPolicy":"Always"}]`,
		"containers":     `[{"name":"c","image":"nginx:1.27","ports":[{"hostPort":80,"containerPort":80,"protocol":"TCP"}],"env":[{"name":"NAME","valueFrom":{"fieldRef":{"apiVersion":"v1","fieldPath":"metadata.name"}}}],"resources":{"limits":{"cpu":"1","memory":"1Gi"},"requests":{"cpu":"1","memory":"1Gi"}},"livenessProbe":{"httpGet":{"path":"/","port":80,"scheme":"HTTP"},"timeoutSeconds":1,"periodSeconds":10,"successThreshold":1,"failureThreshold":3},"readinessProbe":{"grpc":{"port":9000,"service":""},"timeoutSeconds":1,"periodSeconds":10,"successThreshold":1,"failureThreshold":3},"lifecycle":{"preStop":{"httpGet":{"path":"/","port":80,"scheme":"HTTP"}}},"terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File","imagePullPolicy":"IfNotPresent"}]`,
	}
	got := map[string]string{
		"volumes":        asJSON(p.Spec.Volumes),
		"initContainers": asJSON(p.Spec.InitContainers),
		"containers":     asJSON(p.Spec.Containers),
	}
	for k := range want {
		if got[k] != want[k] {
			t.Errorf("%s:\n got %s\nwant %s", k, got[k], want[k])
		}
	}
	spec := p.Spec
	if spec.DNSPolicy != "ClusterFirst" || spec.RestartPolicy != "Always" || spec.SchedulerName != "default-scheduler" ||
		*spec.TerminationGracePeriodSeconds != 30 || spec.SecurityContext == nil || !*spec.EnableServiceLinks {
		t.Errorf("pod-level defaults missing: %s", asJSON(spec))
	}
}

func TestDefaultsTableNamesEveryRule(t *testing.T) {
	for _, d := range cluster.Defaults() {
		if d.Field == "" || d.Value == "" {
			t.Errorf("a default without field or value: %+v", d)
		}
		if _, ok := cluster.FeatureGates[d.Gate]; d.Gate != "" && !ok {
			t.Errorf("%s: gate %s is not in FeatureGates", d.Field, d.Gate)
		}
	}
}

func TestImagePullPolicy(t *testing.T) {
	for image, want := range map[string]corev1.PullPolicy{
		"nginx":                   corev1.PullAlways,
		"nginx:latest":            corev1.PullAlways,
		"nginx:1.27":              corev1.PullIfNotPresent,
		"localhost:5000/app":      corev1.PullAlways,
		"registry.io:443/a/b:1.0": corev1.PullIfNotPresent,
		"nginx@sha256:" + strings.Repeat("a", 64):        corev1.PullIfNotPresent,
		"nginx:latest@sha256:" + strings.Repeat("a", 64): corev1.PullAlways,
		"nginx@sha256:abc":                               corev1.PullIfNotPresent, // bad digest: no tag parsed
		"Nginx":                                          corev1.PullIfNotPresent, // uppercase: does not parse
		"":                                               corev1.PullIfNotPresent,
		"gcr.io/kubeflow-images-public/tensorflow-1.15.2-notebook-cpu:1.0.0": corev1.PullIfNotPresent,
	} {
		p := &corev1.Pod{Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "c", Image: image}}}}
		cluster.Default(p)
		if got := p.Spec.Containers[0].ImagePullPolicy; got != want {
			t.Errorf("%q: %s, want %s", image, got, want)
		}
	}
}

func TestAdmitServiceAccount(t *testing.T) {
	no := false
	for _, tc := range []struct {
		name, pod string
		opt       cluster.Options
		want      string // volumes, then each container's mounts
		err       string
	}{
		{name: "plain pod", pod: `{metadata: {name: p, namespace: ns}, spec: {initContainers: [{name: i}], containers: [{name: c}]}}`,
			want: "kube-api-access-xxxxx | i: kube-api-access-xxxxx@/var/run/secrets/kubernetes.io/serviceaccount(ro) | c: kube-api-access-xxxxx@/var/run/secrets/kubernetes.io/serviceaccount(ro)"},
		{name: "automount off in the pod", pod: `{metadata: {name: p, namespace: ns}, spec: {automountServiceAccountToken: false, containers: [{name: c}]}}`,
			want: " | c: "},
		{name: "automount off in the ServiceAccount", pod: `{metadata: {name: p, namespace: ns}, spec: {containers: [{name: c}]}}`,
			opt:  cluster.Options{ServiceAccounts: map[string]cluster.ServiceAccount{"default": {AutomountServiceAccountToken: &no}}},
			want: " | c: "},
		{name: "own mount at the token path", pod: `{metadata: {name: p, namespace: ns}, spec: {volumes: [{name: t, emptyDir: {}}], containers: [{name: c, volumeMounts: [{name: t, mountPath: /var/run/secrets/kubernetes.io/serviceaccount}]}, {name: d}]}}`,
			want: "t,kube-api-access-xxxxx | c: t@/var/run/secrets/kubernetes.io/serviceaccount | d: kube-api-access-xxxxx@/var/run/secrets/kubernetes.io/serviceaccount(ro)"},
		{name: "a token volume is reused", pod: `{metadata: {name: p, namespace: ns}, spec: {volumes: [{name: kube-api-access-abcde, emptyDir: {}}], containers: [{name: c}]}}`,
			want: "kube-api-access-abcde | c: kube-api-access-abcde@/var/run/secrets/kubernetes.io/serviceaccount(ro)"},
		{name: "missing ServiceAccount", pod: `{metadata: {name: p, namespace: ns}, spec: {serviceAccountName: robot, containers: [{name: c}]}}`,
			opt: cluster.Options{ServiceAccounts: map[string]cluster.ServiceAccount{"default": {}}},
			err: `pods "p" is forbidden: error looking up service account ns/robot: serviceaccount "robot" not found`},
		{name: "mirror pod", pod: `{metadata: {name: p, namespace: ns, annotations: {kubernetes.io/config.mirror: x}}, spec: {containers: [{name: c}]}}`,
			want: " | c: "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := pod(t, tc.pod)
			err := cluster.AdmitServiceAccount(p, tc.opt)
			if tc.err != "" || err != nil {
				if err == nil || err.Error() != tc.err {
					t.Fatalf("error %v, want %s", err, tc.err)
				}
				return
			}
			if got := mountSummary(p); got != tc.want {
				t.Errorf("\n got %s\nwant %s", got, tc.want)
			}
		})
	}
}

func mountSummary(p *corev1.Pod) string {
	var vols []string
	for _, v := range p.Spec.Volumes {
		vols = append(vols, v.Name)
	}
	parts := []string{strings.Join(vols, ",")}
	for _, cs := range [][]corev1.Container{p.Spec.InitContainers, p.Spec.Containers} {
		for _, c := range cs {
			var ms []string
			for _, m := range c.VolumeMounts {
				s := m.Name + "@" + m.MountPath
				if m.ReadOnly {
					s += "(ro)"
				}
				ms = append(ms, s)
			}
			parts = append(parts, c.Name+": "+strings.Join(ms, ","))
		}
	}
	return strings.Join(parts, " | ")
}

func TestTokenVolume(t *testing.T) {
	p := pod(t, `{metadata: {name: p, namespace: ns}, spec: {containers: [{name: c}]}}`)
	if err := cluster.AdmitServiceAccount(p, cluster.Options{Suffix: "q2w4x"}); err != nil {
		t.Fatal(err)
	}
	got := asJSON(p.Spec.Volumes)
	want := `[{"name":"kube-api-access-q2w4x","projected":{"sources":[{"serviceAccountToken":{"expirationSeconds":3607,"path":"token"}},{"configMap":{"name":"kube-root-ca.crt","items":[{"key":"ca.crt","path":"ca.crt"}]}},{"downwardAPI":{"items":[{"path":"namespace","fieldRef":{"apiVersion":"v1","fieldPath":"metadata.namespace"}}]}}],"defaultMode":420}}]`
	if got != want {
		t.Errorf("\n got %s\nwant %s", got, want)
	}
	if !cluster.IsTokenVolumeName("kube-api-access-q2w4x") || cluster.IsTokenVolumeName("kube-api-access-aeiou") {
		t.Error("IsTokenVolumeName")
	}
	cluster.MaskGeneratedNames(p)
	if p.Spec.Volumes[0].Name != "kube-api-access-xxxxx" || p.Spec.Containers[0].VolumeMounts[0].Name != "kube-api-access-xxxxx" {
		t.Errorf("MaskGeneratedNames: %s", asJSON(p.Spec))
	}
}

func TestAdmitDefaultTolerationSeconds(t *testing.T) {
	for _, tc := range []struct{ tolerations, want string }{
		{`[]`, `[{"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute","tolerationSeconds":300},{"key":"node.kubernetes.io/unreachable","operator":"Exists","effect":"NoExecute","tolerationSeconds":300}]`},
		{`[{key: node.kubernetes.io/not-ready, operator: Exists}]`, `[{"key":"node.kubernetes.io/not-ready","operator":"Exists"},{"key":"node.kubernetes.io/unreachable","operator":"Exists","effect":"NoExecute","tolerationSeconds":300}]`},
		{`[{key: node.kubernetes.io/unreachable, operator: Exists, effect: NoSchedule}]`, `[{"key":"node.kubernetes.io/unreachable","operator":"Exists","effect":"NoSchedule"},{"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute","tolerationSeconds":300},{"key":"node.kubernetes.io/unreachable","operator":"Exists","effect":"NoExecute","tolerationSeconds":300}]`},
		{`[{operator: Exists}]`, `[{"operator":"Exists"}]`},
	} {
		p := pod(t, `{spec: {tolerations: `+tc.tolerations+`}}`)
		cluster.AdmitDefaultTolerationSeconds(p)
		if got := asJSON(p.Spec.Tolerations); got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.tolerations, got, tc.want)
		}
	}
}

func TestAdmitPriority(t *testing.T) {
	for _, tc := range []struct{ spec, want, err string }{
		{`{}`, `0 PreemptLowerPriority ""`, ""},
		{`{priorityClassName: system-node-critical}`, `2000001000 PreemptLowerPriority "system-node-critical"`, ""},
		{`{priority: 0, preemptionPolicy: PreemptLowerPriority}`, `0 PreemptLowerPriority ""`, ""},
		{`{priority: 5}`, "", `pods "p" is forbidden: the integer value of priority (5) must not be provided in pod spec; priority admission controller computed 0 from the given PriorityClass name`},
		{`{priorityClassName: gold}`, "", `pods "p" is forbidden: no PriorityClass with name gold was found`},
	} {
		p := pod(t, `{metadata: {name: p}, spec: `+tc.spec+`}`)
		err := cluster.AdmitPriority(p, cluster.Options{})
		if tc.err != "" {
			var r *cluster.Refusal
			if !errors.As(err, &r) || r.Reason != cluster.ReasonForbidden || r.Message != tc.err {
				t.Errorf("%s: error %v, want %s", tc.spec, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		got := asJSON(*p.Spec.Priority) + " " + string(*p.Spec.PreemptionPolicy) + " " + asJSON(p.Spec.PriorityClassName)
		if got != tc.want {
			t.Errorf("%s: %s, want %s", tc.spec, got, tc.want)
		}
	}
}

func TestQOSClass(t *testing.T) {
	for _, tc := range []struct{ resources, want string }{
		{`{}`, "BestEffort"},
		{`{requests: {cpu: 100m}}`, "Burstable"},
		{`{limits: {cpu: 100m, memory: 1Gi}, requests: {cpu: 100m, memory: 1Gi}}`, "Guaranteed"},
		{`{limits: {cpu: 100m, memory: 1Gi}, requests: {cpu: 50m, memory: 1Gi}}`, "Burstable"},
	} {
		p := pod(t, `{spec: {containers: [{name: c, resources: `+tc.resources+`}]}}`)
		if got := cluster.QOSClass(p); string(got) != tc.want {
			t.Errorf("%s: %s, want %s", tc.resources, got, tc.want)
		}
	}
}

func TestValidate(t *testing.T) {
	valid := func(mutate func(*corev1.Pod)) *corev1.Pod {
		p := pod(t, `{metadata: {name: p, namespace: ns}, spec: {volumes: [{name: v, emptyDir: {}}], containers: [{name: c, image: i, volumeMounts: [{name: v, mountPath: /v}]}]}}`)
		cluster.Default(p)
		if mutate != nil {
			mutate(p)
		}
		return p
	}
	for _, tc := range []struct {
		name   string
		mutate func(*corev1.Pod)
		want   string
	}{
		{"valid", nil, ""},
		{"mount without volume", func(p *corev1.Pod) { p.Spec.Volumes = nil },
			`spec.containers[0].volumeMounts[0].name: Not found: "v"`},
		{"duplicate volume", func(p *corev1.Pod) { p.Spec.Volumes = append(p.Spec.Volumes, p.Spec.Volumes[0]) },
			`spec.volumes[1].name: Duplicate value: "v"`},
		{"init container named like a container", func(p *corev1.Pod) {
			p.Spec.InitContainers = []corev1.Container{p.Spec.Containers[0]}
		}, `spec.initContainers[0].name: Duplicate value: "c"`},
		{"mount path twice", func(p *corev1.Pod) {
			c := &p.Spec.Containers[0]
			c.VolumeMounts = append(c.VolumeMounts, c.VolumeMounts[0])
		}, `spec.containers[0].volumeMounts[1].mountPath: Invalid value: "/v": must be unique`},
		{"no containers", func(p *corev1.Pod) { p.Spec.Containers = nil }, `spec.containers: Required value`},
		{"no image", func(p *corev1.Pod) { p.Spec.Containers[0].Image = "" }, `spec.containers[0].image: Required value`},
		{"two volume sources", func(p *corev1.Pod) { p.Spec.Volumes[0].HostPath = &corev1.HostPathVolumeSource{Path: "/x"} },
			`[spec.volumes[0].hostPath: Forbidden: may not specify more than 1 volume type, spec.containers[0].volumeMounts[0].name: Not found: "v"]`},
		{"env name", func(p *corev1.Pod) { p.Spec.Containers[0].Env = []corev1.EnvVar{{Name: "A=B"}} },
			`spec.containers[0].env[0].name: Invalid value: "A=B": a valid environment variable name must consist only of printable ASCII characters other than '='`},
		{"label value", func(p *corev1.Pod) { p.Labels = map[string]string{"a": "b c"} },
			`metadata.labels: Invalid value: "b c": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`},
		{"toleration", func(p *corev1.Pod) {
			s := int64(1)
			p.Spec.Tolerations = []corev1.Toleration{{Key: "k", Operator: "Exists", Value: "v", TolerationSeconds: &s}}
		}, `[spec.tolerations[0].effect: Invalid value: "": effect must be 'NoExecute' when ` + "`tolerationSeconds`" + ` is set, spec.tolerations[0].operator: Invalid value: "v": value must be empty when ` + "`operator`" + ` is 'Exists']`},
		{"mirror pod", func(p *corev1.Pod) { p.Annotations = map[string]string{corev1.MirrorPodAnnotationKey: ""} },
			`metadata.annotations[kubernetes.io/config.mirror]: Invalid value: "": must set spec.nodeName if mirror pod annotation is set`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			errs := cluster.Validate(valid(tc.mutate))
			got := ""
			if agg := errs.ToAggregate(); agg != nil {
				got = agg.Error()
			}
			if got != tc.want {
				t.Errorf("\n got %s\nwant %s", got, tc.want)
			}
		})
	}
}

// The server's errors for labels and annotations come in map order, which
// changes between requests; podctl's come in one order.
func TestValidateMapErrorsInOneOrder(t *testing.T) {
	p := pod(t, `{metadata: {name: p, labels: {"a": "b c", "d": "e f", "g h": "i", "j": "k l"}, annotations: {"-x": "", "-y": ""}}, spec: {containers: [{name: c, image: i}], nodeSelector: {"m": "n o", "p": "q r"}}}`)
	cluster.Default(p)
	first := cluster.Validate(p).ToAggregate().Error()
	for range 20 {
		if got := cluster.Validate(p).ToAggregate().Error(); got != first {
			t.Fatalf("the errors changed order:\n%s\n%s", first, got)
		}
	}
}

func TestStoredPodDefaultPrunesAndDefaults(t *testing.T) {
	pds, _ := readPodDefaultsText(t, `
apiVersion: kubeflow.org/v1alpha1
kind: PodDefault
metadata: {name: pd}
spec:
  selector: {}
  volumes: [{name: img, image: {reference: x}}, {name: e, emptyDir: {}}]
  volumeMounts: [{name: e, mountPath: /e, readOnly: true, recursiveReadOnly: Enabled}]
  sidecars: [{name: s, image: s, ports: [{containerPort: 80}]}]
`)
	got := cluster.StoredPodDefault(pds[0])
	want := `{"selector":{},"sidecars":[{"name":"s","image":"s","ports":[{"containerPort":80,"protocol":"TCP"}],"resources":{}}],"volumes":[{"name":"img"},{"name":"e","emptyDir":{}}],"volumeMounts":[{"name":"e","readOnly":true,"mountPath":"/e"}]}`
	if asJSON(got.Spec) != want {
		t.Errorf("\n got %s\nwant %s", asJSON(got.Spec), want)
	}
}

func TestRefusalMessages(t *testing.T) {
	p := pod(t, `{metadata: {name: p}, spec: {containers: [{name: c, image: i, volumeMounts: [{name: x, mountPath: /x}]}]}}`)
	out, err := cluster.Create(p, "ns", nil, cluster.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if out.Admitted() || out.Refusal.Reason != cluster.ReasonInvalid ||
		out.Refusal.Message != `Pod "p" is invalid: spec.containers[0].volumeMounts[0].name: Not found: "x"` {
		t.Errorf("refusal: %+v", out.Refusal)
	}
}

func TestCreateWithoutWebhook(t *testing.T) {
	p := pod(t, `{metadata: {name: p, labels: {a: b}}, spec: {containers: [{name: c, image: i, env: [{name: X, value: "1"}]}]}}`)
	clash := poddefaultWithEnv(t, "X", "2")
	withHook, err := cluster.Create(p, "ns", clash, cluster.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if withHook.Admitted() || withHook.Refusal.Reason != cluster.ReasonWebhookDenied {
		t.Fatalf("with the webhook: %+v", withHook.Refusal)
	}
	without, err := cluster.Create(p, "ns", clash, cluster.Options{Webhook: cluster.WebhookSkipped})
	if err != nil {
		t.Fatal(err)
	}
	if !without.Admitted() || without.Patched != nil || without.Changed {
		t.Fatalf("without the webhook: %+v", without)
	}
}

func poddefaultWithEnv(t *testing.T, name, value string) []poddefault.PodDefault {
	t.Helper()
	pds, _ := readPodDefaultsText(t, `
apiVersion: kubeflow.org/v1alpha1
kind: PodDefault
metadata: {name: env, namespace: ns}
spec:
  selector: {}
  env: [{name: `+name+`, value: "`+value+`"}]
`)
	return pds
}

func TestQuobyteRegistry(t *testing.T) {
	for registry, valid := range map[string]bool{
		"host:7861": true, "a:1,b:2": true, "[::1]:7861": true, ":7861": true,
		"host": false, "a:b:c": false, "[::1]": false, "a:1,b": false,
	} {
		p := pod(t, `{metadata: {name: p, namespace: ns}, spec: {volumes: [{name: q, quobyte: {registry: "`+registry+`", volume: v}}], containers: [{name: c, image: i}]}}`)
		cluster.Default(p)
		if errs := cluster.Validate(p); (len(errs) == 0) != valid {
			t.Errorf("%q: errors %v, want valid %v", registry, errs, valid)
		}
	}
}
