package io.eventqueue.runtime.log;

import java.util.function.Supplier;

/**
 * A JSON document rendered on first use: the hot path (accepting an event) only records how to render it, and
 * readers that never ask cost nothing. A document kept in a {@link DocumentArena} is copied out on every read and
 * is gone once the arena has written over it.
 */
public final class Document {
    private final Supplier<byte[]> render;
    private final int sizeHint;
    private final DocumentArena arena;
    private final long at;
    private volatile byte[] bytes;

    /** @param sizeHint an estimate of the rendered size, for memory bounds before rendering */
    public Document(Supplier<byte[]> render, int sizeHint) {
        this(render, sizeHint, null, -1);
    }

    private Document(Supplier<byte[]> render, int sizeHint, DocumentArena arena, long at) {
        this.render = render;
        this.sizeHint = sizeHint;
        this.arena = arena;
        this.at = at;
    }

    public static Document of(byte[] bytes) {
        Document d = new Document(() -> bytes, bytes.length);
        d.bytes = bytes;
        return d;
    }

    /** The document of {@code size} bytes that {@link DocumentArena#append} put at {@code at}. */
    public static Document inArena(DocumentArena arena, long at, int size) {
        return new Document(null, size, arena, at);
    }

    /** The JSON, or null when it was kept in an arena that has since written over it. */
    public byte[] bytes() {
        if (arena != null) {
            return arena.read(at, sizeHint);
        }
        byte[] b = bytes;
        if (b == null) {
            b = render.get();
            bytes = b;
        }
        return b;
    }

    /** Whether the document can no longer be read (its arena wrote over it). */
    public boolean gone() {
        return arena != null && arena.overwritten(at);
    }

    public int sizeHint() {
        return sizeHint;
    }
}
