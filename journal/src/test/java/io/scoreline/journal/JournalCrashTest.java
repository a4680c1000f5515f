package io.scoreline.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static io.scoreline.journal.Records.assertContinuous;
import static io.scoreline.journal.Records.readAllCheckingContent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A real SIGKILL of a writing JVM, twice: everything it reported appended must be readable. */
class JournalCrashTest
{
    @TempDir
    Path dir;

    @Test
    void shouldKeepEveryReportedRecordIntactAfterKillMinus9() throws Exception
    {
        final Path journal = dir.resolve("journal");
        final long firstReported = killChildMidStream(journal, 0);
        final long secondReported = killChildMidStream(journal, firstReported + 1);
        assertTrue(secondReported > firstReported);

        final long next;
        try (JournalWriter writer = JournalWriter.open(journal, new JournalConfig().rollBytes(1L << 20)))
        {
            next = writer.nextOrdinal();
            Records.appendRange(writer, next, next + 10);
        }
        assertContinuous(readAllCheckingContent(journal), next + 10);
    }

    /**
     * Runs the child until it has reported some batches, kills it with SIGKILL and checks that
     * the journal holds a gap-free, intact sequence covering every reported ordinal.
     *
     * @return the last ordinal the child reported.
     */
    private long killChildMidStream(final Path journal, final long expectedStart) throws Exception
    {
        final Path stderr = dir.resolve("child-" + expectedStart + ".err");
        final ProcessBuilder builder = new ProcessBuilder(childCommand(journal))
            .redirectError(stderr.toFile());
        final Process child = builder.start();
        final AtomicLong lastReported = new AtomicLong(-1);
        final AtomicLong startedAt = new AtomicLong(-1);
        final CountDownLatch enoughBatches = new CountDownLatch(200);
        final Thread drain = new Thread(() ->
        {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream())))
            {
                String line;
                while (null != (line = out.readLine()))
                {
                    if (line.startsWith("start "))
                    {
                        startedAt.set(Long.parseLong(line.substring(6)));
                    }
                    else if (!line.isEmpty())
                    {
                        lastReported.set(Long.parseLong(line.trim()));
                        enoughBatches.countDown();
                    }
                }
            }
            catch (final Exception ex)
            {
                // the pipe breaks when the child dies
            }
        });
        drain.start();
        try
        {
            assertTrue(enoughBatches.await(15, TimeUnit.SECONDS),
                "child reported too few batches; its stderr: " + Files.readString(stderr));
        }
        finally
        {
            child.destroyForcibly();
            assertTrue(child.waitFor(10, TimeUnit.SECONDS));
            drain.join(5_000);
        }
        assertEquals(137, child.exitValue(), "SIGKILL, not an orderly exit");
        assertEquals(expectedStart, startedAt.get(), "child resumed at the ordinal after the last one reported");

        final List<Long> ordinals = readAllCheckingContent(journal);
        final long reported = lastReported.get();
        assertTrue(ordinals.size() > reported, "reported " + reported + " but only " + ordinals.size() + " readable");
        assertContinuous(ordinals, ordinals.size());
        return ordinals.size() - 1;
    }

    private static List<String> childCommand(final Path journal)
    {
        final List<String> command = new ArrayList<>();
        command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        for (final String arg : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (arg.startsWith("--add-opens") || arg.startsWith("--add-exports") ||
                arg.startsWith("--enable-native-access") || arg.startsWith("--sun-misc-unsafe-memory-access") ||
                arg.startsWith("-Dchronicle."))
            {
                command.add(arg);
            }
        }
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(CrashChild.class.getName());
        command.add(journal.toString());
        return command;
    }
}
