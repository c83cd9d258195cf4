package io.eventqueue.runtime.http;

import io.helidon.http.Method;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;

/**
 * Registers each route with Helidon and declares it in {@link KnownRoutes} in the same call, so a route is written
 * once: the 405 answers and the OpenAPI check ({@code OpenApiDocumentTest}) read what was registered.
 */
public final class ApiRoutes {
    private final HttpRules rules;
    private final KnownRoutes known;

    public ApiRoutes(HttpRules rules, KnownRoutes known) {
        this.rules = rules;
        this.known = known;
    }

    public ApiRoutes register(ApiService... services) {
        for (ApiService s : services) {
            s.routes(this);
        }
        return this;
    }

    public ApiRoutes get(String path, Handler handler) {
        return route(Method.GET, path, handler);
    }

    public ApiRoutes post(String path, Handler handler) {
        return route(Method.POST, path, handler);
    }

    /**
     * Answers {@code method} on {@code path} with 405 and the path's declared methods, for a path a template route
     * registered later would otherwise capture (a GET of {@code /v1/events/batch} read as the event id "batch").
     */
    public ApiRoutes refuse(Method method, String path) {
        rules.route(method, path, (req, res) -> {
            throw ErrorHandling.methodNotAllowed(method.text(), path, known.methodsFor(path));
        });
        return this;
    }

    private ApiRoutes route(Method method, String path, Handler handler) {
        rules.route(method, path, handler);
        known.allow(method.text(), path);
        return this;
    }
}
