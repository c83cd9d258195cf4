package io.eventqueue.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code scripts/java}, the README's launcher for the jars, runs a JDK of at least 21 even when JAVA_HOME is older. */
class JavaLauncherTest {
    private static final Pattern VERSION = Pattern.compile("java\\.specification\\.version = (\\d+)");

    @Test
    void runsAJavaOf21OrLaterWhateverTheDefault() throws Exception {
        ProcessBuilder launcher = new ProcessBuilder(Project.root().resolve("scripts/java").toString(),
                "-XshowSettings:properties", "-version").redirectErrorStream(true);
        try (var jdks = Files.list(Path.of("/usr/lib/jvm"))) {
            // An older JDK in JAVA_HOME (Debian's default 17 here) is passed over, as the Makefile does.
            jdks.filter(d -> d.getFileName().toString().contains("-17-")).findFirst()
                    .ifPresent(old -> launcher.environment().put("JAVA_HOME", old.toString()));
        } catch (java.io.IOException noJvmDirectory) {
            launcher.environment().remove("JAVA_HOME");
        }
        Process process = launcher.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        Matcher m = VERSION.matcher(output);
        assertThat(m.find()).as(output).isTrue();
        assertThat(Integer.parseInt(m.group(1))).isGreaterThanOrEqualTo(21);
    }
}
