package io.eventqueue.runtime.config;

import java.util.List;

/**
 * One configuration key as {@link ConfigKeys} declares it: everything the runtime parses, validates, prints in
 * {@code --help} and documents in docs/configuration.md, and what the operator's generated key names come from.
 *
 * @param defaultValue the value when nothing sets the key, in the key's own syntax; empty means unset
 * @param min          the smallest accepted value in the key's own syntax ({@code 1ms}, {@code 1KiB}, {@code 1});
 *                     empty when the kind has no order
 * @param max          the largest accepted value, likewise
 * @param flagAliases  the Go Event Queue API's flag names for this key (without {@code --})
 * @param envAliases   the Go Event Queue API's environment variable names for this key
 * @param description  what the key does, one Markdown table cell
 */
public record ConfigKey(String name, Kind kind, String defaultValue, String min, String max, List<String> flagAliases,
                        List<String> envAliases, String description) {

    /** How a value is written; the typed readers of {@link ConfigValues} check that they read a key of their kind. */
    public enum Kind {
        TEXT, SECRET, BOOL, INT, NUMBER, DURATION, SIZE, CHOICE, PATH, URL, ADDRESS,
        /** A list or mapping in the config file, JSON text in a flag or variable. */
        STRUCTURED
    }

    public ConfigKey {
        flagAliases = List.copyOf(flagAliases);
        envAliases = List.copyOf(envAliases);
    }

    public boolean bounded() {
        return !min.isEmpty();
    }
}
