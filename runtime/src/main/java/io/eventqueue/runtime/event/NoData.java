package io.eventqueue.runtime.event;

import com.fasterxml.jackson.core.JsonGenerator;

import java.util.Optional;

/** An event without data (valid in CloudEvents): the document has no data member. */
public enum NoData implements EventData {
    INSTANCE;

    @Override
    public void writeData(JsonGenerator json) {
    }

    @Override
    public Optional<String> contentType() {
        return Optional.empty();
    }

    @Override
    public byte[] bytes() {
        return new byte[0];
    }
}
