package io.eventqueue.runtime.http;

/** A part of the HTTP API: it registers its routes through {@link ApiRoutes}, which also declares them. */
public interface ApiService {
    void routes(ApiRoutes routes);
}
