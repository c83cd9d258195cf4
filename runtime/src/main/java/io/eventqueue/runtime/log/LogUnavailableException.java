package io.eventqueue.runtime.log;

/** The log could not store the events in time (its cluster slow or unreachable): the client should retry. */
public final class LogUnavailableException extends Exception {
    public LogUnavailableException(String message) {
        super(message);
    }
}
