package io.scoreline.ingest;

import javax.management.ObjectName;
import java.lang.management.ManagementFactory;

/**
 * Hands the C heap's free pages back to the kernel once, before serving (glibc's
 * {@code malloc_trim}, through the JVM's {@code System.trim_native_heap} diagnostic command:
 * JDK 17.0.9 and newer).
 *
 * <p>Why: {@code bin/scorer} keeps glibc from trimming ({@code MALLOC_TRIM_THRESHOLD_}), so that
 * memory freed and taken again under load costs no page fault. At start that keeps what only
 * the start needed: the JIT's arenas during the warm-up (a 20 MB peak), the snapshot reader's
 * direct buffers (20 MB), ~39 MiB freed and kept after a restart of 2M players (issue 27). The JIT,
 * still compiling after {@code /health}, takes part of it again; what the service takes again under
 * load stays, as before.
 */
final class NativeHeap
{
    private NativeHeap()
    {
    }

    /**
     * @return the JVM's one-line report ("Trim native heap: RSS+Swap: 611660K->578744K (-32916K)"),
     *     or why there was none (another C library, an older JDK); never throws.
     */
    static String trim()
    {
        try
        {
            final Object out = ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "systemTrimNativeHeap",
                new Object[]{new String[0]}, new String[]{String[].class.getName()});
            return String.valueOf(out).trim();
        }
        catch (final Exception | LinkageError e) // no such command on this JDK, no management module
        {
            return "not trimmed: " + e;
        }
    }
}
