// Package cluster is podctl's model of what the Kubernetes API server does
// with a Pod CREATE in a namespace where the PodDefault webhook runs, so that
// podctl can predict the cluster's decision and show the pod it would store.
//
// The model targets Kubernetes v1.36.3 (KubernetesVersion) with its default
// feature gates and default admission plugins. Its stages, each a function of
// its own on a typed *corev1.Pod, follow the server's path:
//
//  1. RoundTrip: the typed JSON decode and encode. Empty lists, maps and
//     strings marked omitempty disappear (`command: []` becomes no command),
//     unknown fields are gone, quantities are canonical. Convert then does
//     what the server's internal form adds: `serviceAccount` mirrors
//     `serviceAccountName`, the old init-container annotations are dropped,
//     a negative terminationGracePeriodSeconds becomes 1. The round trip is
//     computed on the typed pod, without JSON text, with the very result
//     the text gives (roundtrip_typed.go; the JSON path remains for what
//     it cannot tell exactly, such as strings that are not UTF-8).
//  2. Default: SetObjectDefaults_Pod, from the table in defaults.go, which
//     is the one place a later Kubernetes version updates.
//  3. Admit: the built-in mutating admission plugins that change a plain
//     pod in a cluster without LimitRange, PriorityClass or RuntimeClass
//     objects, in the server's order: ServiceAccount (serviceAccountName
//     "default", the projected token volume kube-api-access-<suffix> and its
//     read-only mount in every init and regular container), Priority
//     (priority 0 and preemptionPolicy PreemptLowerPriority without a
//     default PriorityClass), DefaultTolerationSeconds (not-ready and
//     unreachable NoExecute tolerations for 300s).
//  4. The PodDefault webhook as it really runs (poddefault.Webhook): its
//     in-memory mutation, the JSON patch it builds and the server applying
//     that patch to the pod of stage 3. It reads the PodDefaults as the
//     server stored them through Kubeflow's CRD (StoredPodDefault): fields
//     the CRD's older schema does not know are pruned (or, with kubectl's
//     strict field validation, the PodDefault is refused: CRDUnknownFields),
//     and ports get protocol TCP in sidecars and initContainers.
//  5. After a webhook changed the pod: decode and defaulting again, and the
//     whole chain of built-in mutating plugins a second time (the server's
//     reinvocation); the webhook itself is not called again (its
//     reinvocationPolicy is Never).
//  6. PrepareForCreate (status phase and QoS class, the SchedulingGated
//     condition, generated names), then Validate: the pod validation of
//     pkg/apis/core/validation for everything a PodDefault can bring, with
//     Kubernetes' field paths and messages, and the validating half of the
//     ServiceAccount plugin.
//
// Create runs them all and says what the webhook saw, what the server would
// store, or why it refuses the pod (a webhook denial, a patch it cannot
// apply, an invalid pod, a forbidden request). Generated names carry a fixed
// suffix (GeneratedSuffix, "xxxxx"), so that outcomes are deterministic.
//
// The model is checked against a real kube-apiserver v1.36.3 with the
// upstream webhook: the answers are stored under testdata/cluster.
//
// Default plugins that are not modelled, and why:
//   - NamespaceLifecycle: refuses creation in a terminating or missing
//     namespace; podctl assumes the namespace exists.
//   - LimitRanger, ResourceQuota: need LimitRange and ResourceQuota objects.
//   - Priority with a priorityClassName other than the two built-in
//     system-* classes: needs PriorityClass objects (Options.PriorityClasses).
//   - RuntimeClass: sets overhead and scheduling only for a runtimeClassName,
//     which needs RuntimeClass objects.
//   - PodSecurity: validates only, and a namespace without pod-security
//     labels enforces the "privileged" level, which admits every pod.
//   - TaintNodesByCondition, DefaultStorageClass, PersistentVolumeClaimResize,
//     StorageObjectInUseProtection, PodGroupProtection, CertificateApproval,
//     CertificateSigning, ClusterTrustBundleAttest,
//     CertificateSubjectRestriction, DefaultIngressClass: act on other kinds.
//   - PodTopologyLabels: acts on pods/binding only.
//   - PodGroupWorkloadExists, NodeDeclaredFeatureValidator, JobValidation,
//     PodResizeValidator: off by feature gate, or act on other operations.
//   - MutatingAdmissionPolicy, ValidatingAdmissionPolicy and other webhooks:
//     need policy or webhook objects of their own.
//
// The package is pure: typed values in, typed values out. It imports no
// YAML library, nothing from podctl's manifest, apply or cli packages, and
// never k8s.io/kubernetes; only internal/poddefault, k8s.io/api and
// k8s.io/apimachinery.
package cluster
