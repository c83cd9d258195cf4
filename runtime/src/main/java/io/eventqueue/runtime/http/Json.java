package io.eventqueue.runtime.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import io.eventqueue.runtime.event.Violation;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Map;

/** Small JSON writing helpers over Jackson's streaming generator: no reflection, no trees. */
public final class Json {
    /** Shared buffer pool: handlers run on virtual threads, where a thread-local pool would never reuse buffers. */
    public static final JsonFactory FACTORY = JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool())
            .build();

    private Json() {
    }

    @FunctionalInterface
    public interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    /** A value that writes itself (no intermediate map). */
    @FunctionalInterface
    public interface Writable {
        void writeTo(JsonGenerator g) throws IOException;
    }

    public static byte[] write(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Writes plain values: String, Number, Boolean, null, Map, Collection, {@link Violation}, {@link Writable};
     * others as strings.
     */
    public static void value(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Integer || v instanceof Long) {
            g.writeNumber(((Number) v).longValue());
        } else if (v instanceof Number n) {
            g.writeNumber(n.doubleValue());
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Writable w) {
            w.writeTo(g);
        } else if (v instanceof Violation violation) {
            g.writeStartObject();
            g.writeStringField("field", violation.field());
            g.writeStringField("message", violation.message());
            if (violation.pointer().isPresent()) {
                g.writeStringField("pointer", violation.pointer().get());
            }
            g.writeEndObject();
        } else if (v instanceof Map<?, ?> map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                value(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof Collection<?> list) {
            g.writeStartArray();
            for (Object o : list) {
                value(g, o);
            }
            g.writeEndArray();
        } else {
            g.writeString(v.toString());
        }
    }
}
