package lint_test

import (
	"strings"
	"testing"
)

// pdDoc is a PodDefault document of namespace team; spec is its spec's
// body, in flow style.
func pdDoc(name, spec string) string {
	return "apiVersion: kubeflow.org/v1alpha1\nkind: PodDefault\nmetadata: {name: " + name + ", namespace: team}\nspec: {desc: d, " + spec + "}\n"
}

func docs(ds ...string) string { return strings.Join(ds, "---\n") }

// jobDoc is a Job of namespace team whose template has the labels and
// spec given in flow style.
func jobDoc(name, labels, podSpec string) string {
	return "apiVersion: batch/v1\nkind: Job\nmetadata: {name: " + name + ", namespace: team}\nspec:\n  template:\n    metadata: {labels: {" + labels + "}}\n    spec: {restartPolicy: Never, containers: [{name: c, image: i}]" + podSpec + "}\n"
}

const notebookDoc = "apiVersion: kubeflow.org/v1\nkind: Notebook\nmetadata: {name: nb, namespace: team}\nspec:\n  template:\n    spec: {containers: [{name: nb, image: jupyter}]}\n"

// Each rule, with cases that break it and cases that must not.
func TestRules(t *testing.T) {
	for _, tc := range []struct {
		rule, name string
		input      string
		notebooks  bool
		want       int    // findings of the rule
		contains   string // in the first finding's message
	}{
		{"PD101", "Exists with values", pdDoc("a", "selector: {matchExpressions: [{key: k, operator: Exists, values: [x]}]}"), false, 1, "refuses every pod created in namespace team"},
		{"PD101", "label value the webhook refuses", pdDoc("a", "selector: {matchLabels: {k: 'not valid!'}}"), false, 1, "cannot be converted"},
		{"PD101", "valid expressions", pdDoc("a", "selector: {matchExpressions: [{key: k, operator: NotIn, values: [x]}, {key: j, operator: DoesNotExist}]}"), false, 0, ""},

		{"PD102", "env of one name", docs(pdDoc("a", "selector: {matchLabels: {x: '1'}}, env: [{name: E, value: '1'}]"), pdDoc("b", "selector: {matchLabels: {y: '1'}}, env: [{name: E, value: '2'}]")), false, 1, "a pod labelled x=1, y=1"},
		{"PD102", "mounts on one path", docs(pdDoc("a", "selector: {}, volumes: [{name: v, emptyDir: {}}], volumeMounts: [{name: v, mountPath: /p}]"), pdDoc("b", "selector: {}, volumes: [{name: w, emptyDir: {}}], volumeMounts: [{name: w, mountPath: /p}]")), false, 1, `mount path "/p"`},
		{"PD102", "a label against another's selector", docs(pdDoc("a", "selector: {matchLabels: {app: x}}, labels: {tier: bronze}"), pdDoc("b", "selector: {matchLabels: {tier: gold}}")), false, 1, "but the pod has"},
		{"PD102", "three, no two", docs(pdDoc("a", "selector: {}, labels: {tier: gold}"), pdDoc("b", "selector: {matchExpressions: [{key: tier, operator: Exists}]}"), pdDoc("c", "selector: {matchExpressions: [{key: tier, operator: NotIn, values: [gold]}]}")), false, 1, "PodDefaults a, b and c clash on every pod they all select"},
		{"PD102", "identical entries", docs(pdDoc("a", "selector: {}, env: [{name: E, value: '1'}]"), pdDoc("b", "selector: {}, env: [{name: E, value: '1'}]")), false, 0, ""},
		{"PD102", "no pod carries both", docs(pdDoc("a", "selector: {matchLabels: {app: x}}, env: [{name: E, value: '1'}]"), pdDoc("b", "selector: {matchLabels: {app: q}}, env: [{name: E, value: '2'}]")), false, 0, ""},
		{"PD102", "exclusive by expression", docs(pdDoc("a", "selector: {matchLabels: {gpu: 'true'}}, env: [{name: E, value: '1'}]"), pdDoc("b", "selector: {matchExpressions: [{key: gpu, operator: DoesNotExist}]}, env: [{name: E, value: '2'}]")), false, 0, ""},
		{"PD102", "other namespaces", docs(pdDoc("a", "selector: {}, env: [{name: E, value: '1'}]"), strings.Replace(pdDoc("b", "selector: {}, env: [{name: E, value: '2'}]"), "namespace: team", "namespace: other", 1)), false, 0, ""},

		{"PD103", "two volumes of one name", pdDoc("a", "selector: {}, volumes: [{name: v, emptyDir: {}}, {name: v, secret: {secretName: s}}]"), false, 1, "its entries clash with each other"},
		{"PD103", "a label its selector forbids", pdDoc("a", "selector: {matchLabels: {tier: gold}}, labels: {tier: silver}"), false, 1, "a label its own selector forbids"},
		{"PD103", "identical repeats", pdDoc("a", "selector: {}, tolerations: [{key: t, operator: Exists}, {key: t, operator: Exists}]"), false, 0, ""},

		{"PD104", "a mount on the token's path", pdDoc("a", "selector: {}, volumes: [{name: v, secret: {secretName: s}}], volumeMounts: [{name: v, mountPath: /var/run/secrets/kubernetes.io/serviceaccount}]"), false, 1, "automountServiceAccountToken: false"},
		{"PD104", "an unreachable toleration of another effect", pdDoc("a", "selector: {}, tolerations: [{key: node.kubernetes.io/unreachable, operator: Exists, effect: NoSchedule}]"), false, 1, "node.kubernetes.io/unreachable"},
		{"PD104", "the API server's own toleration", pdDoc("a", "selector: {}, tolerations: [{key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: 300}]"), false, 0, ""},
		{"PD104", "a mount beside the token", pdDoc("a", "selector: {}, volumes: [{name: v, secret: {secretName: s}}], volumeMounts: [{name: v, mountPath: /var/run/secrets/kubeflow/pipelines}]"), false, 0, ""},

		{"PD105", "In lists with nothing in common", pdDoc("a", "selector: {matchExpressions: [{key: k, operator: In, values: [a]}, {key: k, operator: In, values: [b]}]}"), false, 1, "applies to no pod"},
		{"PD105", "In and NotIn that leave a value", pdDoc("a", "selector: {matchExpressions: [{key: k, operator: In, values: [a, b]}, {key: k, operator: NotIn, values: [a]}]}"), false, 0, ""},

		{"PD201", "command: the first wins", docs(pdDoc("a", "selector: {}, command: [one]"), pdDoc("b", "selector: {}, command: [two]")), false, 1, `gets ["one"] from a, not ["two"] from b`},
		{"PD201", "automount: the last wins", docs(pdDoc("a", "selector: {}, automountServiceAccountToken: true"), pdDoc("b", "selector: {}, automountServiceAccountToken: false")), false, 1, "gets false from b, not true from a"},
		{"PD201", "the same service account", docs(pdDoc("a", "selector: {}, serviceAccountName: sa"), pdDoc("b", "selector: {}, serviceAccountName: sa")), false, 0, ""},
		{"PD201", "exclusive selectors", docs(pdDoc("a", "selector: {matchLabels: {k: a}}, args: [one]"), pdDoc("b", "selector: {matchLabels: {k: b}}, args: [two]")), false, 0, ""},

		{"PD202", "Exists on an added label", docs(pdDoc("a", "selector: {matchLabels: {app: x}}, labels: {gpu: a100}"), pdDoc("b", "selector: {matchExpressions: [{key: gpu, operator: Exists}]}")), false, 1, "which PodDefault a adds"},
		{"PD202", "another value than the one added", docs(pdDoc("a", "selector: {matchLabels: {app: x}}, labels: {gpu: a100}"), pdDoc("b", "selector: {matchLabels: {gpu: h100}}")), false, 0, ""},
		{"PD202", "a selector that needs the label itself", docs(pdDoc("a", "selector: {matchLabels: {gpu: 'true'}}, labels: {gpu: 'true'}"), pdDoc("b", "selector: {matchLabels: {gpu: 'true'}}")), false, 0, ""},

		{"PD301", "an init container without a name", pdDoc("a", "selector: {}, initContainers: [{image: busybox}]"), false, 1, "initContainers[0] has no name"},
		{"PD301", "a sidecar named like an init container", pdDoc("a", "selector: {}, sidecars: [{name: x, image: i}], initContainers: [{name: x, image: i}]"), false, 1, `both named "x"`},
		{"PD301", "whole containers", pdDoc("a", "selector: {}, sidecars: [{name: x, image: i}], initContainers: [{name: z, image: i}]"), false, 0, ""},

		{"PD302", "two sources", pdDoc("a", "selector: {}, volumes: [{name: v, emptyDir: {}, secret: {secretName: s}}]"), false, 1, "2 sources (emptyDir, secret)"},
		{"PD302", "one source", pdDoc("a", "selector: {}, volumes: [{name: v, configMap: {name: c}}]"), false, 0, ""},

		{"PD303", "a name too long for the webhook's annotation", pdDoc(strings.Repeat("a", 53), "selector: {}"), false, 1, "the annotation the webhook writes for it"},
		{"PD303", "a label value", pdDoc("a", "selector: {}, labels: {k: 'a b'}"), false, 1, "labels.k"},
		{"PD303", "a sidecar's name", pdDoc("a", "selector: {}, sidecars: [{name: Log, image: i}]"), false, 1, "sidecars[0].name"},
		{"PD303", "the longest name", pdDoc(strings.Repeat("a", 52), "selector: {}, labels: {example.com/k: v}, annotations: {example.com/a: x}"), false, 0, ""},

		{"PD304", "a sidecar's mount", pdDoc("a", "selector: {}, sidecars: [{name: s, image: i, volumeMounts: [{name: cfg, mountPath: /etc/s}]}]"), false, 1, `volume "cfg"`},
		{"PD304", "a template that defines the volume", docs(pdDoc("a", "selector: {matchLabels: {app: x}}, volumeMounts: [{name: data, mountPath: /data}]"), jobDoc("j", "app: x", ", volumes: [{name: data, emptyDir: {}}]")), false, 0, ""},
		{"PD304", "another PodDefault that brings the volume", docs(pdDoc("a", "selector: {matchLabels: {app: x}}, volumeMounts: [{name: data, mountPath: /data}]"), pdDoc("b", "selector: {}, volumes: [{name: data, emptyDir: {}}]"), jobDoc("j", "app: x", "")), false, 0, ""},
		{"PD304", "a template that does not", docs(pdDoc("a", "selector: {matchLabels: {app: x}}, volumeMounts: [{name: data, mountPath: /data}]"), jobDoc("j", "app: x", ", volumes: [{name: data, emptyDir: {}}]"), jobDoc("k", "app: x", "")), false, 1, "Job/team/k lacks volume \"data\""},

		{"PD305", "two values", pdDoc("a", "selector: {}, env: [{name: E, value: '1'}, {name: E, value: '2'}]"), false, 1, `env "E"`},
		{"PD305", "one value twice", pdDoc("a", "selector: {}, env: [{name: E, value: '1'}, {name: E, value: '1'}]"), false, 0, ""},

		{"PD401", "a Notebook among the workloads", docs(pdDoc("a", "selector: {matchExpressions: [{key: k, operator: Exists}]}"), notebookDoc), false, 1, "does not load at all"},
		{"PD401", "no Notebook", pdDoc("a", "selector: {matchExpressions: [{key: k, operator: Exists}]}"), false, 0, ""},
		{"PD401", "matchLabels", pdDoc("a", "selector: {matchLabels: {k: 'true'}}"), true, 0, ""},

		{"PD402", "two matchLabels entries", pdDoc("a", "selector: {matchLabels: {a: 'true', b: 'true'}}"), true, 1, `sets a: "true"`},
		{"PD402", "an expression the ticked label meets", pdDoc("a", "selector: {matchLabels: {a: 'true'}, matchExpressions: [{key: b, operator: DoesNotExist}]}"), true, 0, ""},

		{"PD403", "one key", docs(pdDoc("a", "selector: {matchLabels: {k: 'true'}}"), pdDoc("b", "selector: {matchLabels: {k: 'true', z: 'true'}}")), true, 1, "share the first matchLabels key k"},
		{"PD403", "the first key is the smallest", docs(pdDoc("a", "selector: {matchLabels: {z: 'true', k: 'true'}}"), pdDoc("b", "selector: {matchLabels: {z: 'true'}}")), true, 0, ""},

		{"PD404", "no desc", "apiVersion: kubeflow.org/v1alpha1\nkind: PodDefault\nmetadata: {name: a, namespace: team}\nspec: {selector: {matchLabels: {a: 'true'}}}\n", true, 1, "shows its name instead"},
		{"PD404", "not where the form is not used", "apiVersion: kubeflow.org/v1alpha1\nkind: PodDefault\nmetadata: {name: a, namespace: team}\nspec: {selector: {matchLabels: {a: 'true'}}}\n", false, 0, ""},

		{"PD501", "a selector the templates miss", docs(pdDoc("a", "selector: {matchLabels: {app: q}}"), jobDoc("j", "app: x", ""), jobDoc("k", "app: z", "")), false, 1, "none of the 2 pod templates"},
		{"PD501", "an excluded template does not count", docs(pdDoc("a", "selector: {matchLabels: {app: x}}"), strings.Replace(jobDoc("j", "app: x", ""), "metadata: {labels:", "metadata: {annotations: {poddefault.admission.kubeflow.org/exclude: 'true'}, labels:", 1)), false, 1, "does not select the one pod template"},
		{"PD501", "no workloads", pdDoc("a", "selector: {matchLabels: {app: q}}"), false, 0, ""},

		{"PD502", "a clash on a template", docs(pdDoc("a", "selector: {}, env: [{name: E, value: '1'}]"), pdDoc("b", "selector: {matchLabels: {app: x}}, env: [{name: E, value: '2'}]"), jobDoc("j", "app: x", "")), false, 1, `env "E" in container "c"`},
		{"PD502", "a template that one of them selects", docs(pdDoc("a", "selector: {}, env: [{name: E, value: '1'}]"), pdDoc("b", "selector: {matchLabels: {app: x}}, env: [{name: E, value: '2'}]"), jobDoc("j", "app: q", "")), false, 0, ""},
	} {
		t.Run(tc.rule+" "+tc.name, func(t *testing.T) {
			got := withRule(lintText(t, "in.yaml", tc.input, tc.notebooks), tc.rule)
			if len(got) != tc.want {
				t.Fatalf("%d findings of %s, want %d: %v", len(got), tc.rule, tc.want, got)
			}
			if tc.contains != "" && !strings.Contains(got[0].Message, tc.contains) {
				t.Errorf("message %q lacks %q", got[0].Message, tc.contains)
			}
		})
	}
}
