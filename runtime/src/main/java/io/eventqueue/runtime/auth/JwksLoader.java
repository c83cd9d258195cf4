package io.eventqueue.runtime.auth;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Reads a JSON Web Key Set document. */
@FunctionalInterface
public interface JwksLoader {
    /** A JWKS larger than this is refused: real ones are a few KiB. */
    int MAX_BYTES = 1 << 20;

    String load() throws IOException;

    static JwksLoader fromFile(Path file) {
        return () -> {
            if (Files.size(file) > MAX_BYTES) {
                throw new IOException("JWKS file is larger than " + MAX_BYTES + " bytes");
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        };
    }

    /** Fetches with a connect timeout and a whole-response timeout, following no redirects. */
    static JwksLoader fromUrl(URI url, Duration timeout) {
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        return () -> {
            HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout)
                    .header("Accept", "application/json").GET().build();
            try {
                HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream body = response.body()) {
                    if (response.statusCode() != 200) {
                        throw new IOException("JWKS URL answered HTTP " + response.statusCode());
                    }
                    byte[] bytes = body.readNBytes(MAX_BYTES + 1);
                    if (bytes.length > MAX_BYTES) {
                        throw new IOException("JWKS document is larger than " + MAX_BYTES + " bytes");
                    }
                    return new String(bytes, StandardCharsets.UTF_8);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while fetching the JWKS", e);
            }
        };
    }
}
