package io.eventqueue.runtime.store;

import java.util.function.Supplier;

/**
 * A JSON document rendered on first use and then kept: the hot path (accepting an event) only records how to
 * render it, and readers that never ask cost nothing.
 */
public final class Document {
    private final Supplier<byte[]> render;
    private final int sizeHint;
    private volatile byte[] bytes;

    /** @param sizeHint an estimate of the rendered size, for memory bounds before rendering */
    public Document(Supplier<byte[]> render, int sizeHint) {
        this.render = render;
        this.sizeHint = sizeHint;
    }

    public static Document of(byte[] bytes) {
        Document d = new Document(() -> bytes, bytes.length);
        d.bytes = bytes;
        return d;
    }

    public byte[] bytes() {
        byte[] b = bytes;
        if (b == null) {
            b = render.get();
            bytes = b;
        }
        return b;
    }

    int sizeHint() {
        return sizeHint;
    }
}
