#!/usr/bin/env bash
# Starts and stops a local Kubernetes control plane from the binaries build.sh made:
#   etcd, kube-apiserver (RBAC, static tokens, ServiceAccount token signing, audit log), kube-controller-manager,
#   kube-scheduler and KWOK with 3 simulated nodes over 2 zones.
# Usage: controlplane.sh up STATE_DIR [BIN_DIR]   background processes; returns once /readyz answers ok
#        controlplane.sh down STATE_DIR           stops, by the pids recorded in STATE_DIR, what up started
# STATE_DIR/kubeconfig is the admin kubeconfig; STATE_DIR/audit.log the API server's audit log (JSON lines).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cmd=${1:?usage: controlplane.sh up|down STATE_DIR [BIN_DIR]}
state=${2:?usage: controlplane.sh up|down STATE_DIR [BIN_DIR]}

stop() {
  local pids=() f pid
  for f in "$state"/pids/*.pid; do
    [ -f "$f" ] || continue
    pid=$(cat "$f")
    # Only a process whose command line is one of ours in this state directory: a recycled pid is left alone.
    if [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -qF -- "$state"; then
      kill -TERM "$pid" 2>/dev/null && pids+=("$pid")
    fi
    rm -f "$f"
  done
  for _ in $(seq 100); do
    local alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ $alive = 0 ] && return 0
    sleep 0.1
  done
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
}

if [ "$cmd" = down ]; then
  [ -d "$state/pids" ] && stop
  echo "testenv: stopped the control plane of $state"
  exit 0
fi
[ "$cmd" = up ] || { echo "usage: controlplane.sh up|down STATE_DIR [BIN_DIR]" >&2; exit 2; }

bin=${3:-$("$here/build.sh")}
for b in etcd kube-apiserver kube-controller-manager kube-scheduler kubectl kwok; do
  [ -x "$bin/bin/$b" ] || { echo "testenv: $bin/bin/$b is missing; run make testenv" >&2; exit 1; }
done
mkdir -p "$state"
state=$(cd "$state" && pwd)
if ls "$state"/pids/*.pid >/dev/null 2>&1; then stop; fi
rm -rf "$state/etcd" "$state/pki" "$state/pids" "$state/logs"
mkdir -p "$state/pki" "$state/pids" "$state/logs"
log=$state/logs
trap 'echo "testenv: start-up failed; logs in $log" >&2; stop; exit 1' ERR

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
etcd_port=$(free_port); peer_port=$(free_port); api_port=$(free_port)

# PKI: a CA the kubeconfig trusts, the API server's serving certificate, the ServiceAccount signing key.
pki=$state/pki
openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=eventqueue-testenv-ca" \
  -keyout "$pki/ca.key" -out "$pki/ca.crt" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=kube-apiserver" -keyout "$pki/apiserver.key" -out "$pki/apiserver.csr" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes.default.svc\nextendedKeyUsage=serverAuth\n' > "$pki/ext"
openssl x509 -req -in "$pki/apiserver.csr" -CA "$pki/ca.crt" -CAkey "$pki/ca.key" -CAcreateserial -days 30 \
  -extfile "$pki/ext" -out "$pki/apiserver.crt" 2>/dev/null
openssl genrsa -out "$pki/sa.key" 2048 2>/dev/null
openssl rsa -in "$pki/sa.key" -pubout -out "$pki/sa.pub" 2>/dev/null

token() { openssl rand -hex 24; }
admin_token=$(token); kcm_token=$(token); sched_token=$(token)
umask 077
cat > "$pki/tokens.csv" <<CSV
$admin_token,admin,admin,"system:masters"
$kcm_token,system:kube-controller-manager,system:kube-controller-manager
$sched_token,system:kube-scheduler,system:kube-scheduler
CSV
umask 022
server=https://127.0.0.1:$api_port
kubeconfig() { # file, user, token
  cat > "$1" <<KC
apiVersion: v1
kind: Config
clusters:
- name: testenv
  cluster:
    server: $server
    certificate-authority-data: $(base64 -w0 < "$pki/ca.crt")
users:
- name: $2
  user:
    token: $3
contexts:
- name: testenv
  context: {cluster: testenv, user: $2, namespace: default}
current-context: testenv
KC
  chmod 600 "$1"
}
kubeconfig "$state/kubeconfig" admin "$admin_token"
kubeconfig "$pki/kcm.kubeconfig" system:kube-controller-manager "$kcm_token"
kubeconfig "$pki/scheduler.kubeconfig" system:kube-scheduler "$sched_token"

# Audit: metadata of every request (user, verb, resource, response code); request bodies only for writes.
cat > "$state/audit-policy.yaml" <<'POLICY'
apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [RequestReceived]
rules:
- level: None
  nonResourceURLs: ["/readyz*", "/livez*", "/healthz*", "/version"]
- level: None
  users: ["system:kube-controller-manager", "system:kube-scheduler", "kwok"]
  verbs: ["get", "list", "watch"]
- level: Metadata
POLICY
: > "$state/audit.log"

start() { # name, command...
  local name=$1; shift
  nice -n 5 "$@" > "$log/$name.log" 2>&1 &
  echo $! > "$state/pids/$name.pid"
}
wait_for() { # what, seconds, command...
  local what=$1 secs=$2 f; shift 2
  for _ in $(seq $((secs * 5))); do
    "$@" >/dev/null 2>&1 && return 0
    for f in "$state"/pids/*.pid; do
      kill -0 "$(cat "$f")" 2>/dev/null || { echo "testenv: $(basename "$f" .pid) exited: $(tail -1 "$log/$(basename "$f" .pid).log")" >&2; return 1; }
    done
    sleep 0.2
  done
  echo "testenv: $what did not come up within ${secs}s; see $log" >&2; return 1
}

start etcd "$bin/bin/etcd" --name testenv --data-dir "$state/etcd" \
  --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
  --listen-peer-urls "http://127.0.0.1:$peer_port" --initial-advertise-peer-urls "http://127.0.0.1:$peer_port" \
  --initial-cluster "testenv=http://127.0.0.1:$peer_port" --unsafe-no-fsync --log-level warn
wait_for etcd 30 curl -fsS "http://127.0.0.1:$etcd_port/health"

start kube-apiserver "$bin/bin/kube-apiserver" --etcd-servers "http://127.0.0.1:$etcd_port" \
  --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$api_port" \
  --tls-cert-file "$pki/apiserver.crt" --tls-private-key-file "$pki/apiserver.key" --client-ca-file "$pki/ca.crt" \
  --authorization-mode RBAC --token-auth-file "$pki/tokens.csv" --anonymous-auth=false \
  --service-account-issuer https://kubernetes.default.svc --service-account-key-file "$pki/sa.pub" \
  --service-account-signing-key-file "$pki/sa.key" --api-audiences https://kubernetes.default.svc \
  --service-cluster-ip-range 10.96.0.0/16 --allow-privileged --endpoint-reconciler-type none \
  --audit-policy-file "$state/audit-policy.yaml" --audit-log-path "$state/audit.log" --audit-log-format json \
  --audit-log-mode batch --audit-log-batch-max-wait 1s \
  --profiling=false --cert-dir "$pki"
kubectl=("$bin/bin/kubectl" --kubeconfig "$state/kubeconfig")
wait_for kube-apiserver 120 "${kubectl[@]}" get --raw /readyz

start kube-controller-manager "$bin/bin/kube-controller-manager" --kubeconfig "$pki/kcm.kubeconfig" \
  --authentication-kubeconfig "$pki/kcm.kubeconfig" --authorization-kubeconfig "$pki/kcm.kubeconfig" \
  --bind-address 127.0.0.1 --secure-port 0 --leader-elect=false --use-service-account-credentials \
  --service-account-private-key-file "$pki/sa.key" --root-ca-file "$pki/ca.crt" \
  --controllers '*,-nodeipam' --horizontal-pod-autoscaler-sync-period 5s --profiling=false
start kube-scheduler "$bin/bin/kube-scheduler" --kubeconfig "$pki/scheduler.kubeconfig" \
  --authentication-kubeconfig "$pki/scheduler.kubeconfig" --authorization-kubeconfig "$pki/scheduler.kubeconfig" \
  --bind-address 127.0.0.1 --secure-port 0 --leader-elect=false --profiling=false

# KWOK: node heartbeats and pod lifecycle (scheduled pods become Running and Ready, deleted pods go away; a pod with
# an image of the registry unpullable.invalid stays in ImagePullBackOff: testenv/stages/). Without node Leases (a
# lease duration) the node controller sees stale heartbeats and flips every node NotReady about once a minute, which
# turns every pod unready.
cat "$bin"/kwok-stages/*.yaml "$here"/stages/*.yaml > "$state/kwok.yaml"
start kwok "$bin/bin/kwok" --kubeconfig "$state/kubeconfig" --config "$state/kwok.yaml" \
  --manage-all-nodes=true --cidr 10.244.0.0/16 --node-ip 10.240.0.1 --node-lease-duration-seconds 40

for i in 0 1 2; do
  zone=zone-$(( i % 2 == 0 ? 1 : 2 ))
  "${kubectl[@]}" apply --server-side -f - >/dev/null <<NODE
apiVersion: v1
kind: Node
metadata:
  name: kwok-node-$i
  annotations: {kwok.x-k8s.io/node: fake, node.alpha.kubernetes.io/ttl: "0"}
  labels:
    kubernetes.io/hostname: kwok-node-$i
    kubernetes.io/os: linux
    kubernetes.io/arch: amd64
    type: kwok
    topology.kubernetes.io/zone: $zone
    topology.kubernetes.io/region: testenv
status:
  allocatable: {cpu: "16", memory: 64Gi, pods: "110"}
  capacity: {cpu: "16", memory: 64Gi, pods: "110"}
NODE
done
wait_for "the KWOK nodes" 60 "${kubectl[@]}" wait --for=condition=Ready node --all --timeout=1s
wait_for "the default ServiceAccount" 60 "${kubectl[@]}" get serviceaccount default -n default
trap - ERR
echo "testenv: control plane of Kubernetes $(sed -n 's/^release=//p' "$bin/build-info") up at $server"
