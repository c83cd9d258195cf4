package io.eventqueue.runtime.log.journal;

/** The journal reached its disk bound; the caller should answer 503 and let the client retry. */
public final class JournalFullException extends RuntimeException {
    public JournalFullException(String message) {
        super(message, null, false, false);
    }
}
