package io.eventqueue.operator.cluster;

import io.eventqueue.operator.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The defaults the documentation's EventQueue field table promises, read from the table itself (README.md or
 * docs/*.md, wherever it lives), so a test of them cannot drift from what people read.
 * A row `a.b.c` / `.d` / `e` with defaults `x` / `y` / `z` promises a.b.c = x, a.b.d = y, a.b.e = z; one default for
 * several fields applies to each; `–` (with or without a note in parentheses) promises the field is absent from what
 * the API server stores; a default in prose (not in backticks) is skipped.
 */
final class DefaultsTable {
    static final String HEADER = "| field | default | validation | meaning |";
    private static final Pattern CODE = Pattern.compile("`([^`]*)`");

    /** A promised default: the value (YAML scalar text, or null for "absent"). */
    record Promise(String path, Optional<String> value) {
    }

    private DefaultsTable() {
    }

    static Path source() {
        try (Stream<Path> docs = Files.exists(Fixtures.root().resolve("docs"))
                ? Files.list(Fixtures.root().resolve("docs")) : Stream.empty()) {
            List<Path> candidates = new ArrayList<>(List.of(Fixtures.root().resolve("README.md")));
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(candidates::add);
            return candidates.stream().filter(p -> read(p).contains(HEADER)).findFirst()
                    .orElseThrow(() -> new AssertionError("no EventQueue field table (" + HEADER + ") in " + candidates));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Promise> promises() {
        List<String> lines = read(source()).lines().toList();
        int start = lines.indexOf(HEADER) + 2;
        List<Promise> promises = new ArrayList<>();
        for (int i = start; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            String[] cells = lines.get(i).split("\\|");
            List<String> fields = fields(cells[1]);
            List<Optional<String>> defaults = defaults(cells[2]);
            if (defaults.size() == 1 && defaults.getFirst() != null) {
                fields.forEach(f -> promises.add(new Promise(f, defaults.getFirst())));
            } else if (defaults.size() == fields.size()) {
                for (int k = 0; k < fields.size(); k++) {
                    if (defaults.get(k) != null) {
                        promises.add(new Promise(fields.get(k), defaults.get(k)));
                    }
                }
            }
        }
        return promises;
    }

    /** `a.b.c` / `.d` / `e` → a.b.c, a.b.d, a.b.e */
    private static List<String> fields(String cell) {
        List<String> fields = new ArrayList<>();
        String prefix = "";
        Matcher m = CODE.matcher(cell);
        while (m.find()) {
            String name = m.group(1);
            if (fields.isEmpty()) {
                prefix = name.contains(".") ? name.substring(0, name.lastIndexOf('.') + 1) : "";
                fields.add(name);
            } else {
                fields.add(name.startsWith(".") ? prefix + name.substring(1) : name.contains(".") ? name : prefix + name);
            }
        }
        return fields;
    }

    /** Each `/`-separated part: a backticked value, empty for "–", or null for prose. */
    private static List<Optional<String>> defaults(String cell) {
        List<Optional<String>> values = new ArrayList<>();
        for (String part : cell.split(" / ")) {
            Matcher m = CODE.matcher(part);
            String text = part.strip();
            values.add(text.startsWith("–") ? Optional.empty() : m.find() ? Optional.of(m.group(1)) : null);
        }
        return values;
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Promise> byPath() {
        Map<String, Promise> map = new LinkedHashMap<>();
        promises().forEach(p -> map.put(p.path(), p));
        return map;
    }
}
