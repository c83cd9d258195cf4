package io.eventqueue.runtime.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DispatcherTest {
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final RetryPolicy policy = new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5));
    /** From this many attempts of a round on, the listener's store takes the retry (as Kafka's retry topic does). */
    private int handOffFromRound = Integer.MAX_VALUE;

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    /** A target that answers from a script, then delivers. */
    private DeliveryTarget<String> scripted(String name, DeliveryOutcome... script) {
        Deque<DeliveryOutcome> outcomes = new ArrayDeque<>(List.of(script));
        return new DeliveryTarget<>() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public synchronized DeliveryOutcome deliver(String item, int attempt) {
                log.add(name + ":" + item + "#" + attempt);
                DeliveryOutcome next = outcomes.poll();
                return next == null ? DeliveryOutcome.DELIVERED : next;
            }
        };
    }

    private Dispatcher<String> dispatcher(List<DeliveryTarget<String>> targets) {
        return new Dispatcher<>(targets, policy, scheduler, new Dispatcher.Listener<>() {
            @Override
            public void attemptFailed(String item, String target, int attempt, String reason, Duration retryIn) {
                log.add("failed " + target + ":" + item + "#" + attempt);
            }

            @Override
            public void deadLettered(String item, String target, int attempts, String reason) {
                log.add("dead " + target + ":" + item + " after " + attempts + " (" + reason + ")");
            }

            @Override
            public boolean handOff(String item, String target, int attemptsMade, int roundAttempts, Duration retryIn,
                                   String reason) {
                if (roundAttempts < handOffFromRound) {
                    return false;
                }
                log.add("handed off " + target + ":" + item + " after " + attemptsMade + " (round " + roundAttempts + ")");
                return true;
            }

            @Override
            public void settled(String item, Dispatcher.Settlement settlement, int maxAttempts) {
                log.add("settled " + item + " delivered=" + (settlement == Dispatcher.Settlement.DELIVERED)
                        + " attempts=" + maxAttempts);
            }
        }, new Random(3));
    }

    @Test
    void successOnFirstAttemptSettlesAtOnce() throws InterruptedException {
        Dispatcher<String> d = dispatcher(List.of(scripted("file"), scripted("webhook")));
        d.dispatchAll("e1", 0);
        assertThat(d.awaitSettled(Duration.ofSeconds(5))).isZero();
        assertThat(log).containsExactlyInAnyOrder("file:e1#1", "webhook:e1#1", "settled e1 delivered=true attempts=1");
    }

    @Test
    void transientFailuresAreRetriedForThatTargetOnly() throws InterruptedException {
        Dispatcher<String> d = dispatcher(List.of(scripted("file"),
                scripted("webhook", DeliveryOutcome.retryable("503"), DeliveryOutcome.retryable("503"))));
        d.dispatchAll("e1", 0);
        assertThat(d.awaitSettled(Duration.ofSeconds(5))).isZero();
        assertThat(log).filteredOn(s -> s.startsWith("file:")).containsExactly("file:e1#1");
        assertThat(log).filteredOn(s -> s.startsWith("webhook:")).containsExactly("webhook:e1#1", "webhook:e1#2", "webhook:e1#3");
        assertThat(log.getLast()).isEqualTo("settled e1 delivered=true attempts=3");
    }

    @Test
    void exhaustedAttemptsDeadLetterThenSettle() throws InterruptedException {
        Dispatcher<String> d = dispatcher(List.of(scripted("webhook",
                DeliveryOutcome.retryable("a"), DeliveryOutcome.retryable("b"), DeliveryOutcome.retryable("c"))));
        d.dispatchAll("e1", 0);
        assertThat(d.awaitSettled(Duration.ofSeconds(5))).isZero();
        assertThat(log).contains("dead webhook:e1 after 3 (c)");
        assertThat(log.getLast()).isEqualTo("settled e1 delivered=false attempts=3");
    }

    @Test
    void permanentFailureDeadLettersWithoutRetry() throws InterruptedException {
        Dispatcher<String> d = dispatcher(List.of(scripted("webhook", DeliveryOutcome.permanent("400"))));
        d.dispatchAll("e1", 0);
        assertThat(d.awaitSettled(Duration.ofSeconds(5))).isZero();
        assertThat(log).containsExactly("webhook:e1#1", "dead webhook:e1 after 1 (400)", "settled e1 delivered=false attempts=1");
    }

    @Test
    void replayTargetsOnlyTheNamedSinkAndKeepsCountingAttempts() throws InterruptedException {
        Dispatcher<String> d = dispatcher(List.of(scripted("file"), scripted("webhook")));
        d.dispatch("e1", List.of("webhook"), 3, 0);
        assertThat(d.awaitSettled(Duration.ofSeconds(5))).isZero();
        assertThat(log).containsExactly("webhook:e1#4", "settled e1 delivered=true attempts=4");
    }

    @Test
    void aThrowingTargetCountsAsRetryable() throws InterruptedException {
        int[] calls = {0};
        DeliveryTarget<String> flaky = new DeliveryTarget<>() {
            @Override
            public String name() {
                return "flaky";
            }

            @Override
            public DeliveryOutcome deliver(String item, int attempt) {
                if (calls[0]++ == 0) {
                    throw new IllegalStateException("boom");
                }
                return DeliveryOutcome.DELIVERED;
            }
        };
        Dispatcher<String> d = dispatcher(List.of(flaky));
        d.dispatchAll("e1", 0);
        assertThat(d.awaitSettled(Duration.ofSeconds(5))).isZero();
        assertThat(log).contains("failed flaky:e1#1").last().isEqualTo("settled e1 delivered=true attempts=2");
    }

    @Test
    void aRetryTheStoreTakesEndsTheTargetHereWithoutCountingAsDeliveredOrDeadLettered() throws InterruptedException {
        handOffFromRound = 2;
        Dispatcher<String> d = dispatcher(List.of(scripted("file"), scripted("webhook",
                DeliveryOutcome.retryable("a"), DeliveryOutcome.retryable("b"))));
        d.dispatchAll("e1", 0);
        assertThat(d.awaitSettled(Duration.ofSeconds(5))).isZero();
        assertThat(log).filteredOn(s -> s.startsWith("webhook:")).containsExactly("webhook:e1#1", "webhook:e1#2");
        assertThat(log).contains("handed off webhook:e1 after 2 (round 2)").noneMatch(s -> s.startsWith("dead "));
        assertThat(log.getLast()).isEqualTo("settled e1 delivered=false attempts=2");
    }

    @Test
    void aRetryHandedBackContinuesItsRoundUpToTheLastAttempt() throws InterruptedException {
        Dispatcher<String> d = dispatcher(List.of(scripted("file"), scripted("webhook", DeliveryOutcome.retryable("c"))));
        d.dispatch("e1", List.of("webhook"), 2, 2);
        assertThat(d.awaitSettled(Duration.ofSeconds(5))).isZero();
        assertThat(log).containsExactly("webhook:e1#3", "dead webhook:e1 after 3 (c)", "settled e1 delivered=false attempts=3");
    }
}
