package io.eventqueue.runtime.event;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Data the runtime does not interpret: bytes of any media type other than JSON, kept as received. In a JSON document
 * text ({@code text/*} that is valid UTF-8) is written as the {@code data} string and anything else as
 * {@code data_base64}, as the CloudEvents JSON format does.
 */
public record OpaqueData(String mediaType, byte[] data) implements EventData {
    public OpaqueData {
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(data, "data");
    }

    @Override
    public void writeData(JsonGenerator json) throws IOException {
        json.writeStringField("datacontenttype", mediaType);
        String text = text();
        if (text != null) {
            json.writeStringField("data", text);
        } else {
            json.writeFieldName("data_base64");
            json.writeBinary(data);
        }
    }

    @Override
    public Optional<String> contentType() {
        return Optional.of(mediaType);
    }

    @Override
    public byte[] bytes() {
        return data.clone();
    }

    /** The data as a string when it is text in UTF-8; null otherwise. */
    private String text() {
        if (!EventDecoder.mediaType(mediaType).startsWith("text/")) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** Whether {@code contentType} is JSON: {@code application/json}, {@code text/json} or any {@code +json} type. */
    public static boolean isJson(String contentType) {
        String mt = EventDecoder.mediaType(contentType).toLowerCase(Locale.ROOT);
        return mt.equals("application/json") || mt.endsWith("+json") || mt.equals("text/json");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OpaqueData other && mediaType.equals(other.mediaType) && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return 31 * mediaType.hashCode() + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "OpaqueData[" + mediaType + ", " + data.length + " bytes]";
    }
}
