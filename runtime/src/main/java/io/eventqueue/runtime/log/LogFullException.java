package io.eventqueue.runtime.log;

/** The event log is at its bound: nothing more is admitted until deliveries free space. */
public final class LogFullException extends Exception {
    public LogFullException(String message) {
        super(message, null, false, false);
    }
}
