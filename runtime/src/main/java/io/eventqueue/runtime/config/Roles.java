package io.eventqueue.runtime.config;

import java.util.List;
import java.util.Set;

/** The role names carried in the JWT {@code roles} claim. */
public final class Roles {
    public static final String ADMIN = "admin";
    public static final String WRITER = "writer";
    public static final String READER = "reader";
    /** Every role; also what an admin token gets when the request names none. */
    public static final List<String> ALL = List.of(ADMIN, WRITER, READER);
    public static final Set<String> KNOWN = Set.copyOf(ALL);

    private Roles() {
    }
}
