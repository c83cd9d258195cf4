package io.eventqueue.runtime.delivery;

import java.time.Duration;
import java.util.Optional;

/** The result of one delivery attempt to a sink. */
public sealed interface DeliveryOutcome {

    DeliveryOutcome DELIVERED = new Delivered();

    static DeliveryOutcome retryable(String reason) {
        return new Retryable(reason, Optional.empty());
    }

    static DeliveryOutcome retryable(String reason, Optional<Duration> retryAfter) {
        return new Retryable(reason, retryAfter);
    }

    static DeliveryOutcome permanent(String reason) {
        return new Permanent(reason);
    }

    record Delivered() implements DeliveryOutcome {
    }

    /** Worth trying again (timeouts, 5xx, 429, connection errors); {@code retryAfter} from the receiver. */
    record Retryable(String reason, Optional<Duration> retryAfter) implements DeliveryOutcome {
    }

    /** Retrying will not help (the receiver rejected the event itself): dead-letter now. */
    record Permanent(String reason) implements DeliveryOutcome {
    }
}
