package io.eventqueue.runtime.admission;

import io.eventqueue.runtime.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The ring and table behind {@link DedupWindow}: wrap-around, dead slots, compaction, against a reference model. */
class DedupWindowRingTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void theRingWrapsAroundManyTimesAndStillExpiresInOrder() {
        DedupWindow window = new DedupWindow(Duration.ofSeconds(10), 20, clock);
        for (int i = 0; i < 1_000; i++) {
            assertThat(window.firstSighting("id-" + i)).isTrue();
            assertThat(window.firstSighting("id-" + i)).isFalse();
            clock.advance(Duration.ofSeconds(1));
            // Seen 1..9 s ago: id-(i-8) .. id-i are within the window, id-(i-9) just left it.
            assertThat(window.size()).isEqualTo(Math.min(i + 1, 9));
        }
        assertThat(window.firstSighting("id-991")).isFalse();
        assertThat(window.firstSighting("id-990")).isTrue();
        assertThat(window.evictedEarly()).isZero();
    }

    @Test
    void expiryStepsOverAnIdentityForgottenInTheMiddle() {
        DedupWindow window = new DedupWindow(Duration.ofSeconds(10), 100, clock);
        window.firstSighting("a");
        clock.advance(Duration.ofSeconds(1));
        window.firstSighting("b");
        clock.advance(Duration.ofSeconds(1));
        window.firstSighting("c");
        window.forget("b");
        assertThat(window.size()).isEqualTo(2);

        clock.advance(Duration.ofSeconds(9));
        assertThat(window.size()).isEqualTo(1);
        assertThat(window.firstSighting("c")).isFalse();
        assertThat(window.firstSighting("b")).isTrue();
        assertThat(window.firstSighting("a")).isTrue();
        assertThat(window.size()).isEqualTo(3);
    }

    @Test
    void evictionStepsOverAnIdentityForgottenInTheMiddleWithoutCountingIt() {
        DedupWindow window = new DedupWindow(Duration.ofHours(1), 3, clock);
        window.firstSightings(new String[] {"a", "b", "c"});
        window.forget("b");
        assertThat(window.firstSighting("d")).isTrue();
        assertThat(window.evictedEarly()).isZero();

        assertThat(window.firstSighting("e")).isTrue(); // evicts a
        assertThat(window.firstSighting("f")).isTrue(); // steps over b, evicts c
        assertThat(window.evictedEarly()).isEqualTo(2);
        assertThat(window.size()).isEqualTo(3);
        assertThat(window.firstSightings(new String[] {"d", "e", "f"})).containsExactly(false, false, false);
        assertThat(window.firstSightings(new String[] {"c", "a"})).containsExactly(true, true); // evicts d, e
        assertThat(window.firstSightings(new String[] {"f", "d"})).containsExactly(false, true);
    }

    @Test
    void theCapEvictsInFirstSightingOrder() {
        DedupWindow window = new DedupWindow(Duration.ofHours(1), 5, clock);
        window.firstSightings(new String[] {"0", "1", "2", "3", "4"});
        window.firstSighting("2"); // a repeat does not refresh its place
        window.firstSightings(new String[] {"5", "6"});
        assertThat(window.evictedEarly()).isEqualTo(2);
        assertThat(window.firstSightings(new String[] {"2", "3", "4", "5", "6"}))
                .containsExactly(false, false, false, false, false);
        assertThat(window.firstSighting("1")).isTrue(); // evicts 2
        assertThat(window.firstSighting("3")).isFalse();
        assertThat(window.firstSighting("2")).isTrue(); // evicts 3
        assertThat(window.firstSighting("3")).isTrue();
        assertThat(window.evictedEarly()).isEqualTo(5);
    }

    @Test
    void aRepeatWithinOneBatchIsADuplicate() {
        DedupWindow window = new DedupWindow(Duration.ofMinutes(5), 10, clock);
        assertThat(window.firstSightings(new String[] {"x", "y", "x"})).containsExactly(true, true, false);
    }

    @Test
    void manyForgetsAndReAddsKeepTheCapExactAndEveryLiveIdentityFindable() {
        int max = 1_000;
        DedupWindow window = new DedupWindow(Duration.ofHours(1), max, clock);
        List<String> live = new ArrayList<>();
        for (int i = 0; i < max; i++) {
            live.add("id-" + i);
            window.firstSighting("id-" + i);
        }
        Random random = new Random(7);
        for (int i = max; i < 200_000; i++) {
            // Forget one anywhere in the ring (dead slots in the middle, compaction), then add a new one.
            window.forget(live.remove(random.nextInt(live.size())));
            live.add("id-" + i);
            assertThat(window.firstSighting("id-" + i)).isTrue();
        }
        assertThat(window.size()).isEqualTo(max);
        assertThat(window.evictedEarly()).isZero();
        assertThat(window.firstSightings(live.toArray(String[]::new))).doesNotContain(true);
        assertThat(window.firstSighting("id-0")).isTrue();
        assertThat(window.evictedEarly()).isEqualTo(1);
    }

    @Test
    void forgettingEverythingEmptiesTheWindow() {
        DedupWindow window = new DedupWindow(Duration.ofHours(1), 50, clock);
        List<String> ids = new ArrayList<>();
        for (int round = 0; round < 100; round++) {
            ids.clear();
            for (int i = 0; i < 50; i++) {
                ids.add(round + "-" + i);
            }
            assertThat(window.firstSightings(ids.toArray(String[]::new))).doesNotContain(false);
            window.forgetAll(ids.reversed());
            assertThat(window.size()).isZero();
        }
        assertThat(window.evictedEarly()).isZero();
    }

    @Test
    void zeroEntriesDisablesDedup() {
        DedupWindow window = new DedupWindow(Duration.ofHours(1), 0, clock);
        assertThat(window.firstSightings(new String[] {"x", "x"})).containsExactly(true, true);
        window.forget("x");
        assertThat(window.size()).isZero();
    }

    @Test
    void anImpossibleCapIsRefused() {
        assertThatThrownBy(() -> new DedupWindow(Duration.ofHours(1), DedupWindow.MAX_ENTRIES + 1, clock))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxEntries");
    }

    @ParameterizedTest(name = "maxEntries {0}, window {1} ms, {2} identities")
    @CsvSource({"64, 1000, 200", "7, 200, 20", "300, 5000, 1000", "1, 50, 3"})
    void behavesLikeAnInsertionOrderedMapOver100000RandomOperations(int max, int windowMillis, int identities) {
        Random random = new Random(max * 1_000_003L + windowMillis);
        DedupWindow window = new DedupWindow(Duration.ofMillis(windowMillis), max, clock);
        ReferenceWindow reference = new ReferenceWindow(windowMillis, max, clock);
        for (int op = 0; op < 100_000; op++) {
            String context = "operation " + op;
            clock.advance(Duration.ofMillis(random.nextInt(4) == 0 ? random.nextInt(windowMillis / 10 + 2) : 0));
            switch (random.nextInt(6)) {
                case 0, 1 -> {
                    String id = "id-" + random.nextInt(identities);
                    assertThat(window.firstSighting(id)).as(context).isEqualTo(reference.firstSighting(id));
                }
                case 2 -> {
                    String[] batch = randomIds(random, identities, 1 + random.nextInt(Math.min(max, 100) + 2));
                    assertThat(window.firstSightings(batch)).as(context).isEqualTo(reference.firstSightings(batch));
                }
                case 3 -> {
                    String id = "id-" + random.nextInt(identities);
                    window.forget(id);
                    reference.forget(id);
                }
                case 4 -> {
                    List<String> ids = List.of(randomIds(random, identities, random.nextInt(max + 2)));
                    window.forgetAll(ids);
                    ids.forEach(reference::forget);
                }
                default -> assertThat(window.size()).as(context).isEqualTo(reference.size());
            }
            assertThat(window.evictedEarly()).as(context).isEqualTo(reference.evictedEarly);
        }
    }

    private static String[] randomIds(Random random, int identities, int count) {
        String[] ids = new String[count];
        for (int i = 0; i < count; i++) {
            ids[i] = "id-" + random.nextInt(identities);
        }
        return ids;
    }

    /** The straightforward model: identities in first-sighting order in a map, oldest removed first. */
    private static final class ReferenceWindow {
        private final long windowMillis;
        private final int max;
        private final Clock clock;
        private final LinkedHashMap<String, Long> seen = new LinkedHashMap<>();
        long evictedEarly;

        ReferenceWindow(long windowMillis, int max, Clock clock) {
            this.windowMillis = windowMillis;
            this.max = max;
            this.clock = clock;
        }

        boolean firstSighting(String id) {
            return firstSightings(new String[] {id})[0];
        }

        boolean[] firstSightings(String[] ids) {
            long now = clock.millis();
            expire(now);
            boolean[] first = new boolean[ids.length];
            for (int i = 0; i < ids.length; i++) {
                first[i] = seen.putIfAbsent(ids[i], now) == null;
                if (seen.size() > max) {
                    seen.remove(seen.keySet().iterator().next());
                    evictedEarly++;
                }
            }
            return first;
        }

        void forget(String id) {
            seen.remove(id);
        }

        int size() {
            expire(clock.millis());
            return seen.size();
        }

        private void expire(long now) {
            Iterator<Map.Entry<String, Long>> it = seen.entrySet().iterator();
            while (it.hasNext() && it.next().getValue() <= now - windowMillis) {
                it.remove();
            }
        }
    }

    @Test
    void theRingStartsSmallAndGrowsToTheCapWithoutLosingIdentities() {
        DedupWindow window = new DedupWindow(Duration.ofHours(1), 100_000, clock);
        assertThat(window.allocatedSlots()).as("an idle window holds little").isLessThanOrEqualTo(1024);
        for (int i = 0; i < 100_000; i++) {
            assertThat(window.firstSighting("id-" + i)).isTrue();
            if (i % 3 == 0) {
                window.forget("id-" + i);
            }
        }
        assertThat(window.size()).isEqualTo(100_000 - 33_334);
        assertThat(window.allocatedSlots()).isGreaterThanOrEqualTo(window.size()).isLessThanOrEqualTo(125_000);
        for (int i = 0; i < 100_000; i++) {
            assertThat(window.firstSighting("id-" + i)).as("id-" + i).isEqualTo(i % 3 == 0);
        }
        assertThat(window.size()).isEqualTo(100_000);
        assertThat(window.evictedEarly()).isZero();
        assertThat(window.firstSighting("one more")).isTrue();
        assertThat(window.evictedEarly()).isEqualTo(1);
        assertThat(window.firstSighting("id-1")).as("the oldest was evicted").isTrue();
    }
}
