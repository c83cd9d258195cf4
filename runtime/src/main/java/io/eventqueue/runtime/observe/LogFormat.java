package io.eventqueue.runtime.observe;

import java.io.Console;
import java.lang.reflect.Method;
import java.util.Locale;
import java.util.logging.Formatter;

/** The {@code log.format} values. {@code auto} is text on a terminal and JSON otherwise (pods, pipes, files). */
public enum LogFormat {
    JSON, TEXT, AUTO;

    /**
     * The format for a {@code log.format} value.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static LogFormat parse(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "json" -> JSON;
            case "text" -> TEXT;
            case "auto" -> AUTO;
            default -> throw new IllegalArgumentException("unknown format '" + name + "' (json, text, auto)");
        };
    }

    /** The formatter this format stands for, resolving {@code auto} against the current stdout. */
    public Formatter formatter() {
        return switch (this) {
            case JSON -> new JsonLogFormatter();
            case TEXT -> new TextLogFormatter();
            case AUTO -> stdoutIsTerminal() ? new TextLogFormatter() : new JsonLogFormatter();
        };
    }

    /**
     * Whether stdout is an interactive terminal. From JDK 22 {@link System#console()} is not null for
     * redirected output either, so its {@code isTerminal()} (absent from the Java 21 API) decides when present.
     */
    static boolean stdoutIsTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
