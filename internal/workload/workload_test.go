package workload

import (
	"reflect"
	"testing"
)

func TestLookup(t *testing.T) {
	r := Builtin()
	tests := []struct {
		apiVersion, kind string
		want             []Path
	}{
		{"v1", "Pod", []Path{{}}},
		{"v1", "PodTemplate", []Path{{"template"}}},
		{"apps/v1", "Deployment", []Path{{"spec", "template"}}},
		{"batch/v1", "CronJob", []Path{{"spec", "jobTemplate", "spec", "template"}}},
		{"v1", "ReplicationController", []Path{{"spec", "template"}}},
	}
	for _, tc := range tests {
		k, ok := r.Lookup(tc.apiVersion, tc.kind)
		if !ok || !reflect.DeepEqual(k.Templates, tc.want) {
			t.Errorf("%s %s: %v %v, want %v", tc.apiVersion, tc.kind, k, ok, tc.want)
		}
	}
	for _, miss := range [][2]string{{"v1", "Service"}, {"example.com/v1", "Deployment"}, {"apps/v1", "Pod"}} {
		if _, ok := r.Lookup(miss[0], miss[1]); ok {
			t.Errorf("%v must not carry pod templates", miss)
		}
	}
}

func TestNamespace(t *testing.T) {
	if got := Namespace("a", "b"); got != "a" {
		t.Errorf("object's own namespace first: %s", got)
	}
	if got := Namespace("", "b"); got != "b" {
		t.Errorf("then the flag: %s", got)
	}
	if got := Namespace("", ""); got != "default" {
		t.Errorf("then default: %s", got)
	}
}

func TestPathString(t *testing.T) {
	if got := (Path{"spec", "replicatedJobs", "[]", "template"}).String(); got != "spec.replicatedJobs[].template" {
		t.Errorf("got %s", got)
	}
	if got := (Path{}).String(); got != "." {
		t.Errorf("got %s", got)
	}
}
