package io.eventqueue.runtime.config;

/** A configuration value that cannot be used; {@link #getMessage()} is the one line printed before exiting with status 2. */
public final class ConfigException extends RuntimeException {
    private final String key;

    public ConfigException(String key, String reason) {
        super("config: " + key + ": " + reason, null, false, false);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
