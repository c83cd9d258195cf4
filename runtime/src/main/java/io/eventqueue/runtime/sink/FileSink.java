package io.eventqueue.runtime.sink;

import io.eventqueue.runtime.process.ProcessedEvent;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * JSON Lines file ({@code sinks.file.path}) with size-based rotation: when the next line would pass {@code maxBytes},
 * {@code events.json} becomes {@code events.json.1}, {@code .1} becomes {@code .2} …, and at most {@code maxFiles}
 * rotated files are kept.
 */
public final class FileSink implements Sink {
    private final Path path;
    private final long maxBytes;
    private final int maxFiles;
    private OutputStream out;
    private long size;

    public FileSink(Path path, long maxBytes, int maxFiles) throws IOException {
        this.path = path.toAbsolutePath();
        this.maxBytes = maxBytes;
        this.maxFiles = maxFiles;
        Path dir = this.path.getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        open();
    }

    private void open() throws IOException {
        out = new BufferedOutputStream(Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE), 64 * 1024);
        size = Files.size(path);
    }

    @Override
    public String name() {
        return "file";
    }

    public Path path() {
        return path;
    }

    @Override
    public void write(ProcessedEvent event) throws IOException {
        // Encoded before taking the monitor: the workers share this file, not the encoding.
        append(event.jsonLine());
    }

    private synchronized void append(byte[] line) throws IOException {
        if (size > 0 && size + line.length > maxBytes) {
            rotate();
        }
        out.write(line);
        size += line.length;
    }

    private void rotate() throws IOException {
        out.close();
        Files.deleteIfExists(rotated(maxFiles));
        for (int i = maxFiles - 1; i >= 1; i--) {
            Path from = rotated(i);
            if (Files.exists(from)) {
                Files.move(from, rotated(i + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.move(path, rotated(1), StandardCopyOption.REPLACE_EXISTING);
        open();
    }

    private Path rotated(int n) {
        return path.resolveSibling(path.getFileName() + "." + n);
    }

    @Override
    public synchronized void flush() throws IOException {
        out.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
