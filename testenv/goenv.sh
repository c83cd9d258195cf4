# Sourced by the testenv scripts: the Go module and build caches live outside the work tree, shared by every
# checkout on the machine, so a second worktree or a clean clone reuses a warm cache.
export EVENTQUEUE_CACHE=${EVENTQUEUE_CACHE:-$HOME/.cache/eventqueue}
export GOMODCACHE=$EVENTQUEUE_CACHE/go/mod
export GOCACHE=$EVENTQUEUE_CACHE/go/build
export GOFLAGS=-mod=mod
export GOTOOLCHAIN=local
