package io.eventqueue.runtime.store;

import java.util.Locale;

/**
 * When the journal forces written records to the storage device.
 * <ul>
 *   <li>{@code ALWAYS}: every group commit is fsynced before appenders are released (survives power loss).</li>
 *   <li>{@code INTERVAL}: appenders are released once the group is written (survives a process crash);
 *       fsync runs at most every interval (a power loss may drop that last interval).</li>
 *   <li>{@code NEVER}: written to the OS only; the OS decides when it reaches the disk.</li>
 * </ul>
 */
public enum FsyncPolicy {
    ALWAYS, INTERVAL, NEVER;

    public static FsyncPolicy parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("must be one of always, interval, never (was '" + value + "')");
        }
    }
}
