package io.eventqueue.runtime.event;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.core.message.MessageReader;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.jackson.JsonFormat;


import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * CloudEvents 1.0 over HTTP (structured and binary mode) through the CloudEvents Java SDK, mapped to {@link EventDraft}.
 * The SDK has no batch support: {@link JsonEventReader#splitArray} splits a batch and each item is read as structured.
 */
public final class CloudEventReader {
    private static final EventFormat FORMAT = new JsonFormat();

    private CloudEventReader() {
    }

    /** Structured mode: the body is one {@code application/cloudevents+json} document. */
    public static EventDraft readStructured(byte[] body, int offset, int length) throws EventRejectedException {
        byte[] doc = offset == 0 && length == body.length ? body : java.util.Arrays.copyOfRange(body, offset, offset + length);
        CloudEvent ce;
        try {
            ce = FORMAT.deserialize(doc);
        } catch (RuntimeException e) {
            // The SDK wraps Jackson and its own checks in several unchecked exception types.
            throw rejected(e);
        }
        return toDraft(ce, length);
    }

    /**
     * Binary mode: attributes in {@code ce-*} headers, the data in the body.
     *
     * @param headers calls its argument once per header (name, value)
     */
    public static EventDraft readBinary(Consumer<BiConsumer<String, String>> headers, byte[] body)
            throws EventRejectedException {
        CloudEvent ce;
        try {
            MessageReader reader = HttpMessageFactory.createReader(headers, body);
            ce = reader.toEvent();
        } catch (RuntimeException e) {
            throw rejected(e);
        }
        return toDraft(ce, body.length);
    }

    /**
     * Pure mapping of SDK event → draft. JSON data (absent content type means JSON) is parsed; data of any other
     * media type stays opaque bytes. Extensions keep their values as read (the tracing pair becomes the trace).
     */
    public static EventDraft toDraft(CloudEvent ce, int encodedBytes) throws EventRejectedException {
        Object data = null;
        CloudEventData ceData = ce.getData();
        String contentType = ce.getDataContentType();
        if (ceData != null) {
            byte[] bytes = ceData.toBytes();
            data = contentType == null || OpaqueData.isJson(contentType)
                    ? JsonEventReader.readValue(bytes)
                    : new OpaqueData(contentType, bytes);
        }
        Map<String, Object> extensions = new TreeMap<>();
        for (String name : ce.getExtensionNames()) {
            if (!name.equals(TraceContext.TRACEPARENT) && !name.equals(TraceContext.TRACESTATE)) {
                Object value = extensionValue(ce.getExtension(name));
                if (value != null) {
                    extensions.put(name, value);
                }
            }
        }
        Object time = ce.getTime() == null ? null : ce.getTime().toInstant();
        return new EventDraft(EventDraft.Style.CLOUDEVENT, ce.getId(), ce.getType(),
                ce.getSource() == null ? null : ce.getSource().toString(), time, ce.getSubject(), data, contentType,
                ce.getDataSchema() == null ? null : ce.getDataSchema().toString(), extensions, encodedBytes,
                TraceContext.fromExtensions(ce.getExtension(TraceContext.TRACEPARENT),
                        ce.getExtension(TraceContext.TRACESTATE)));
    }

    /**
     * CloudEvents extension types as JSON values: integers and booleans as such, binary as base64, everything else
     * (string, URI, URI-reference, timestamp) in its canonical string form.
     */
    private static Object extensionValue(Object v) {
        return switch (v) {
            case null -> null;
            case Integer i -> Long.valueOf(i);
            case Long l -> l;
            case Boolean b -> b;
            case byte[] bytes -> Base64.getEncoder().encodeToString(bytes);
            case OffsetDateTime t -> t.toInstant().toString();
            default -> v.toString();
        };
    }

    private static EventRejectedException rejected(RuntimeException e) {
        String message = e.getMessage();
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
            if (cause instanceof JsonParseException jpe) {
                return new EventRejectedException(EventRejectedException.Reason.MALFORMED,
                        "malformed JSON: " + jpe.getOriginalMessage());
            }
            if (cause instanceof JsonProcessingException jpe) {
                message = jpe.getOriginalMessage();
            }
        }
        String detail = message == null ? "not a valid CloudEvent" : "not a valid CloudEvent: " + message.strip();
        return new EventRejectedException(EventRejectedException.Reason.INVALID, detail,
                List.of(new Violation("", detail)));
    }
}
