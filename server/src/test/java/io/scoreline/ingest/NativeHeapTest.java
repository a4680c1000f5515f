package io.scoreline.ingest;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one trim before serving gives back C-heap memory that was freed but kept by the allocator. */
class NativeHeapTest
{
    private static final int CHUNK = 64 << 10; // below glibc's mmap threshold: from the arena
    private static final int CHUNKS = 1024;    // 64 MiB

    @Test
    void shouldGiveBackFreedMemoryTheAllocatorKept() throws Exception
    {
        // In a child JVM with bin/scorer's allocator settings: the surefire JVM's glibc trims at free
        // whatever reaches the top of its heap (a CI run gave 64 MiB back at free, before any trim).
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (final String arg : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (arg.startsWith("--add-opens") || arg.startsWith("--enable-native-access") || arg.startsWith("--sun-misc-unsafe-memory-access"))
            {
                command.add(arg);
            }
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), NativeHeapTest.class.getName()));
        final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("MALLOC_TRIM_THRESHOLD_", "1073741824"); // as bin/scorer serve
        builder.environment().put("MALLOC_MMAP_THRESHOLD_", "33554432");
        builder.environment().put("MALLOC_TOP_PAD_", "16777216");
        final Process child = builder.start();
        final String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), out);
        assertEquals(0, child.exitValue(), out);
        final String[] kib = out.substring(out.indexOf("RssAnon ") + 8).trim().split("\\s+", 4); // touched freed trimmed report

        final long touched = Long.parseLong(kib[0]);
        final long freed = Long.parseLong(kib[1]);
        final long trimmed = Long.parseLong(kib[2]);
        assertTrue(freed > touched - 16 * 1024, "the allocator kept the freed chunks: " + out);
        assertTrue(kib[3].startsWith("Trim native heap"), out);
        // 64 KiB chunks, up to 15 whole pages each handed back: 60 MiB of the 64 at most (the child gave
        // back 48 MiB under load); half of the 64 proves the trim, nothing without it
        assertTrue(trimmed < freed - 32 * 1024, "RssAnon " + freed + " KiB -> " + trimmed + " KiB after the trim: " + out);
    }

    /** The child: touches and frees 64 MiB of the C heap, then trims; prints RssAnon at each step and the trim's report. */
    public static void main(final String[] args) throws Exception
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
        final String report = NativeHeap.trim();
        final long trimmed = rssAnonKiB();
        for (final long pin : pins)
        {
            unsafe.freeMemory(pin);
        }
        System.out.println("RssAnon " + touched + " " + freed + " " + trimmed + " " + report);
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
