#!/usr/bin/env bash
# Builds the local control plane from the Go module proxy, once per machine, into
#   $EVENTQUEUE_CACHE/testenv/<release>-<hash of the testenv sources>/
#     bin/     kube-apiserver kube-controller-manager kube-scheduler kubectl etcd kwok
#     k8s/<version>-linux-amd64/   kube-apiserver, etcd, kubectl: the layout fabric8 kube-api-test reads offline
# and prints that directory on its last line. A complete directory is reused as it is.
set -euo pipefail
cd "$(dirname "$0")"
source ./goenv.sh

release=$(sed -n 's/^[[:space:]]*k8s.io\/kubernetes \(v[0-9.]*\).*$/\1/p' go.mod | head -1)
kwok_version=$(sed -n 's/^[[:space:]]*sigs.k8s.io\/kwok \(v[0-9.]*\).*$/\1/p' kwok/go.mod | head -1)
key=$(cat build.sh goenv.sh go.mod go.sum kwok/go.mod kwok/go.sum | sha256sum | cut -c1-12)
out=$EVENTQUEUE_CACHE/testenv/$release-$key
if [ -f "$out/.complete" ]; then echo "$out"; exit 0; fi
command -v go >/dev/null || { echo "testenv: no 'go' on PATH: install Go >= 1.26, then retry with: make testenv" >&2; exit 1; }
mkdir -p "$EVENTQUEUE_CACHE/testenv"
# One build at a time per key (two checkouts may ask together); the second finds the first one's result.
exec 9> "$out.lock"
flock 9
if [ -f "$out/.complete" ]; then echo "$out"; exit 0; fi

echo "testenv: building Kubernetes $release and KWOK $kwok_version from the Go module proxy into $out" >&2
echo "testenv: a cold build takes 10-30 minutes on 2 cores; later runs reuse it" >&2
start=$(date +%s)
tmp=$out.partial
rm -rf "$tmp" && mkdir -p "$tmp/bin"

major=${release#v}; major=${major%%.*}
minor=${release#v*.}; minor=${minor%%.*}
date=$(date -u +%Y-%m-%dT%H:%M:%SZ)
ld="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ld="$ld -X $pkg.gitVersion=$release -X $pkg.gitMajor=$major -X $pkg.gitMinor=$minor"
  ld="$ld -X $pkg.gitTreeState=clean -X $pkg.buildDate=$date"
done

log=$out.log
: > "$log"
build() { # dir, output name, package
  local t0; t0=$(date +%s)
  echo "testenv: [$(date -u +%H:%M:%S)] go build $3" >&2
  if ! (cd "$1" && nice -n 10 go build -trimpath -ldflags "$ld" -o "$tmp/bin/$2" "$3") >> "$log" 2>&1; then
    echo "testenv: building $2 ($3) failed: $(grep -v '^\s*$' "$log" | tail -1) (log: $log); retry with: make testenv" >&2
    exit 1
  fi
  echo "testenv: [$(date -u +%H:%M:%S)] $2 done in $(( $(date +%s) - t0 ))s" >&2
}
build . kube-apiserver k8s.io/kubernetes/cmd/kube-apiserver
build . kube-controller-manager k8s.io/kubernetes/cmd/kube-controller-manager
build . kube-scheduler k8s.io/kubernetes/cmd/kube-scheduler
build . kubectl k8s.io/kubernetes/cmd/kubectl
build . etcd go.etcd.io/etcd/server/v3
ld="-s -w -X sigs.k8s.io/kwok/pkg/consts.Version=${kwok_version#v}"
build kwok kwok sigs.k8s.io/kwok/cmd/kwok

# KWOK's own "fast" stages (node initialise, lease heartbeat, pod ready/complete/delete) from the module it was built from.
stages=$(cd kwok && go list -m -f '{{.Dir}}' sigs.k8s.io/kwok)/kustomize/stage
mkdir -p "$tmp/kwok-stages"
for f in node/fast/node-initialize.yaml node/heartbeat-with-lease/node-heartbeat-with-lease.yaml \
         pod/fast/pod-ready.yaml pod/fast/pod-complete.yaml pod/fast/pod-delete.yaml; do
  { echo "---"; cat "$stages/$f"; } > "$tmp/kwok-stages/$(basename "$f")"
done

kat=$tmp/k8s/${release#v}-linux-amd64
mkdir -p "$kat"
for b in kube-apiserver etcd kubectl; do ln -s "../../bin/$b" "$kat/$b"; done
secs=$(( $(date +%s) - start ))
{
  echo "release=$release"
  echo "kwok=$kwok_version"
  echo "built=$date"
  echo "build_seconds=$secs"
  echo "go=$(go env GOVERSION)"
} > "$tmp/build-info"
rm -rf "$out" && mv "$tmp" "$out" && touch "$out/.complete"
echo "testenv: built in ${secs}s, $(du -sh "$out/bin" | cut -f1) of binaries" >&2
echo "$out"
