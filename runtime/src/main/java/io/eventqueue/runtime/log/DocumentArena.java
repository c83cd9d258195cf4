package io.eventqueue.runtime.log;

import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The documents of recent events, appended to a ring of 1 MiB byte blocks: a kept document costs the garbage
 * collector nothing (a block is one array without references, in the old generation after its first collection),
 * where an array per event would be copied by young collections and promoted, which is what made their pauses long.
 * Blocks are allocated as documents arrive, up to {@code capacity}; then the oldest block is written over.
 *
 * <p>A document is addressed by its offset in the stream of all bytes appended. Appending reserves a range with one
 * atomic update (a document never spans blocks: one that does not fit in the rest of a block starts the next) and
 * then copies; a reader copies and then checks that no writer has reserved the same block in a later lap meanwhile,
 * so it never returns bytes that were being written over.
 */
public final class DocumentArena {
    public static final int BLOCK_BYTES = 1 << 20;

    private final AtomicReferenceArray<byte[]> blocks;
    private final long capacity;
    private final AtomicLong head = new AtomicLong();

    /** @param maxBytes the bytes of documents to keep at least; the ring holds one block more than that */
    public DocumentArena(long maxBytes) {
        int count = (int) Math.min(Integer.MAX_VALUE - 1, (maxBytes + BLOCK_BYTES - 1) / BLOCK_BYTES) + 1;
        this.blocks = new AtomicReferenceArray<>(Math.max(2, count));
        this.capacity = (long) blocks.length() * BLOCK_BYTES;
    }

    /**
     * Appends {@code first} followed by {@code src[from, from + length)} as one document.
     *
     * @return the document's offset, or -1 when it is larger than a block (the caller keeps it elsewhere)
     */
    public long append(byte first, byte[] src, int from, int length) {
        int size = length + 1;
        if (size > BLOCK_BYTES) {
            return -1;
        }
        long at;
        long h;
        do {
            h = head.get();
            long inBlock = h % BLOCK_BYTES;
            at = inBlock + size > BLOCK_BYTES ? h - inBlock + BLOCK_BYTES : h;
        } while (!head.compareAndSet(h, at + size));
        byte[] block = block((int) ((at / BLOCK_BYTES) % blocks.length()));
        int offset = (int) (at % BLOCK_BYTES);
        block[offset] = first;
        System.arraycopy(src, from, block, offset + 1, length);
        return at;
    }

    /** A copy of the document at {@code at}, or null once the ring has gone over it. */
    public byte[] read(long at, int size) {
        if (overwritten(at)) {
            return null;
        }
        byte[] copy = new byte[size];
        System.arraycopy(blocks.get((int) ((at / BLOCK_BYTES) % blocks.length())), (int) (at % BLOCK_BYTES), copy, 0, size);
        // The copy is only good if no writer reserved this block in a later lap before or while it was taken.
        VarHandle.acquireFence();
        return overwritten(at) ? null : copy;
    }

    /** Whether a writer has reserved the block of {@code at} in a later lap (the document may be gone). */
    public boolean overwritten(long at) {
        long blockStart = at - at % BLOCK_BYTES;
        return head.get() > blockStart + capacity;
    }

    /** Blocks allocated so far. */
    int allocatedBlocks() {
        int n = 0;
        for (int i = 0; i < blocks.length(); i++) {
            if (blocks.get(i) != null) {
                n++;
            }
        }
        return n;
    }

    private byte[] block(int index) {
        byte[] block = blocks.get(index);
        if (block == null) {
            blocks.compareAndSet(index, null, new byte[BLOCK_BYTES]);
            block = blocks.get(index);
        }
        return block;
    }
}
