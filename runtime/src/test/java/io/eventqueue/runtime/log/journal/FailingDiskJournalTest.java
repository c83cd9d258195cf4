package io.eventqueue.runtime.log.journal;

import io.eventqueue.runtime.config.RuntimeConfig.Fsync;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A disk that fills up mid-write: the request fails as "journal full", no torn record is left, the journal goes on. */
class FailingDiskJournalTest {
    @TempDir
    Path dir;

    private final AtomicBoolean diskFull = new AtomicBoolean();
    private final AtomicBoolean diskBroken = new AtomicBoolean();

    private JournalOptions options() {
        return new JournalOptions(dir, Fsync.ALWAYS, Duration.ofMillis(10), 1 << 20, 4096);
    }

    private List<String> recovered() throws IOException {
        try (Journal journal = Journal.open(options())) {
            assertThat(journal.recoveryProblems()).isEmpty();
            return journal.recovered().stream().map(e -> new String(e.payload(), UTF_8)).toList();
        }
    }

    @Test
    void aFailedWriteIsCutBackAndRefusedAndLaterWritesAreKept() throws IOException {
        try (Journal journal = Journal.open(options(), this::open)) {
            journal.append(List.of("a".getBytes(UTF_8), "b".getBytes(UTF_8)));
            diskFull.set(true);
            assertThatThrownBy(() -> journal.append("c-lost".getBytes(UTF_8)))
                    .isInstanceOf(JournalFullException.class).hasMessageContaining("No space left on device");
            assertThat(journal.liveEntries()).isEqualTo(2);
            diskFull.set(false);
            journal.append("d".getBytes(UTF_8));
        }
        assertThat(recovered()).containsExactly("a", "b", "d");
    }

    @Test
    void aSegmentThatCannotBeCreatedLeavesTheCurrentOneInUse() throws IOException {
        try (Journal journal = Journal.open(options(), this::open)) {
            byte[] big = new byte[1500];
            journal.append(big);
            journal.append(big);
            diskFull.set(true);
            assertThatThrownBy(() -> journal.append(big)).isInstanceOf(JournalFullException.class);
            diskFull.set(false);
            journal.append("after".getBytes(UTF_8));
        }
        assertThat(recovered()).hasSize(3).last().isEqualTo("after");
    }

    /** A disk that cannot even cut a failed write back stops the journal: it is no longer writable (readiness false). */
    @Test
    void aJournalWhoseDiskCannotBeRepairedStopsBeingWritable() throws IOException {
        try (Journal journal = Journal.open(options(), this::open)) {
            journal.append("a".getBytes(UTF_8));
            assertThat(journal.writable()).isTrue();
            diskFull.set(true);
            diskBroken.set(true);
            assertThatThrownBy(() -> journal.append("b".getBytes(UTF_8))).isInstanceOf(RuntimeException.class);
            assertThat(journal.writable()).isFalse();
            assertThatThrownBy(() -> journal.append("c".getBytes(UTF_8))).hasMessageContaining("journal failed earlier");
            diskFull.set(false);
            diskBroken.set(false);
        }
    }

    /** Real file channels whose writes (and new segment headers) fail half-way while the disk is "full". */
    private FileChannel open(Path path) throws IOException {
        FileChannel real = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return new FileChannel() {
            @Override
            public int write(ByteBuffer src) throws IOException {
                if (diskFull.get()) {
                    int half = src.remaining() / 2;
                    ByteBuffer part = src.slice(src.position(), half);
                    real.write(part);
                    src.position(src.position() + half);
                    throw new IOException("No space left on device");
                }
                return real.write(src);
            }

            @Override
            public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
                long n = 0;
                for (int i = offset; i < offset + length; i++) {
                    n += write(srcs[i]);
                }
                return n;
            }

            @Override
            public int write(ByteBuffer src, long position) throws IOException {
                return real.write(src, position);
            }

            @Override
            public int read(ByteBuffer dst) throws IOException {
                return real.read(dst);
            }

            @Override
            public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
                return real.read(dsts, offset, length);
            }

            @Override
            public int read(ByteBuffer dst, long position) throws IOException {
                return real.read(dst, position);
            }

            @Override
            public long position() throws IOException {
                return real.position();
            }

            @Override
            public FileChannel position(long newPosition) throws IOException {
                real.position(newPosition);
                return this;
            }

            @Override
            public long size() throws IOException {
                return real.size();
            }

            @Override
            public FileChannel truncate(long size) throws IOException {
                if (diskBroken.get()) {
                    throw new IOException("Input/output error");
                }
                real.truncate(size);
                return this;
            }

            @Override
            public void force(boolean metaData) throws IOException {
                real.force(metaData);
            }

            @Override
            public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
                return real.transferTo(position, count, target);
            }

            @Override
            public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
                return real.transferFrom(src, position, count);
            }

            @Override
            public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
                return real.map(mode, position, size);
            }

            @Override
            public FileLock lock(long position, long size, boolean shared) throws IOException {
                return real.lock(position, size, shared);
            }

            @Override
            public FileLock tryLock(long position, long size, boolean shared) throws IOException {
                return real.tryLock(position, size, shared);
            }

            @Override
            protected void implCloseChannel() throws IOException {
                real.close();
            }
        };
    }
}
