package io.eventqueue.runtime.log.journal;

/** One accepted record read back from the journal: its sequence number (used to ack it) and its bytes. */
public record JournalEntry(long sequence, byte[] payload) {
}
