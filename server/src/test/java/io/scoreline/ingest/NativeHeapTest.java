package io.scoreline.ingest;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The one trim before serving gives back C-heap memory that was freed but kept by the allocator. */
class NativeHeapTest
{
    private static final int CHUNK = 64 << 10; // below glibc's mmap threshold: from the arena
    private static final int CHUNKS = 1024;    // 64 MiB

    @Test
    void shouldGiveBackFreedMemoryTheAllocatorKept() throws Exception
    {
        final sun.misc.Unsafe unsafe = unsafe();
        final long[] chunks = new long[CHUNKS];
        final long[] pins = new long[CHUNKS];
        for (int i = 0; i < CHUNKS; i++)
        {
            chunks[i] = unsafe.allocateMemory(CHUNK);
            unsafe.setMemory(chunks[i], CHUNK, (byte)1); // touched: resident
            pins[i] = unsafe.allocateMemory(16);         // in use between two freed chunks: no coalescing into the top
        }
        final long touched = rssAnonKiB();
        for (final long chunk : chunks)
        {
            unsafe.freeMemory(chunk);
        }
        final long freed = rssAnonKiB();
        // glibc keeps a free chunk that cannot reach the top of its heap; another allocator may not
        assumeTrue(freed > touched - 16 * 1024, "the allocator gave the memory back at free: " + touched + " -> " + freed + " KiB");

        final String report = NativeHeap.trim();
        assumeTrue(!report.startsWith("not trimmed"), report); // a JDK before 17.0.9 has no System.trim_native_heap
        final long trimmed = rssAnonKiB();
        for (final long pin : pins)
        {
            unsafe.freeMemory(pin);
        }

        assertTrue(report.startsWith("Trim native heap"), report);
        // 64 KiB chunks, 15 whole pages each handed back: 60 MiB of the 64; allow for other threads' allocations
        assertTrue(trimmed < freed - 48 * 1024, "RssAnon " + freed + " KiB -> " + trimmed + " KiB after the trim: " + report);
    }

    private static long rssAnonKiB() throws IOException
    {
        for (final String line : Files.readAllLines(Path.of("/proc/self/status")))
        {
            if (line.startsWith("RssAnon:"))
            {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IllegalStateException("no RssAnon in /proc/self/status");
    }

    private static sun.misc.Unsafe unsafe() throws ReflectiveOperationException
    {
        final Field field = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
        field.setAccessible(true);
        return (sun.misc.Unsafe)field.get(null);
    }
}
