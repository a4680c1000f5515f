package io.scoreline.rules;

import net.openhft.chronicle.core.Jvm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The undo log's storage: {@code capacity} fixed-size entries of {@code stride} bytes in a ring of
 * buffers, 2^20 entries a buffer (a buffer is indexed by int). What an entry holds is
 * {@link UndoLog}'s business; this class finds an entry's buffer and offset, and keeps the pages
 * resident where the writer is.
 *
 * <p>Two kinds of buffer. Direct memory, allocated and zeroed (so touched) up front: every byte
 * resident for good (bench, tests, Kafka nodes: no data directory). Or a file, mapped shared
 * (issue 27): the writer moves through it sequentially and reads it back only on a roll-back, so
 * between runs of events ({@link #keepWindow}) the ring touches the pages {@link #AHEAD_BYTES} ahead of
 * the writer (their first-touch fault is taken there, not in an event: Chronicle Queue's
 * pretoucher, done as the journal does) and drops the pages more than {@link #BEHIND_BYTES} behind it
 * out of the mapping: they stay in the page cache and the file, and a roll-back maps them again
 * (a minor fault a page, a read from disk if the kernel evicted them). Resident: about
 * {@code AHEAD_BYTES + 2 * BEHIND_BYTES}, whatever the capacity.
 */
final class UndoRing
{
    private static final int CHUNK_SHIFT = 20;
    private static final int CHUNK_ENTRIES = 1 << CHUNK_SHIFT;
    private static final int CHUNK_MASK = CHUNK_ENTRIES - 1;
    private static final int PAGE = 4096;
    /** Pretouched ahead of the writer: 0.6 s at 18k events/s of 192 bytes. */
    static final long AHEAD_BYTES = 2L << 20;
    /** Written pages further behind than this are dropped, this much at a time. */
    static final long BEHIND_BYTES = 1L << 20;
    /** Bound on one {@link #keepWindow}'s touching (a run of events waits for it): 256 KiB. */
    private static final int TOUCH_PAGES_PER_RUN = 64;
    /** A write that changes no byte (an atomic add of 0) makes the page writable and dirty, as the writer's first write would. */
    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());

    private final ByteBuffer[] chunks;
    private final long[] addresses;
    private final long capacity;
    private final int stride;
    private final long ringBytes;
    private final long chunkBytes;
    private final PageDropper dropper;
    /** Unwrapped byte positions (entries appended since the last {@link #reset} x stride): pages below are touched. */
    private long touchedTo;
    /** Pages below this unwrapped position were dropped from the mapping. */
    private long droppedTo;

    private UndoRing(final long capacity, final int stride, final PageDropper dropper)
    {
        this.capacity = capacity;
        this.stride = stride;
        this.ringBytes = capacity * stride;
        this.chunkBytes = (long)CHUNK_ENTRIES * stride;
        this.dropper = dropper;
        chunks = new ByteBuffer[chunkCount(capacity)];
        addresses = new long[chunks.length];
    }

    /** Direct memory, touched now. */
    static UndoRing direct(final long capacity, final int stride)
    {
        final UndoRing ring = new UndoRing(capacity, stride, null);
        for (int i = 0; i < ring.chunks.length; i++)
        {
            // allocateDirect zeroes the memory: every page is touched here, not on the hot path.
            ring.chunks[i] = ByteBuffer.allocateDirect(ring.chunkLength(i)).order(ByteOrder.nativeOrder());
        }
        return ring;
    }

    /**
     * {@code file} mapped shared, emptied first (the log starts empty at every start: a restore
     * clears it), so the first pass over it reads nothing from disk.
     */
    static UndoRing mapped(final long capacity, final int stride, final Path file, final PageDropper dropper)
    {
        final UndoRing ring = new UndoRing(capacity, stride, dropper);
        try
        {
            java.nio.file.Files.createDirectories(file.toAbsolutePath().getParent()); // the journal directory may not exist yet
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create the directory of the undo log " + file, ex);
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
            StandardOpenOption.WRITE))
        {
            channel.truncate(0);
            for (int i = 0; i < ring.chunks.length; i++)
            {
                // Mapping past the end extends the file, sparse: no block is written until a page is.
                ring.chunks[i] = channel.map(FileChannel.MapMode.READ_WRITE, i * ring.chunkBytes, ring.chunkLength(i))
                    .order(ByteOrder.nativeOrder());
                ring.addresses[i] = Jvm.address(ring.chunks[i]);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot map the undo log " + file, ex);
        }
        ring.touchAhead(0, Integer.MAX_VALUE); // the first window now, at start
        return ring;
    }

    private static int chunkCount(final long capacity)
    {
        return (int)((capacity + CHUNK_ENTRIES - 1) >>> CHUNK_SHIFT);
    }

    private int chunkLength(final int i)
    {
        return (int)(Math.min(CHUNK_ENTRIES, capacity - ((long)i << CHUNK_SHIFT)) * stride);
    }

    /** Bytes held: the file's size, or the direct memory's. */
    long bytes()
    {
        return ringBytes;
    }

    /** Bytes that may be resident: all of direct memory; of a file, the pages touched and not dropped. */
    long residentBytes()
    {
        return dropper == null ? ringBytes : Math.min(ringBytes, touchedTo - droppedTo);
    }

    long capacity()
    {
        return capacity;
    }

    /** The buffer of the entry appended as the {@code seq}-th (any seq, wrapped onto the ring). */
    ByteBuffer chunk(final long seq)
    {
        return chunks[(int)((seq % capacity) >>> CHUNK_SHIFT)];
    }

    /** The entry's byte offset in its {@link #chunk}. */
    int offset(final long seq)
    {
        return (int)((seq % capacity) & CHUNK_MASK) * stride;
    }

    /**
     * Between runs of events, the writer about to append the {@code head}-th entry: touches up to
     * {@link #TOUCH_PAGES_PER_RUN} pages of the window ahead and drops what is far enough behind.
     * Nothing for direct memory. No allocation.
     */
    void keepWindow(final long head)
    {
        if (dropper == null || capacity == 0)
        {
            return;
        }
        touchAhead(head, TOUCH_PAGES_PER_RUN);
        final long at = head * stride;
        final long behind = at - BEHIND_BYTES;
        if (behind - droppedTo >= BEHIND_BYTES)
        {
            drop(Math.max(droppedTo, behind - ringBytes), behind);
            droppedTo = behind;
        }
    }

    private void touchAhead(final long head, final int maxPages)
    {
        final long at = head * stride;
        long p = Math.max(touchedTo, at);
        final long end = at + Math.min(AHEAD_BYTES, ringBytes);
        for (int n = 0; p < end && n < maxPages; n++)
        {
            final long r = p % ringBytes;
            final int c = (int)(r / chunkBytes);
            final long off = r - c * chunkBytes;
            LONGS.getAndAdd(chunks[c], (int)(off & -PAGE), 0L);
            p += Math.min(PAGE - (off & (PAGE - 1)), chunks[c].capacity() - off); // to the next page, or chunk
        }
        touchedTo = p;
    }

    /**
     * Before a walk over the entries [from, to) (at most one lap): their pages mapped in at once
     * ({@link PageDropper#populatePages}), not a fault each as the walk meets them. Nothing for
     * direct memory. @return whether the advice was taken.
     */
    boolean populate(final long from, final long to)
    {
        if (dropper == null || capacity == 0 || to <= from)
        {
            return false;
        }
        long p = from * stride;
        final long end = to * stride;
        while (p < end)
        {
            final long r = p % ringBytes;
            final int c = (int)(r / chunkBytes);
            final long off = r - c * chunkBytes;
            final long len = Math.min(end - p, chunks[c].capacity() - off);
            final long start = off & -PAGE;
            if (!dropper.populatePages(addresses[c] + start, off + len - start))
            {
                return false;
            }
            p += len;
        }
        return true;
    }

    /** The entry {@code seq}'s place in the ring (seq modulo the capacity: one division for {@link #chunkAt} and {@link #offsetAt}). */
    long slot(final long seq)
    {
        return seq % capacity;
    }

    ByteBuffer chunkAt(final long slot)
    {
        return chunks[(int)(slot >>> CHUNK_SHIFT)];
    }

    int offsetAt(final long slot)
    {
        return (int)(slot & CHUNK_MASK) * stride;
    }

    /** After a roll-back took the writer back to {@code head}: the pages it read are resident again, from there on. */
    void rewound(final long head)
    {
        droppedTo = Math.min(droppedTo, head * stride);
    }

    /** The log was emptied: every page out of the mapping, the window starts again at entry 0. */
    void reset()
    {
        if (dropper == null)
        {
            return;
        }
        drop(0, ringBytes);
        touchedTo = 0;
        droppedTo = 0;
        touchAhead(0, Integer.MAX_VALUE);
    }

    /** Drops the pages of the unwrapped range [from, to) (at most one lap), chunk by chunk. */
    private void drop(final long from, final long to)
    {
        long p = from;
        while (p < to)
        {
            final long r = p % ringBytes;
            final int c = (int)(r / chunkBytes);
            final long off = r - c * chunkBytes;
            final long len = Math.min(to - p, chunks[c].capacity() - off);
            final long start = off & -PAGE; // a page partly behind is dropped whole: a later write maps it again, nothing is lost
            if (!dropper.dropPages(addresses[c] + start, off + len - start))
            {
                return;
            }
            p += len;
        }
    }
}
