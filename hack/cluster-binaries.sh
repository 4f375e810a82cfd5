#!/usr/bin/env bash
# Builds, or reuses, the kube-apiserver and etcd that `make test-cluster` runs, from the Go module
# proxy, into $PODCTL_CLUSTER_CACHE/bin (default ~/.cache/podctl-cluster/bin):
#   kube-apiserver  k8s.io/kubernetes/cmd/kube-apiserver at the version podctl's model targets
#                   (cluster.KubernetesVersion), through a wrapper module that maps every staging
#                   module (k8s.io/api, apimachinery, ...) to its matching v0.X.Y release, as a
#                   module outside kubernetes' own tree must
#   etcd            go.etcd.io/etcd/server/v3 at ETCD_VERSION, the same way
# A binary that exists and reports the right version is kept; --force rebuilds. The first build
# takes 10-30 minutes on two cores and about 3 GB of module and build cache.
set -euo pipefail
cd "$(dirname "$0")/.."

CACHE=${PODCTL_CLUSTER_CACHE:-$HOME/.cache/podctl-cluster}
K8S_VERSION=$(sed -n 's/^const KubernetesVersion = "\(.*\)"/\1/p' internal/cluster/defaults.go)
ETCD_VERSION=${ETCD_VERSION:-v3.6.5}
[[ -n $K8S_VERSION ]] || { echo "cannot read KubernetesVersion from internal/cluster/defaults.go" >&2; exit 1; }
FORCE=0
[[ ${1:-} == --force ]] && FORCE=1

export GOFLAGS=-mod=mod
mkdir -p "$CACHE/bin" "$CACHE/src"

# current NAME WANT: the binary exists and its --version output contains WANT
current() { [[ $FORCE == 0 && -x $CACHE/bin/$1 ]] && "$CACHE/bin/$1" --version 2>/dev/null | grep -qF "$2"; }

gomod_of() { (cd "$1" && go mod download -json "$2" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p'); }

build_apiserver() {
  local dir=$CACHE/src/apiserver-$K8S_VERSION staging=v0.${K8S_VERSION#v1.} kmod
  mkdir -p "$dir"
  kmod=$(gomod_of "$dir" "k8s.io/kubernetes@$K8S_VERSION")
  [[ -f $kmod ]] || { echo "cannot download the go.mod of k8s.io/kubernetes@$K8S_VERSION" >&2; exit 1; }
  {
    printf 'module podctl.local/apiserver\n\ngo %s\n\nrequire k8s.io/kubernetes %s\n\nreplace (\n' \
      "$(sed -n 's/^go //p' "$kmod")" "$K8S_VERSION"
    # kubernetes' "k8s.io/X => ./staging/src/k8s.io/X" becomes "k8s.io/X => k8s.io/X v0.Y.Z";
    # a staging module with no such release is left to the requirement graph
    sed -n 's#^\s*\(k8s\.io/[^ ]*\) => \./staging/src/.*#\1#p' "$kmod" | while read -r m; do
      if (cd "$dir" && go mod download "$m@$staging" >/dev/null 2>&1); then
        printf '\t%s => %s %s\n' "$m" "$m" "$staging"
      fi
    done
    printf ')\n'
  } > "$dir/go.mod"
  (cd "$dir" && go get -tool "k8s.io/kubernetes/cmd/kube-apiserver@$K8S_VERSION")
  echo "building kube-apiserver $K8S_VERSION (10-30 minutes on two cores)"
  # the version the Kubernetes build stamps; without it the server says v0.0.0-master
  local v=k8s.io/component-base/version minor=${K8S_VERSION#v1.}
  minor=${minor%%.*}
  (cd "$dir" && go build -trimpath \
    -ldflags "-s -w -X $v.gitVersion=$K8S_VERSION -X $v.gitMajor=1 -X $v.gitMinor=$minor -X $v.gitTreeState=clean" \
    -o "$CACHE/bin/kube-apiserver.tmp" k8s.io/kubernetes/cmd/kube-apiserver)
  mv "$CACHE/bin/kube-apiserver.tmp" "$CACHE/bin/kube-apiserver"
}

build_etcd() {
  local dir=$CACHE/src/etcd-$ETCD_VERSION smod
  mkdir -p "$dir"
  smod=$(gomod_of "$dir" "go.etcd.io/etcd/server/v3@$ETCD_VERSION")
  [[ -f $smod ]] || { echo "cannot download the go.mod of go.etcd.io/etcd/server/v3@$ETCD_VERSION" >&2; exit 1; }
  {
    printf 'module podctl.local/etcd\n\ngo %s\n\nrequire go.etcd.io/etcd/server/v3 %s\n\nreplace (\n' \
      "$(sed -n 's/^go //p' "$smod")" "$ETCD_VERSION"
    # server/go.mod points its sibling modules at ../X: the same release instead
    sed -n 's#^\s*\(go\.etcd\.io/etcd/[^ ]*\) => \.\./.*#\1#p' "$smod" | while read -r m; do
      printf '\t%s => %s %s\n' "$m" "$m" "$ETCD_VERSION"
    done
    printf ')\n'
  } > "$dir/go.mod"
  (cd "$dir" && go get -tool "go.etcd.io/etcd/server/v3@$ETCD_VERSION")
  echo "building etcd $ETCD_VERSION"
  (cd "$dir" && go build -trimpath -ldflags "-s -w" -o "$CACHE/bin/etcd.tmp" go.etcd.io/etcd/server/v3)
  mv "$CACHE/bin/etcd.tmp" "$CACHE/bin/etcd"
}

if current kube-apiserver "Kubernetes $K8S_VERSION"; then echo "reusing $CACHE/bin/kube-apiserver ($K8S_VERSION)"; else build_apiserver; fi
if current etcd "etcd Version: ${ETCD_VERSION#v}"; then echo "reusing $CACHE/bin/etcd ($ETCD_VERSION)"; else build_etcd; fi
