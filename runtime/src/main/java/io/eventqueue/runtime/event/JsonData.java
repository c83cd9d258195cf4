package io.eventqueue.runtime.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Data that is any JSON value, as read (objects are insertion-ordered maps, arrays lists, numbers Long, BigInteger or
 * Double). {@code declaredContentType} is the producer's own JSON media type ({@code application/json}, {@code …+json}), empty
 * when it set none (JSON is then implied).
 */
public record JsonData(Object value, Optional<String> declaredContentType) implements EventData {
    static final JsonFactory FACTORY = JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool())
            .build();

    public JsonData {
        Objects.requireNonNull(declaredContentType, "declaredContentType");
    }

    @Override
    public Optional<String> contentType() {
        return declaredContentType.isPresent() ? declaredContentType : Optional.of(EventDecoder.JSON);
    }

    @Override
    public void writeData(JsonGenerator json) throws IOException {
        if (declaredContentType.isPresent()) {
            json.writeStringField("datacontenttype", declaredContentType.get());
        }
        json.writeFieldName("data");
        write(json, value);
    }

    @Override
    public byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            write(g, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Writes a plain value as read by {@link JsonEventReader#readValue}. */
    static void write(JsonGenerator g, Object v) throws IOException {
        switch (v) {
            case null -> g.writeNull();
            case String s -> g.writeString(s);
            case Long l -> g.writeNumber(l);
            case Integer i -> g.writeNumber(i);
            case BigInteger b -> g.writeNumber(b);
            case Double d -> g.writeNumber(d);
            case Boolean b -> g.writeBoolean(b);
            case Map<?, ?> map -> {
                g.writeStartObject();
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    g.writeFieldName(String.valueOf(e.getKey()));
                    write(g, e.getValue());
                }
                g.writeEndObject();
            }
            case List<?> list -> {
                g.writeStartArray();
                for (Object item : list) {
                    write(g, item);
                }
                g.writeEndArray();
            }
            default -> throw new IllegalArgumentException("not a JSON value: " + v.getClass().getName());
        }
    }
}
