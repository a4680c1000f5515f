package io.scoreline.perf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo with the service in a child JVM under taskset: a real second process on loopback. */
class DemoIsolatedTest
{
    @TempDir
    Path journal;

    /**
     * The child's pinning is read from the kernel while it runs: every thread of this JVM's child
     * process has Cpus_allowed_list 0 (/proc/PID/task/TID/status), not the demo's own words.
     * Break caught: ServiceProcess starting the child without taskset reads 0-1.
     */
    @Test
    void shouldDriveAServiceInAChildJvmPinnedToItsCpus() throws Exception
    {
        assertTrue(Files.isExecutable(Path.of("/usr/bin/taskset")) || Files.isExecutable(Path.of("/bin/taskset")),
            "taskset (util-linux) is installed, as on the machine and CI");
        final ByteArrayOutputStream text = new ByteArrayOutputStream();
        final java.util.concurrent.FutureTask<Integer> demo = new java.util.concurrent.FutureTask<>(() -> Demo.runIsolated(
            new PrintStream(text, true, StandardCharsets.UTF_8), 0,
            new LoadConfig().rate(2_000).durationSeconds(2).connections(2).batch(1).players(1_000).out(journal), "0"));
        new Thread(demo, "demo").start();

        java.util.Set<String> childCpus = null;
        final long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (childCpus == null && !demo.isDone() && System.nanoTime() < deadline)
        {
            if (text.toString(StandardCharsets.UTF_8).contains("demo: service up"))
            {
                final ProcessHandle child = ProcessHandle.current().children().findFirst().orElseThrow();
                childCpus = io.scoreline.testkit.CpuAffinity.ofEveryThread(child.pid());
            }
            Thread.sleep(5);
        }
        final int status = demo.get(2, java.util.concurrent.TimeUnit.MINUTES);
        final String output = text.toString(StandardCharsets.UTF_8);
        assertEquals(java.util.Set.of("0"), childCpus, "the child service's threads, read while it ran: " + output);
        assertEquals(0, status, output);
        assertTrue(output.matches("(?s).*demo: service up on 127\\.0\\.0\\.1:\\d+ \\(pid \\d+, CPUs 0; .*"), output);
        assertTrue(output.contains("\nanswered 4000 of 4000 events (0 rejected)\n"), output);
        assertTrue(output.contains("Top 10"), output);
    }

    @Test
    void shouldSayWhyTheChildServiceDidNotStart() throws Exception
    {
        try (ServerSocket taken = new ServerSocket())
        {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));

            final IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> ServiceProcess.start(null, "127.0.0.1", taken.getLocalPort(), journal, 1000, 60));

            assertTrue(failure.getMessage().startsWith("the service did not start: "), failure.getMessage());
            assertTrue(failure.getMessage().contains("cannot listen on 127.0.0.1:" + taken.getLocalPort()), failure.getMessage());
        }
    }

    @Test
    void shouldGiveTheChildTheHeapBinScorerGivesAService()
    {
        assertEquals(160, ServiceProcess.heapMiB(100_000)); // 100k x 180 B = 17.2 MiB + 128, up to 160
        assertEquals(480, ServiceProcess.heapMiB(2_000_000)); // 2M x 180 B = 343.3 MiB + 128, up to 480
    }
}
