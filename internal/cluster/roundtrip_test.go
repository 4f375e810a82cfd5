package cluster_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"
	"unicode/utf8"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/podctl/podctl/internal/cluster"
)

// The typed round trip must give exactly what the JSON round trip gives:
// these tests run both on the same pods and compare with reflect.DeepEqual,
// which sees nil against empty and a quantity's or a time's internal state.

// TestTypedRoundTripCoversPod: every type in a Pod is one the typed round
// trip has a plan for; else every pod would silently take the JSON path.
func TestTypedRoundTripCoversPod(t *testing.T) {
	if err := cluster.PodPlanError(); err != nil {
		t.Fatal(err)
	}
}

// compareRoundTrips runs both round trips on pod and reports where they
// differ. typed says whether the typed one must take the pod (else it must
// give it up to the JSON path).
func compareRoundTrips(t *testing.T, name string, pod *corev1.Pod, typed bool) {
	t.Helper()
	before := pod.DeepCopy()
	want, wantErr := cluster.RoundTripJSON(pod)
	got, ok := cluster.RoundTripTyped(pod)
	switch {
	case ok != typed && typed:
		t.Errorf("%s: the typed round trip gave the pod up", name)
	case ok != typed:
		t.Errorf("%s: the typed round trip took a pod it must leave to the JSON path", name)
	case ok && wantErr != nil:
		t.Errorf("%s: the JSON round trip fails (%v), the typed one does not", name, wantErr)
	case ok:
		if d := firstDiff(reflect.ValueOf(want), reflect.ValueOf(got), "pod"); d != "" {
			t.Errorf("%s: the round trips differ: %s", name, d)
		}
	}
	// RoundTrip is the one Create calls: it must agree too, error and all
	all, err := cluster.RoundTrip(pod)
	if fmt.Sprint(err) != fmt.Sprint(wantErr) {
		t.Errorf("%s: RoundTrip's error %v, the JSON round trip's %v", name, err, wantErr)
	} else if d := firstDiff(reflect.ValueOf(want), reflect.ValueOf(all), "pod"); d != "" {
		t.Errorf("%s: RoundTrip differs from the JSON round trip: %s", name, d)
	}
	if d := firstDiff(reflect.ValueOf(before), reflect.ValueOf(pod), "pod"); d != "" {
		t.Errorf("%s: a round trip changed its input: %s", name, d)
	}
}

// firstDiff is the first place where a and b are not reflect.DeepEqual,
// with what each holds there; "" when they are equal.
func firstDiff(a, b reflect.Value, path string) string {
	if !a.IsValid() || !b.IsValid() {
		if a.IsValid() != b.IsValid() {
			return path + ": one is missing"
		}
		return ""
	}
	if reflect.DeepEqual(a.Interface(), b.Interface()) {
		return ""
	}
	switch a.Kind() {
	case reflect.Pointer:
		if a.IsNil() || b.IsNil() {
			return fmt.Sprintf("%s: %v against %v", path, nilness(a), nilness(b))
		}
		return firstDiff(a.Elem(), b.Elem(), path)
	case reflect.Slice:
		if a.IsNil() != b.IsNil() || a.Len() != b.Len() {
			return fmt.Sprintf("%s: %s against %s", path, sliceDesc(a), sliceDesc(b))
		}
		for i := range a.Len() {
			if d := firstDiff(a.Index(i), b.Index(i), fmt.Sprintf("%s[%d]", path, i)); d != "" {
				return d
			}
		}
	case reflect.Map:
		if a.IsNil() != b.IsNil() || a.Len() != b.Len() {
			return fmt.Sprintf("%s: %s against %s", path, sliceDesc(a), sliceDesc(b))
		}
		for it := a.MapRange(); it.Next(); {
			if d := firstDiff(it.Value(), b.MapIndex(it.Key()), fmt.Sprintf("%s[%v]", path, it.Key())); d != "" {
				return d
			}
		}
	case reflect.Struct:
		for i := range a.NumField() {
			if !a.Type().Field(i).IsExported() {
				break // a type with unexported fields: shown whole below
			}
			if d := firstDiff(a.Field(i), b.Field(i), path+"."+a.Type().Field(i).Name); d != "" {
				return d
			}
		}
	}
	return fmt.Sprintf("%s: %#v against %#v", path, a.Interface(), b.Interface())
}

func nilness(v reflect.Value) string {
	if v.IsNil() {
		return "nil"
	}
	return "non-nil"
}

func sliceDesc(v reflect.Value) string {
	if v.IsNil() {
		return "nil"
	}
	return fmt.Sprintf("%d items", v.Len())
}

// TestRoundTripStoredCases compares the round trips on every pod of the
// stored cases — as written, podctl's output and its --mark-excluded
// output — and on the pods Create makes of them: the one the webhook
// receives, the one its patch gives, the one the server stores. Those are
// the pods Create decodes.
func TestRoundTripStoredCases(t *testing.T) {
	n := 0
	for _, c := range loadStoredCases(t) {
		pds := podDefaultsOf(t, c)
		for _, input := range []string{"pod.yaml", "podctl.out.yaml", "marked.out.yaml"} {
			if input != "pod.yaml" && !fileExists(filepath.Join(c.dir, input)) {
				continue
			}
			for i, pod := range readPods(t, filepath.Join(c.dir, input)) {
				name := fmt.Sprintf("%s/%s/%s#%d", c.set, c.name, input, i)
				compareRoundTrips(t, name, pod, true)
				n++
				before := pod.DeepCopy()
				out, err := cluster.Create(pod, c.meta.Namespace, pds, cluster.Options{})
				if err != nil {
					continue
				}
				// callers hand Create their pod without a copy
				if d := firstDiff(reflect.ValueOf(before), reflect.ValueOf(pod), "pod"); d != "" {
					t.Errorf("%s: Create changed its input: %s", name, d)
				}
				if out.Sent != nil && (out.Sent == out.Pod || out.Sent == out.Patched) {
					t.Errorf("%s: the Outcome's pods are one", name)
				}
				for stage, p := range map[string]*corev1.Pod{"sent": out.Sent, "patched": out.Patched, "stored": out.Pod} {
					if p != nil {
						compareRoundTrips(t, name+" "+stage, p, true)
						n++
					}
				}
			}
		}
	}
	if n < 200 {
		t.Errorf("only %d pods compared", n)
	}
	t.Logf("%d pods compared", n)
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// givenUp says whether the typed round trip may leave pod to the JSON
// path although the JSON path takes it: a string that is not valid UTF-8
// or a FieldsV1 with content somewhere, or a time, which may lie outside
// RFC 3339's years.
func givenUp(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.String:
		return !utf8.ValidString(v.String())
	case reflect.Pointer:
		return !v.IsNil() && givenUp(v.Elem())
	case reflect.Slice:
		for i := range v.Len() {
			if givenUp(v.Index(i)) {
				return true
			}
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			if givenUp(it.Key()) || givenUp(it.Value()) {
				return true
			}
		}
	case reflect.Struct:
		switch v.Type() {
		case reflect.TypeFor[metav1.FieldsV1]():
			return len(v.Interface().(metav1.FieldsV1).Raw) > 0
		case reflect.TypeFor[metav1.Time]():
			return !v.Interface().(metav1.Time).Time.IsZero()
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() && givenUp(v.Field(i)) {
				return true
			}
		}
	}
	return false
}

// TestRoundTripTricky compares the round trips on pods made in Go, with
// what a decoded pod never has: empty slices and maps at every level,
// quantities in every notation and with cached strings, times with
// nanoseconds and zones, IntOrStrings with both values set.
func TestRoundTripTricky(t *testing.T) {
	q := resource.MustParse
	nano := metav1.NewTime(time.Date(2024, 2, 29, 13, 14, 15, 987654321, time.FixedZone("x", 5*3600+1800)))
	zeroInZone := metav1.NewTime(time.Time{}.In(time.FixedZone("y", 3600)))
	big := resource.MustParse("123456789012345678901234567890")
	emptyDir := resource.NewQuantity(0, resource.BinarySI)
	cases := map[string]*corev1.Pod{
		"zero pod": {},
		"empty everything": {
			ObjectMeta: metav1.ObjectMeta{
				Labels: map[string]string{}, Annotations: map[string]string{},
				Finalizers: []string{}, OwnerReferences: []metav1.OwnerReference{},
				ManagedFields: []metav1.ManagedFieldsEntry{{FieldsV1: &metav1.FieldsV1{}}, {Time: &metav1.Time{}}},
			},
			Spec: corev1.PodSpec{
				Volumes:          []corev1.Volume{{Name: "v", VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}, Projected: &corev1.ProjectedVolumeSource{Sources: []corev1.VolumeProjection{}}}}},
				InitContainers:   []corev1.Container{},
				Containers:       []corev1.Container{{Name: "c", Command: []string{}, Args: []string{}, Env: []corev1.EnvVar{}, EnvFrom: []corev1.EnvFromSource{}, Ports: []corev1.ContainerPort{}, VolumeMounts: []corev1.VolumeMount{}, Resources: corev1.ResourceRequirements{Limits: corev1.ResourceList{}, Requests: corev1.ResourceList{}, Claims: []corev1.ResourceClaim{}}, SecurityContext: &corev1.SecurityContext{Capabilities: &corev1.Capabilities{Add: []corev1.Capability{}, Drop: []corev1.Capability{}}}}},
				NodeSelector:     map[string]string{},
				Tolerations:      []corev1.Toleration{},
				ImagePullSecrets: []corev1.LocalObjectReference{},
				HostAliases:      []corev1.HostAlias{{IP: "1.2.3.4", Hostnames: []string{}}},
				Affinity: &corev1.Affinity{NodeAffinity: &corev1.NodeAffinity{RequiredDuringSchedulingIgnoredDuringExecution: &corev1.NodeSelector{
					// nodeSelectorTerms has no omitempty: [] stays []
					NodeSelectorTerms: []corev1.NodeSelectorTerm{{MatchExpressions: []corev1.NodeSelectorRequirement{{Key: "k", Values: []string{}}}}, {}},
				}}},
				DNSConfig:                 &corev1.PodDNSConfig{Nameservers: []string{}, Options: []corev1.PodDNSConfigOption{{Name: "o"}}},
				Overhead:                  corev1.ResourceList{},
				SecurityContext:           &corev1.PodSecurityContext{SupplementalGroups: []int64{}, Sysctls: []corev1.Sysctl{}},
				ReadinessGates:            []corev1.PodReadinessGate{},
				SchedulingGates:           []corev1.PodSchedulingGate{},
				ResourceClaims:            []corev1.PodResourceClaim{},
				Resources:                 &corev1.ResourceRequirements{Limits: corev1.ResourceList{}},
				EphemeralContainers:       []corev1.EphemeralContainer{{EphemeralContainerCommon: corev1.EphemeralContainerCommon{Name: "e", Env: []corev1.EnvVar{}}}},
				TopologySpreadConstraints: []corev1.TopologySpreadConstraint{{LabelSelector: &metav1.LabelSelector{MatchLabels: map[string]string{}, MatchExpressions: []metav1.LabelSelectorRequirement{}}, MatchLabelKeys: []string{}}},
			},
			Status: corev1.PodStatus{Conditions: []corev1.PodCondition{}, PodIPs: []corev1.PodIP{}, ContainerStatuses: []corev1.ContainerStatus{{}}},
		},
		"nil everywhere it can be": {
			Spec: corev1.PodSpec{Containers: []corev1.Container{{}}, Volumes: []corev1.Volume{{}}, Affinity: &corev1.Affinity{}, SecurityContext: &corev1.PodSecurityContext{}},
		},
		"quantities": {
			Spec: corev1.PodSpec{
				Containers: []corev1.Container{{Name: "c", Resources: corev1.ResourceRequirements{
					Limits:   corev1.ResourceList{"cpu": q("0.5"), "memory": q("1024Mi"), "x/a": q("1e3"), "x/b": q("100m"), "x/c": q("1.5Gi"), "x/d": q("0.1"), "x/e": q("1000m"), "x/f": q("12e-3"), "x/g": big, "x/h": {}, "x/i": q("-1"), "x/j": q("1E3"), "x/k": q("0.0001Ki")},
					Requests: corev1.ResourceList{"cpu": *resource.NewMilliQuantity(1500, resource.DecimalSI), "memory": *resource.NewQuantity(1<<30, resource.BinarySI), "x/a": *resource.NewScaledQuantity(5, 3), "x/b": *resource.NewQuantity(1000, resource.DecimalExponent), "x/c": *resource.NewQuantity(-2048, resource.BinarySI), "x/d": *resource.NewQuantity(1000, "")},
				}}},
				Volumes:  []corev1.Volume{{Name: "v", VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{SizeLimit: emptyDir}}}, {Name: "w", VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{SizeLimit: &resource.Quantity{}}}}},
				Overhead: corev1.ResourceList{"cpu": q("250m")},
			},
		},
		"times": {
			ObjectMeta: metav1.ObjectMeta{
				CreationTimestamp: nano, DeletionTimestamp: &zeroInZone,
				ManagedFields: []metav1.ManagedFieldsEntry{{Manager: "m", Time: &nano}, {Time: &zeroInZone}},
			},
			Status: corev1.PodStatus{StartTime: &nano, Conditions: []corev1.PodCondition{{Type: "Ready", LastTransitionTime: nano, LastProbeTime: zeroInZone}}},
		},
		"zero creationTimestamp in a zone": {ObjectMeta: metav1.ObjectMeta{CreationTimestamp: zeroInZone}},
		"int or string": {
			Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "c",
				LivenessProbe:  &corev1.Probe{ProbeHandler: corev1.ProbeHandler{HTTPGet: &corev1.HTTPGetAction{Port: intstr.IntOrString{Type: intstr.Int, IntVal: 80, StrVal: "left over"}}}},
				ReadinessProbe: &corev1.Probe{ProbeHandler: corev1.ProbeHandler{TCPSocket: &corev1.TCPSocketAction{Port: intstr.IntOrString{Type: intstr.String, IntVal: 7, StrVal: "http<&>\u2028"}}}},
				StartupProbe:   &corev1.Probe{ProbeHandler: corev1.ProbeHandler{HTTPGet: &corev1.HTTPGetAction{Port: intstr.FromString("")}}},
				Lifecycle:      &corev1.Lifecycle{PreStop: &corev1.LifecycleHandler{HTTPGet: &corev1.HTTPGetAction{Port: intstr.IntOrString{}}}},
			}}},
		},
		"strings to escape": {
			ObjectMeta: metav1.ObjectMeta{Name: "a<b>&c", Annotations: map[string]string{"\u2028k\"\\": "\x00\t\n\u2029 é 🙂 \ufffd"}},
			Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "c", Command: []string{"", "\u007f", "</script>"}}}},
		},
	}
	for name, pod := range cases {
		compareRoundTrips(t, name, pod, true)
	}

	// encoding/json replaces every invalid byte with U+FFFD: the typed
	// round trip leaves these to the JSON path
	invalid := map[string]*corev1.Pod{
		"label value":      {ObjectMeta: metav1.ObjectMeta{Labels: map[string]string{"k": "a\xffb"}}},
		"annotation key":   {ObjectMeta: metav1.ObjectMeta{Annotations: map[string]string{"a\xff": "1", "a\xfe": "2"}}},
		"command":          {Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "c", Command: []string{"ok", "\xc3"}}}}},
		"resource name":    {Spec: corev1.PodSpec{Overhead: corev1.ResourceList{"cpu\x80": resource.MustParse("1")}}},
		"int or string":    {Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "c", LivenessProbe: &corev1.Probe{ProbeHandler: corev1.ProbeHandler{HTTPGet: &corev1.HTTPGetAction{Port: intstr.FromString("\xed\xa0\x80")}}}}}}},
		"deep in a volume": {Spec: corev1.PodSpec{Volumes: []corev1.Volume{{Name: "v", VolumeSource: corev1.VolumeSource{Projected: &corev1.ProjectedVolumeSource{Sources: []corev1.VolumeProjection{{ConfigMap: &corev1.ConfigMapProjection{Items: []corev1.KeyToPath{{Key: "k", Path: "p\xf0\x9f"}}}}}}}}}}},
	}
	for name, pod := range invalid {
		compareRoundTrips(t, "invalid UTF-8 in "+name, pod, false)
	}

	// a FieldsV1 with content and an IntOrString of no known type: the
	// JSON path compacts the one and refuses the other
	compareRoundTrips(t, "fieldsV1 with content", &corev1.Pod{ObjectMeta: metav1.ObjectMeta{ManagedFields: []metav1.ManagedFieldsEntry{{FieldsV1: &metav1.FieldsV1{Raw: []byte(`{ "f:metadata" : {} }`)}}}}}, false)
	compareRoundTrips(t, "int or string of type 7", &corev1.Pod{Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "c", LivenessProbe: &corev1.Probe{ProbeHandler: corev1.ProbeHandler{HTTPGet: &corev1.HTTPGetAction{Port: intstr.IntOrString{Type: 7}}}}}}}}, false)
	compareRoundTrips(t, "a year after 9999", &corev1.Pod{ObjectMeta: metav1.ObjectMeta{CreationTimestamp: metav1.NewTime(time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC))}}, false)
	compareRoundTrips(t, "nil pod", nil, false)
}

// FuzzRoundTrip compares the round trips on pods decoded from fuzzed JSON,
// then given what decoded pods lack: a string with any bytes, a time with
// nanoseconds and a zone, quantities made in Go, empty slices and maps.
func FuzzRoundTrip(f *testing.F) {
	f.Add([]byte(`{"spec":{"containers":[{"name":"c","command":[],"resources":{"limits":{"cpu":"0.5","memory":"1e3"}}}]}}`), "x", int64(1700000000), int64(123), int64(1500), uint8(0))
	f.Add([]byte(`{"metadata":{"labels":{},"creationTimestamp":"2024-01-01T00:00:00Z"},"spec":{"volumes":[{"name":"v","emptyDir":{"sizeLimit":"1024Mi"}}],"containers":[{"name":"c","livenessProbe":{"httpGet":{"port":"http"}}}]}}`), "\xff", int64(0), int64(0), int64(-3), uint8(7))
	f.Add([]byte(`{"spec":{"affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[]}}}}}`), "", int64(-62135596800), int64(999999999), int64(0), uint8(255))
	f.Fuzz(func(t *testing.T, data []byte, s string, sec, nsec, milli int64, shape uint8) {
		pod := &corev1.Pod{}
		if err := json.Unmarshal(data, pod); err != nil {
			return
		}
		if shape&1 != 0 {
			if pod.Annotations == nil {
				pod.Annotations = map[string]string{}
			}
			pod.Annotations[s] = s
		}
		if shape&2 != 0 {
			pod.CreationTimestamp = metav1.NewTime(time.Unix(sec, nsec%1e9).In(time.FixedZone("z", int(milli%86400))))
		}
		if shape&4 != 0 {
			pod.Spec.Overhead = corev1.ResourceList{"cpu": *resource.NewMilliQuantity(milli, resource.Format([]string{"DecimalSI", "BinarySI", "DecimalExponent", ""}[int(nsec&3)]))}
		}
		if shape&8 != 0 {
			pod.Spec.Containers = append(pod.Spec.Containers, corev1.Container{Name: s, Command: []string{}, Env: []corev1.EnvVar{}, Resources: corev1.ResourceRequirements{Limits: corev1.ResourceList{}}})
		}
		if shape&16 != 0 {
			pod.Spec.Tolerations, pod.Spec.NodeSelector, pod.Finalizers = []corev1.Toleration{}, map[string]string{}, []string{}
		}
		if shape&32 != 0 {
			t := metav1.NewTime(time.Unix(sec, nsec%1e9))
			pod.DeletionTimestamp = &t
		}
		want, wantErr := cluster.RoundTripJSON(pod)
		got, ok := cluster.RoundTripTyped(pod)
		if !ok {
			if wantErr == nil && !givenUp(reflect.ValueOf(pod)) {
				t.Errorf("the typed round trip gave up a pod the JSON one takes")
			}
			return
		}
		if wantErr != nil {
			t.Fatalf("the JSON round trip fails (%v), the typed one does not", wantErr)
		}
		if d := firstDiff(reflect.ValueOf(want), reflect.ValueOf(got), "pod"); d != "" {
			t.Fatalf("the round trips differ: %s", d)
		}
	})
}

// BenchmarkRoundTrip compares the round trips on a typical pod: the
// Kubeflow notebook of a stored case as the webhook's patch leaves it,
// defaulted, with the service account's token volume, two PodDefaults'
// volumes, env vars and resources — the pod Create decodes a second time.
func BenchmarkRoundTrip(b *testing.B) {
	dir := filepath.Join(casesRoot, "cases", "240-kubeflow-notebook-typical")
	var c storedCase
	for _, sc := range loadStoredCases(b) {
		if sc.dir == dir {
			c = sc
		}
	}
	pods := readPods(b, filepath.Join(dir, "pod.yaml"))
	out, err := cluster.Create(pods[0], c.meta.Namespace, podDefaultsOf(b, c), cluster.Options{})
	if err != nil || out.Patched == nil {
		b.Fatalf("no patched pod: %v", err)
	}
	pod := out.Patched
	b.Run("json", func(b *testing.B) {
		for b.Loop() {
			if _, err := cluster.RoundTripJSON(pod); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("typed", func(b *testing.B) {
		for b.Loop() {
			if _, ok := cluster.RoundTripTyped(pod); !ok {
				b.Fatal("given up")
			}
		}
	})
}
