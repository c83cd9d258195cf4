package io.eventqueue.runtime.log.journal;

import io.eventqueue.runtime.log.RecordLog;
import io.eventqueue.runtime.config.RuntimeConfig.Fsync;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * Segmented append-only write-ahead log with group commit.
 *
 * <p>Appenders hand their records to one writer thread and wait; the writer drains everything that queued up
 * meanwhile, writes it with one {@code write} and (policy permitting) one {@code fsync}, then releases them all.
 * A batch passed to {@link #append(List)} is therefore one commit, and concurrent appenders share commits.
 *
 * <p>Entries are acked with {@link #ack(long...)} once delivered; acks are written lazily in the next group.
 * A sealed segment is deleted once it and every older segment hold no live entry, so an ack record is never
 * deleted while the entry it acks still exists on disk. Appends beyond {@link JournalOptions#maxBytes()} fail
 * with {@link JournalFullException}; acks are always accepted so a full journal can drain.
 *
 * <p>{@link #open} scans every segment, truncates each at its first record that does not verify (the rest
 * is moved aside into a {@code .corrupt-*} file and reported), and returns the entries accepted but never acked,
 * in append order, through {@link #forEachRecovered} (streamed from the segment files, so a large backlog is not held
 * in memory; only a bit per sequence is).
 */
public final class Journal implements RecordLog {
    private static final int INITIAL_BUFFER_BYTES = 64 << 10;
    private static final int MAX_BUFFER_BYTES = 1 << 20;
    private static final System.Logger LOG = System.getLogger(Journal.class.getName());
    private static final int MAX_REQUESTS_PER_GROUP = 4096;

    /** Opens a new segment file for writing; tests substitute one that fails like a full disk. */
    interface SegmentOpener {
        FileChannel open(Path path) throws IOException;
    }

    private static final SegmentOpener CREATE_NEW =
            path -> FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);

    private final JournalOptions options;
    private final SegmentOpener opener;
    private final LinkedBlockingQueue<Request> requests = new LinkedBlockingQueue<>();
    private final Thread writer;
    private final Recovery recovery;
    private final AtomicLong usedBytes = new AtomicLong();
    private final AtomicLong liveEntries = new AtomicLong();
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong fsyncs = new AtomicLong();
    private volatile Throwable failure;
    private volatile boolean closed;

    // Writer-thread state.
    private final ArrayDeque<Segment> segments = new ArrayDeque<>();
    private final TreeMap<Long, Segment> segmentsByFirstSequence = new TreeMap<>();
    private final CRC32C crc = new CRC32C();
    // Starts small (direct buffers are zeroed, so their pages count towards RSS at once; a runtime has two journals)
    // and doubles when a group does not fit, up to MAX_BUFFER_BYTES (or the largest record).
    private ByteBuffer buffer = ByteBuffer.allocateDirect(INITIAL_BUFFER_BYTES);
    private Segment active;
    private volatile FileChannel activeChannel;
    private long nextSequence;
    private boolean dirty;
    /** Set by the writer after a write, cleared by the interval syncer before it forces. */
    private final AtomicBoolean unsynced = new AtomicBoolean();
    private final Thread syncer;

    private Journal(JournalOptions options, SegmentOpener opener, Recovery recovery) {
        this.options = options;
        this.opener = opener;
        this.recovery = recovery;
        this.writer = Thread.ofPlatform().name("journal-writer-" + options.directory().getFileName()).daemon(true)
                .unstarted(this::runWriter);
        this.syncer = options.fsync() != Fsync.INTERVAL ? null
                : Thread.ofPlatform().name("journal-sync-" + options.directory().getFileName()).daemon(true)
                .unstarted(this::runSyncer);
    }

    /** Opens (or creates) the journal in {@link JournalOptions#directory()}, recovering what is there. */
    public static Journal open(JournalOptions options) throws IOException {
        return open(options, CREATE_NEW);
    }

    static Journal open(JournalOptions options, SegmentOpener opener) throws IOException {
        Files.createDirectories(options.directory());
        Recovery recovery = Recovery.run(options.directory());
        Journal journal = new Journal(options, opener, recovery);
        journal.adopt(recovery);
        journal.writer.start();
        if (journal.syncer != null) {
            journal.syncer.start();
        }
        return journal;
    }

    /** Receives recovered entries one at a time. */
    @FunctionalInterface
    public interface EntryHandler {
        void handle(JournalEntry entry) throws InterruptedException;
    }

    /**
     * Hands every entry that was accepted but not acked when the journal was opened to {@code handler}, oldest first,
     * reading them from the segment files. Ack each once delivered. Call once, before the entries' acks can delete
     * their segments' files is fine: an entry not handed out yet is still live, so its segment is still there.
     */
    public void forEachRecovered(EntryHandler handler) throws IOException, InterruptedException {
        for (Path file : recovery.files()) {
            try {
                SegmentScanner.scan(file, new SegmentScanner.Visitor() {
                    @Override
                    public void entry(long sequence, ByteBuffer payload) throws InterruptedException {
                        if (recovery.isPending(sequence)) {
                            byte[] bytes = new byte[payload.remaining()];
                            payload.get(bytes);
                            handler.handle(new JournalEntry(sequence, bytes));
                        }
                    }

                    @Override
                    public void ack(long sequence) {
                    }
                });
            } catch (NoSuchFileException acknowledgedMeanwhile) {
                // Every entry of it was handed out and acked already, so the segment was deleted.
            }
        }
    }

    /** {@link #forEachRecovered} as a list: for small journals (the dead-letter store) and tests. */
    public List<JournalEntry> recovered() throws IOException {
        List<JournalEntry> out = new ArrayList<>();
        try {
            forEachRecovered(out::add);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading the journal", e);
        }
        return out;
    }

    /** How many entries {@link #forEachRecovered} hands out. */
    public long recoveredCount() {
        return recovery.pendingCount();
    }

    /** What recovery found wrong (one line per damaged segment); empty when every segment verified. */
    public List<String> recoveryProblems() {
        return recovery.problems();
    }

    /** Appends one entry; returns its sequence once committed under the fsync policy. */
    public long append(byte[] payload) {
        return append(List.of(payload))[0];
    }

    /**
     * Appends entries as one group commit (all or none) and returns their sequences, in order, once committed.
     *
     * @throws JournalFullException when the entries do not fit under the disk bound
     */
    public long[] append(List<byte[]> payloads) {
        if (payloads.isEmpty()) {
            return new long[0];
        }
        for (byte[] payload : payloads) {
            if (RecordFormat.entryRecordBytes(payload.length) - RecordFormat.RECORD_HEADER_BYTES > RecordFormat.MAX_BODY_BYTES) {
                throw new IllegalArgumentException("journal entry too large: " + payload.length + " bytes");
            }
        }
        Request request = Request.append(payloads);
        submit(request);
        return await(request.done);
    }

    /** Marks entries as delivered. Asynchronous: written with the next group; a lost ack means a redelivery. */
    public void ack(long... sequences) {
        if (sequences.length > 0) {
            submit(Request.ack(sequences));
        }
    }

    /** Waits until everything submitted so far is written and forced to disk. */
    public void sync() {
        Request request = Request.sync();
        submit(request);
        await(request.done);
    }

    public long usedBytes() {
        return usedBytes.get();
    }

    public long maxBytes() {
        return options.maxBytes();
    }

    /** Entries appended (or recovered) and not yet acked. */
    public long liveEntries() {
        return liveEntries.get();
    }

    public long commits() {
        return commits.get();
    }

    public long fsyncs() {
        return fsyncs.get();
    }

    public int segmentCount() {
        try (Stream<Path> files = Files.list(options.directory())) {
            return (int) files.filter(p -> Segment.parseNumber(p.getFileName().toString()) >= 0).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** False once the journal is closed or its writer failed: appends would be refused. */
    public boolean writable() {
        return !closed && failure == null;
    }

    /** Writes and forces everything pending, then stops the writer. Further calls fail. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (failure != null) {
            // The writer already stopped on that failure: nothing more can be written, and shutdown must go on.
            closed = true;
            return;
        }
        Request request = Request.close();
        submit(request);
        closed = true;
        try {
            await(request.done);
        } finally {
            try {
                writer.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void submit(Request request) {
        if (closed) {
            throw new IllegalStateException("journal is closed");
        }
        Throwable broken = failure;
        if (broken != null) {
            throw new UncheckedIOException("journal failed earlier: " + broken.getMessage(), asIo(broken));
        }
        requests.add(request);
    }

    private static long[] await(CompletableFuture<long[]> done) {
        try {
            return done.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new UncheckedIOException(asIo(e.getCause()));
        }
    }

    private static IOException asIo(Throwable t) {
        return t instanceof IOException io ? io : new IOException(t);
    }

    // ---- writer thread -------------------------------------------------------------------------------------

    private void adopt(Recovery recovery) throws IOException {
        long used = 0;
        long live = 0;
        for (Segment segment : recovery.segments()) {
            segment.sealed = true;
            segments.add(segment);
            if (segment.firstSequence >= 0) {
                segmentsByFirstSequence.put(segment.firstSequence, segment);
            }
            used += segment.bytes;
            live += segment.liveCount();
        }
        usedBytes.set(used);
        liveEntries.set(live);
        nextSequence = recovery.nextSequence();
        deleteAckedPrefix();
        openNewSegment(recovery.nextSegmentNumber());
    }

    private void runWriter() {
        List<Request> group = new ArrayList<>();
        boolean running = true;
        while (running) {
            try {
                Request first = requests.take();
                group.clear();
                if (first != null) {
                    group.add(first);
                    requests.drainTo(group, MAX_REQUESTS_PER_GROUP - 1);
                }
                running = commit(group);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail(group, e);
                return;
            } catch (Throwable t) {
                fail(group, t);
                return;
            }
        }
    }

    /**
     * For {@link Fsync#INTERVAL}: forces the active segment every interval when something was written, on its
     * own thread so appenders never wait for an fsync. A segment being rolled is forced by the writer itself.
     */
    private void runSyncer() {
        long intervalNanos = options.fsyncInterval().toNanos();
        while (writer.isAlive()) {
            try {
                TimeUnit.NANOSECONDS.sleep(intervalNanos);
            } catch (InterruptedException e) {
                return;
            }
            if (unsynced.getAndSet(false)) {
                try {
                    activeChannel.force(false);
                    fsyncs.incrementAndGet();
                } catch (ClosedChannelException rolledOrClosed) {
                    // The writer forced it before closing.
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.ERROR, "journal fsync failed: " + e);
                }
            }
        }
    }

    /** Writes one group; returns false once a close request was handled. */
    private boolean commit(List<Request> group) throws IOException {
        boolean close = false;
        for (Request request : group) {
            close |= request.kind == Kind.CLOSE;
        }
        try {
            writeGroup(group, close);
        } catch (IOException e) {
            if (close) {
                throw e;
            }
            rollBack(group, e);
            return true;
        }
        if (close) {
            activeChannel.close();
            if (syncer != null) {
                syncer.interrupt();
            }
        }
        return !close;
    }

    private void writeGroup(List<Request> group, boolean close) throws IOException {
        boolean forceNow = close;
        long[] acks = null;
        int ackCount = 0;
        for (Request request : group) {
            switch (request.kind) {
                case APPEND -> writeAppend(request);
                case ACK -> {
                    for (long sequence : request.sequences) {
                        if (ackLive(sequence)) {
                            if (acks == null) {
                                acks = new long[Math.max(16, request.sequences.length)];
                            } else if (ackCount == acks.length) {
                                acks = Arrays.copyOf(acks, acks.length * 2);
                            }
                            acks[ackCount++] = sequence;
                        }
                    }
                }
                case SYNC -> forceNow = true;
                case CLOSE -> { }
            }
        }
        for (int from = 0; from < ackCount; from += RecordFormat.MAX_ACKS_PER_RECORD) {
            int to = Math.min(ackCount, from + RecordFormat.MAX_ACKS_PER_RECORD);
            reserve(RecordFormat.ackRecordBytes(to - from));
            RecordFormat.writeAck(buffer, crc, acks, from, to);
        }
        flushBuffer();
        if (!group.isEmpty()) {
            commits.incrementAndGet();
        }
        switch (options.fsync()) {
            case ALWAYS -> forceNow |= dirty;
            case INTERVAL -> {
                if (dirty && !forceNow) {
                    unsynced.set(true);
                }
            }
            case NEVER -> { }
        }
        if (forceNow && dirty) {
            force();
        }
        if (ackCount > 0) {
            deleteAckedPrefix();
        }
        for (Request request : group) {
            if (!request.done.isDone()) {
                request.done.complete(request.result);
            }
        }
    }

    /**
     * A write or fsync failed (a full or failing disk): cut the segment back to its last complete record so no
     * torn record sits in front of later ones, forget the group's entries, and fail its requests. The journal keeps
     * running; if even the cut fails, the exception stops the writer.
     */
    private void rollBack(List<Request> group, IOException cause) throws IOException {
        buffer.clear();
        activeChannel.truncate(active.bytes);
        for (Request request : group) {
            if (request.kind == Kind.APPEND) {
                for (int i = 0; i < request.appended; i++) {
                    ackLive(request.result[i]);
                }
            }
            request.done.completeExceptionally(request.kind == Kind.APPEND
                    ? new JournalFullException("journal write failed (" + cause.getMessage() + "); nothing of this "
                    + "request was kept")
                    : new UncheckedIOException(cause));
        }
        LOG.log(System.Logger.Level.ERROR, "journal write failed, " + group.size() + " requests refused: " + cause);
    }

    private void writeAppend(Request request) throws IOException {
        long bytes = 0;
        for (byte[] payload : request.payloads) {
            bytes += RecordFormat.entryRecordBytes(payload.length);
        }
        if (usedBytes.get() + bytes > options.maxBytes()) {
            request.done.completeExceptionally(new JournalFullException("journal full: " + usedBytes.get()
                    + " of " + options.maxBytes() + " bytes used in " + options.directory()
                    + " (events are waiting for delivery)"));
            return;
        }
        long[] sequences = new long[request.payloads.size()];
        request.result = sequences;
        int i = 0;
        for (byte[] payload : request.payloads) {
            int recordBytes = RecordFormat.entryRecordBytes(payload.length);
            reserve(recordBytes);
            long sequence = nextSequence++;
            RecordFormat.writeEntry(buffer, crc, sequence, payload);
            active.addLive(sequence);
            if (active.firstSequence == sequence) {
                segmentsByFirstSequence.put(sequence, active);
            }
            sequences[i++] = sequence;
            request.appended = i;
        }
        liveEntries.addAndGet(sequences.length);
    }

    /** Makes room for one record in the buffer, rolling to a new segment first when this one is full. */
    private void reserve(int recordBytes) throws IOException {
        long activeBytes = active.bytes + buffer.position();
        if (activeBytes + recordBytes > options.segmentBytes() && activeBytes > RecordFormat.FILE_HEADER_BYTES) {
            flushBuffer();
            roll();
        }
        if (buffer.remaining() < recordBytes) {
            boolean full = buffer.position() > 0;
            flushBuffer();
            if (buffer.capacity() < recordBytes) {
                buffer = ByteBuffer.allocateDirect(Integer.highestOneBit(recordBytes) << 1);
            } else if (full && buffer.capacity() < MAX_BUFFER_BYTES) {
                buffer = ByteBuffer.allocateDirect(buffer.capacity() * 2);
            }
        }
    }

    private void flushBuffer() throws IOException {
        if (buffer.position() == 0) {
            return;
        }
        buffer.flip();
        int written = buffer.remaining();
        while (buffer.hasRemaining()) {
            activeChannel.write(buffer);
        }
        buffer.clear();
        active.bytes += written;
        usedBytes.addAndGet(written);
        dirty = true;
    }

    private void force() throws IOException {
        activeChannel.force(false);
        fsyncs.incrementAndGet();
        dirty = false;
    }

    private void roll() throws IOException {
        if (options.fsync() != Fsync.NEVER && dirty) {
            force();
        }
        Segment old = active;
        FileChannel oldChannel = activeChannel;
        openNewSegment(old.number + 1);
        old.sealed = true;
        oldChannel.close();
        deleteAckedPrefix();
    }

    /** Creates the next segment with its header; the journal's state changes only once that succeeded. */
    private void openNewSegment(long number) throws IOException {
        Path path = options.directory().resolve(Segment.fileName(number));
        FileChannel channel = opener.open(path);
        try {
            ByteBuffer header = ByteBuffer.allocate(RecordFormat.FILE_HEADER_BYTES);
            RecordFormat.writeFileHeader(header);
            header.flip();
            while (header.hasRemaining()) {
                channel.write(header);
            }
            if (options.fsync() != Fsync.NEVER) {
                channel.force(false);
                fsyncs.incrementAndGet();
            }
        } catch (IOException e) {
            channel.close();
            Files.deleteIfExists(path);
            throw e;
        }
        activeChannel = channel;
        active = new Segment(number, path, RecordFormat.FILE_HEADER_BYTES);
        segments.add(active);
        usedBytes.addAndGet(RecordFormat.FILE_HEADER_BYTES);
        if (options.fsync() != Fsync.NEVER) {
            forceDirectory();
        }
    }

    private boolean ackLive(long sequence) {
        Map.Entry<Long, Segment> owner = segmentsByFirstSequence.floorEntry(sequence);
        if (owner == null || !owner.getValue().ack(sequence)) {
            return false;
        }
        liveEntries.decrementAndGet();
        return true;
    }

    private void deleteAckedPrefix() throws IOException {
        boolean deleted = false;
        while (!segments.isEmpty()) {
            Segment oldest = segments.peekFirst();
            if (!oldest.sealed || oldest.liveCount() > 0) {
                break;
            }
            segments.removeFirst();
            if (oldest.firstSequence >= 0) {
                segmentsByFirstSequence.remove(oldest.firstSequence);
            }
            Files.deleteIfExists(oldest.path);
            usedBytes.addAndGet(-oldest.bytes);
            deleted = true;
        }
        if (deleted && options.fsync() != Fsync.NEVER) {
            forceDirectory();
        }
    }

    private void forceDirectory() {
        try (FileChannel dir = FileChannel.open(options.directory(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // Some file systems cannot fsync a directory; the file contents are forced regardless.
            LOG.log(System.Logger.Level.DEBUG, "directory fsync not supported: {0}", e.getMessage());
        }
    }

    private void fail(List<Request> group, Throwable t) {
        failure = t;
        LOG.log(System.Logger.Level.ERROR, "journal writer stopped: " + t);
        List<Request> all = new ArrayList<>(group);
        requests.drainTo(all);
        for (Request request : all) {
            request.done.completeExceptionally(t);
        }
    }

    // ---- requests and recovery -----------------------------------------------------------------------------

    private enum Kind { APPEND, ACK, SYNC, CLOSE }

    private static final class Request {
        final Kind kind;
        final List<byte[]> payloads;
        final long[] sequences;
        final CompletableFuture<long[]> done = new CompletableFuture<>();
        long[] result = new long[0];
        /** Entries of an append that got a sequence (and a live bit) so far. */
        int appended;

        private Request(Kind kind, List<byte[]> payloads, long[] sequences) {
            this.kind = kind;
            this.payloads = payloads;
            this.sequences = sequences;
        }

        static Request append(List<byte[]> payloads) {
            return new Request(Kind.APPEND, payloads, null);
        }

        static Request ack(long[] sequences) {
            return new Request(Kind.ACK, null, sequences);
        }

        static Request sync() {
            return new Request(Kind.SYNC, null, null);
        }

        static Request close() {
            return new Request(Kind.CLOSE, null, null);
        }
    }

    /**
     * What the segment files held at open: the segments (with their live bits), and which sequences are pending
     * (appended, never acked) as two bit sets over {@code sequence - base}, so recovery needs no payload in memory.
     */
    private record Recovery(List<Segment> segments, List<Path> files, BitSet present, BitSet acked, long base,
                            long pendingCount, List<String> problems, long nextSequence, long nextSegmentNumber) {

        boolean isPending(long sequence) {
            long i = sequence - base;
            return i >= 0 && i < Integer.MAX_VALUE && present.get((int) i) && !acked.get((int) i);
        }

        static Recovery run(Path directory) throws IOException {
            List<Path> files;
            try (Stream<Path> list = Files.list(directory)) {
                files = list.filter(p -> Segment.parseNumber(p.getFileName().toString()) >= 0).sorted().toList();
            }
            BitSet present = new BitSet();
            BitSet acked = new BitSet();
            long[] base = {-1};
            List<Segment> segments = new ArrayList<>();
            List<long[]> ranges = new ArrayList<>();
            List<Path> kept = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            long maxSequence = -1;
            long maxSegment = -1;
            for (Path file : files) {
                long number = Segment.parseNumber(file.getFileName().toString());
                maxSegment = Math.max(maxSegment, number);
                long[] range = {Long.MAX_VALUE, -1};
                SegmentScanner.Result result;
                try {
                    result = SegmentScanner.scan(file, new SegmentScanner.Visitor() {
                        @Override
                        public void entry(long sequence, ByteBuffer payload) {
                            if (base[0] < 0) {
                                base[0] = sequence;
                            }
                            if (sequence >= base[0]) {
                                present.set(index(sequence, base[0]));
                                range[0] = Math.min(range[0], sequence);
                                range[1] = Math.max(range[1], sequence);
                            }
                        }

                        @Override
                        public void ack(long sequence) {
                            // An ack older than every entry on disk belongs to a deleted segment.
                            if (base[0] >= 0 && sequence >= base[0]) {
                                acked.set(index(sequence, base[0]));
                            }
                        }
                    });
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while recovering the journal", e);
                }
                maxSequence = Math.max(maxSequence, range[1]);
                if (!result.clean()) {
                    problems.add(moveAside(file, result));
                }
                if (result.validBytes() == 0) {
                    continue;
                }
                segments.add(new Segment(number, file, result.validBytes()));
                ranges.add(range);
                kept.add(file);
            }
            long pending = 0;
            // Only now are all acks known: an entry may be acked by a record in a later segment.
            for (int i = 0; i < segments.size(); i++) {
                long[] range = ranges.get(i);
                for (long sequence = range[0]; sequence <= range[1]; sequence++) {
                    int bit = index(sequence, base[0]);
                    if (present.get(bit) && !acked.get(bit)) {
                        segments.get(i).addLive(sequence);
                        pending++;
                    }
                }
            }
            return new Recovery(segments, List.copyOf(kept), present, acked, base[0], pending, List.copyOf(problems),
                    maxSequence + 1, maxSegment + 1);
        }

        private static int index(long sequence, long base) {
            return Math.toIntExact(sequence - base);
        }

        /** Keeps the verified prefix in place and moves the rest into a sibling file for inspection. */
        private static String moveAside(Path file, SegmentScanner.Result result) throws IOException {
            Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + System.currentTimeMillis());
            if (result.validBytes() == 0) {
                Files.move(file, aside);
            } else {
                try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
                     FileChannel out = FileChannel.open(aside, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    long position = result.validBytes();
                    long remaining = result.fileBytes() - position;
                    while (remaining > 0) {
                        long n = in.transferTo(position, remaining, out);
                        position += n;
                        remaining -= n;
                    }
                    out.force(true);
                    in.truncate(result.validBytes());
                    in.force(true);
                }
            }
            String line = "journal segment " + file.getFileName() + ": " + result.problem() + "; kept "
                    + result.validBytes() + " of " + result.fileBytes() + " bytes, moved the rest to " + aside.getFileName();
            LOG.log(System.Logger.Level.WARNING, line);
            return line;
        }
    }
}
