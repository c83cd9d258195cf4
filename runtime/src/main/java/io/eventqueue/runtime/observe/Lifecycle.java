package io.eventqueue.runtime.observe;

/** Where the runtime is in its life; readiness is true only in {@link State#RUNNING}. */
public final class Lifecycle {
    public enum State { STARTING, RUNNING, DRAINING, STOPPED }

    private volatile State state = State.STARTING;

    public State state() {
        return state;
    }

    public void set(State state) {
        this.state = state;
    }
}
