package io.eventqueue.manifests;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository is and what the build says about it (system properties set by the module's pom). */
final class Project {
    private Project() {
    }

    static Path root() {
        return Path.of(property("eventqueue.root")).toAbsolutePath().normalize();
    }

    static String version() {
        return property("eventqueue.version");
    }

    static String imageRegistry() {
        return property("eventqueue.image.registry");
    }

    /** The images' JAVA_TOOL_OPTIONS (the build's {@code image.java.options}). */
    static String imageJavaOptions() {
        return property("eventqueue.image.java.options");
    }

    static Path chart() {
        return root().resolve("charts/eventqueue-operator");
    }

    /** The generated CRD files, as `make crds` writes them: empty until the operator module produces one. */
    static java.util.List<Path> crdFiles() {
        return yamlFilesIn(root().resolve("crds"));
    }

    static java.util.List<Path> yamlFilesIn(Path dir) {
        if (!Files.isDirectory(dir)) {
            return java.util.List.of();
        }
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                    .sorted()
                    .toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set: run through Maven (see manifests/pom.xml)");
        }
        return value;
    }
}
