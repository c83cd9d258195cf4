package io.eventqueue.runtime.event;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads back the document {@link Event#writeFields} writes (the journal record, the dead-letter store): every member
 * into a draft, data in the form it was written ({@code data} JSON or text, {@code data_base64} bytes).
 */
public final class EventDocument {
    private EventDocument() {
    }

    public static EventDraft toDraft(Map<?, ?> doc, int encodedBytes) throws EventRejectedException {
        Object contentType = doc.get("datacontenttype");
        Object data = doc.get("data");
        if (doc.get("data_base64") instanceof String base64) {
            try {
                data = new OpaqueData(String.valueOf(contentType), Base64.getDecoder().decode(base64));
            } catch (IllegalArgumentException e) {
                throw new EventRejectedException(EventRejectedException.Reason.MALFORMED, "data_base64 is not base64");
            }
        } else if (data instanceof String text && contentType instanceof String ct && !OpaqueData.isJson(ct)) {
            data = new OpaqueData(ct, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        Map<String, Object> extensions = new LinkedHashMap<>();
        if (doc.get("extensions") instanceof Map<?, ?> ext) {
            ext.forEach((k, v) -> extensions.put(String.valueOf(k), v));
        }
        return new EventDraft(EventDraft.Style.CLOUDEVENT, doc.get("id"), doc.get("type"), doc.get("source"),
                doc.get("time"), doc.get("subject"), data, contentType, doc.get("dataschema"), extensions, encodedBytes,
                Optional.empty());
    }
}
