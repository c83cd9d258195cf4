package io.eventqueue.runtime.event;

import java.util.Locale;

/** {@code events.types.mode}: whether an event of a type nobody declared is accepted. */
public enum TypesMode {
    /** Any type; its data is opaque unless the type is declared. */
    OPEN,
    /** Only built-in and declared types; any other answers 400 listing them. */
    STRICT;

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
