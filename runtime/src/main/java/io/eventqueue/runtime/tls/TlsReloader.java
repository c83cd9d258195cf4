package io.eventqueue.runtime.tls;

import io.helidon.common.tls.Tls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Watches the TLS files and hands a new {@link Tls} to the server when their content changes, as when
 * cert-manager renews a certificate and the kubelet swaps the Secret volume. Content is compared (not
 * modification times) because a Secret update is a symlink swap. A broken or half-written pair is logged and
 * skipped: the server keeps the previous certificate and the next check tries again.
 */
public final class TlsReloader implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TlsReloader.class.getName());

    private final TlsFiles files;
    private final Consumer<Tls> apply;
    private byte[] applied;
    private byte[] lastFailed;
    private ScheduledExecutorService scheduler;

    /** @param apply receives each new Tls, e.g. {@code webServer::reloadTls} */
    public TlsReloader(TlsFiles files, Consumer<Tls> apply) {
        this.files = files;
        this.apply = apply;
        this.applied = fingerprint();
    }

    /** Checks every {@code interval} on a daemon thread. */
    public synchronized void start(Duration interval) {
        if (scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "tls-reload");
            thread.setDaemon(true);
            return thread;
        });
        long millis = interval.toMillis();
        scheduler.scheduleWithFixedDelay(this::checkNow, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Reloads if the files changed since the last successful load; true when a new certificate was applied. */
    public synchronized boolean checkNow() {
        byte[] current = fingerprint();
        if (current == null || Arrays.equals(current, applied)) {
            return false;
        }
        try {
            Tls tls = TlsFactory.create(files);
            apply.accept(tls);
            applied = current;
            lastFailed = null;
            LOG.info("reloaded the TLS certificate from " + files.certificate());
            return true;
        } catch (TlsConfigException | RuntimeException e) {
            if (!Arrays.equals(current, lastFailed)) {
                LOG.log(Level.WARNING, "TLS files changed but cannot be used, keeping the current certificate: {0}",
                        e instanceof TlsConfigException ? e.getMessage() : e.toString());
                lastFailed = current;
            }
            return false;
        }
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    private byte[] fingerprint() {
        List<Path> paths = new ArrayList<>(List.of(files.certificate(), files.privateKey()));
        files.clientCa().ifPresent(paths::add);
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Path path : paths) {
                digest.update(Files.readAllBytes(path));
                digest.update((byte) 0);
            }
            return digest.digest();
        } catch (IOException e) {
            return null;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
