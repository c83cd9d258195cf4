package io.eventqueue.runtime.config;

import java.util.LinkedHashMap;
import java.util.Map;

/** The value of {@code tracing.headers}, parsed once at start-up to validate it and again where spans are exported. */
public final class OtlpHeaders {
    private OtlpHeaders() {
    }

    /**
     * Parses {@code tracing.headers}: {@code key=value} pairs separated by commas, the format of
     * {@code OTEL_EXPORTER_OTLP_HEADERS}.
     */
    public static Map<String, String> parse(String value) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (value == null || value.isBlank()) {
            return headers;
        }
        for (String pair : value.split(",")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected key=value pairs separated by commas, got '" + pair.trim() + "'");
            }
            headers.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return headers;
    }
}
