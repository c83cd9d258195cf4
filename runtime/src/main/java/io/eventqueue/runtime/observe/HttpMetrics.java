package io.eventqueue.runtime.observe;

import java.util.List;
import java.util.concurrent.TimeUnit;

import io.helidon.http.Method;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;

/**
 * Request counts by method and status code, and request latency, of the API port. Both label sets are bounded
 * (nine methods, status codes 100–599); handles are created on first use and then read from an array.
 */
public final class HttpMetrics {
    public static final String REQUESTS = "eventqueue.http.requests";
    public static final String DURATION = "eventqueue.http.request.duration";

    private static final List<Method> METHODS = List.of(Method.GET, Method.POST, Method.PUT, Method.DELETE, Method.HEAD,
                                                        Method.OPTIONS, Method.PATCH);
    private static final int OTHER_METHOD = METHODS.size();

    private final MeterRegistry registry;
    private final Counter[][] requests = new Counter[METHODS.size() + 1][600];
    private final Timer duration;

    public HttpMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.duration = registry.getOrCreate(Timer.builder(DURATION)
                                                     .description("Time to handle an API request")
                                                     .percentiles(new double[0])
                                                     .buckets(EventQueueMetrics.E2E_BUCKETS));
    }

    /** Records one finished request. */
    public void record(Method method, int status, long nanos) {
        int m = METHODS.indexOf(method);
        if (m < 0) {
            m = OTHER_METHOD;
        }
        int code = status >= 100 && status < 600 ? status : 599;
        Counter counter = requests[m][code];
        if (counter == null) {
            // racing threads get the same meter back from the registry, so a lost write costs one lookup
            counter = registry.getOrCreate(Counter.builder(REQUESTS)
                                                   .description("API requests, by method and status code")
                                                   .tags(List.of(Tag.create("method", m == OTHER_METHOD ? "OTHER" : method.text()),
                                                                 Tag.create("code", Integer.toString(code)))));
            requests[m][code] = counter;
        }
        counter.increment();
        duration.record(nanos, TimeUnit.NANOSECONDS);
    }
}
