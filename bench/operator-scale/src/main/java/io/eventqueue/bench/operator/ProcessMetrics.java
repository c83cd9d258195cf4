package io.eventqueue.bench.operator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** CPU, RSS and heap-after-GC of a process on this Linux machine, read from /proc and jcmd. */
final class ProcessMetrics {
    private final Path jcmd;

    /** @param java the java binary whose sibling jcmd talks to the measured JVM */
    ProcessMetrics(Path java) {
        this.jcmd = java.resolveSibling("jcmd");
    }

    static double cpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
    }

    static double rssMiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }

    /** Java heap in use right after a full GC of the process ({@code jcmd GC.run}, then GC.heap_info). */
    double heapAfterGcMiB(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        String info = jcmd(pid, "GC.heap_info");
        long usedKiB = 0;
        Matcher m = Pattern.compile("total \\d+K, used (\\d+)K").matcher(info);
        while (m.find()) {
            usedKiB += Long.parseLong(m.group(1));
        }
        return usedKiB / 1024.0;
    }

    private String jcmd(long pid, String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        p.waitFor(60, TimeUnit.SECONDS);
        return new String(out, StandardCharsets.UTF_8);
    }
}
