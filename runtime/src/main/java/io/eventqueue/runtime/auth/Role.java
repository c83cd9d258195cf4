package io.eventqueue.runtime.auth;

import java.util.Locale;
import java.util.Optional;

/** What a caller may do. {@code admin} implies every other role. */
public enum Role {
    /** Posts events (single, batch, validate). */
    WRITER,
    /** Reads events, the live stream, and stats when {@code auth.stats-require-reader} is set. */
    READER,
    /** Issues tokens, inspects and replays dead letters, and everything the other roles may do. */
    ADMIN;

    /** The lower-case name used in tokens and config. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> parse(String name) {
        for (Role role : values()) {
            if (role.wireName().equals(name)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
