#!/usr/bin/env bash
# make test-cluster: starts etcd and kube-apiserver (the default admission plugins, no webhook) on
# loopback, runs the live tests of internal/cluster against them (build tag cluster), and stops
# everything, whatever happens. In CI (CI=true) or with PODCTL_CLUSTER_BUILD=1 the binaries are
# built when missing (hack/cluster-binaries.sh); otherwise a missing binary skips the target with a
# message. Everything of a run lives in a temporary folder, removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

CACHE=${PODCTL_CLUSTER_CACHE:-$HOME/.cache/podctl-cluster}
BIN=$CACHE/bin
if [[ ${CI:-} == true || ${PODCTL_CLUSTER_BUILD:-} == 1 ]]; then
  hack/cluster-binaries.sh
elif [[ ! -x $BIN/kube-apiserver || ! -x $BIN/etcd ]]; then
  echo "test-cluster: skipped: no kube-apiserver and etcd in $BIN."
  echo "  Build them once with hack/cluster-binaries.sh (10-30 minutes), or run with PODCTL_CLUSTER_BUILD=1."
  exit 0
fi
for tool in openssl curl; do
  command -v $tool >/dev/null || { echo "test-cluster needs $tool" >&2; exit 1; }
done

RUN=$(mktemp -d "${TMPDIR:-/tmp}/podctl-cluster.XXXXXX")
pids=()
stop() {
  # the API server first: it shuts down gracefully only while etcd answers
  local pid i
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    pid=${pids[i]}
    kill "$pid" 2>/dev/null || continue
    for _ in $(seq 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -9 "$pid" 2>/dev/null || true
  done
  rm -rf "$RUN"
}
trap stop EXIT

# free_port: a loopback port nothing listens on (the kernel picks it)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
ETCD_PORT=$(free_port) ETCD_PEER_PORT=$(free_port) API_PORT=$(free_port)

openssl genrsa -out "$RUN/sa.key" 2048 2>/dev/null
openssl rsa -in "$RUN/sa.key" -pubout -out "$RUN/sa.pub" 2>/dev/null
TOKEN=$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')
echo "$TOKEN,podctl-test,podctl-test,system:masters" > "$RUN/tokens.csv"

"$BIN/etcd" --name podctl-test --data-dir "$RUN/etcd" \
  --listen-client-urls "http://127.0.0.1:$ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
  --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
  --initial-cluster "podctl-test=http://127.0.0.1:$ETCD_PEER_PORT" --listen-metrics-urls "" \
  > "$RUN/etcd.log" 2>&1 < /dev/null &
pids+=($!)

# No --enable-admission-plugins: the default set is what clusters run.
"$BIN/kube-apiserver" \
  --bind-address=127.0.0.1 --advertise-address=127.0.0.1 --secure-port="$API_PORT" \
  --cert-dir="$RUN/certs" --etcd-servers="http://127.0.0.1:$ETCD_PORT" \
  --service-cluster-ip-range=10.96.0.0/16 \
  --service-account-issuer=https://kubernetes.default.svc.cluster.local \
  --service-account-key-file="$RUN/sa.pub" --service-account-signing-key-file="$RUN/sa.key" \
  --token-auth-file="$RUN/tokens.csv" --authorization-mode=RBAC --anonymous-auth=false \
  > "$RUN/kube-apiserver.log" 2>&1 < /dev/null &
pids+=($!)

ready=0
for _ in $(seq 180); do
  if [[ -f $RUN/certs/apiserver.crt ]] &&
    curl -sf --max-time 5 --cacert "$RUN/certs/apiserver.crt" -H "Authorization: Bearer $TOKEN" \
      "https://127.0.0.1:$API_PORT/readyz" >/dev/null 2>&1; then
    ready=1; break
  fi
  sleep 1
done
if [[ $ready != 1 ]]; then
  echo "test-cluster: kube-apiserver did not become ready; its log ends:" >&2
  tail -20 "$RUN/kube-apiserver.log" >&2
  tail -5 "$RUN/etcd.log" >&2
  exit 1
fi
echo "test-cluster: $("$BIN/kube-apiserver" --version) ready on 127.0.0.1:$API_PORT"

PODCTL_APISERVER=https://127.0.0.1:$API_PORT PODCTL_APISERVER_TOKEN=$TOKEN \
PODCTL_APISERVER_CA=$RUN/certs/apiserver.crt \
  go test -tags cluster -count=1 -run '^TestLive' -v ./internal/cluster/ 2>&1 |
  grep -v -e '^=== RUN' -e '^    --- PASS' -e '^--- PASS'
exit "${PIPESTATUS[0]}"
