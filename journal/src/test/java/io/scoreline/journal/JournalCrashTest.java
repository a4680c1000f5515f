package io.scoreline.journal;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

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
import java.util.concurrent.atomic.AtomicReference;

import static io.scoreline.journal.Records.assertContinuous;
import static io.scoreline.journal.Records.readAllCheckingContent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real SIGKILL of a writing JVM, twice, under each fsync policy: everything it reported appended
 * must be readable. (What kill -9 tests is the page cache, which every policy relies on; what a
 * power cut would lose is not tested here.)
 */
class JournalCrashTest
{
    @TempDir
    Path dir;

    /** Records of 20..219 bytes in 1 MiB files: 10,000 of them fill one file and start the next. */
    private static final long ENOUGH_RECORDS = 10_000;

    @ParameterizedTest
    @EnumSource(FsyncPolicy.class)
    void shouldKeepEveryReportedRecordIntactAfterKillMinus9(final FsyncPolicy policy) throws Exception
    {
        final Path journal = dir.resolve("journal");
        final long firstReported = killChildMidStream(journal, policy, 0);
        final long secondReported = killChildMidStream(journal, policy, firstReported + 1);
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
    private long killChildMidStream(final Path journal, final FsyncPolicy policy, final long expectedStart)
        throws Exception
    {
        final Path stderr = dir.resolve("child-" + expectedStart + ".err");
        final ProcessBuilder builder = new ProcessBuilder(childCommand(journal, policy))
            .redirectError(stderr.toFile());
        final Process child = builder.start();
        final AtomicLong lastReported = new AtomicLong(-1);
        final AtomicLong startedAt = new AtomicLong(-1);
        final AtomicReference<String> childPolicy = new AtomicReference<>();
        final CountDownLatch enoughRecords = new CountDownLatch(1);
        final Thread drain = new Thread(() ->
        {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream())))
            {
                String line;
                while (null != (line = out.readLine()))
                {
                    if (line.startsWith("start "))
                    {
                        final String[] words = line.split(" ");
                        startedAt.set(Long.parseLong(words[1]));
                        childPolicy.set(words[2]);
                    }
                    else if (!line.isEmpty())
                    {
                        lastReported.set(Long.parseLong(line.trim()));
                        if (lastReported.get() - expectedStart >= ENOUGH_RECORDS)
                        {
                            enoughRecords.countDown();
                        }
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
            assertTrue(enoughRecords.await(30, TimeUnit.SECONDS),
                "child reported " + lastReported.get() + "; its stderr: " + Files.readString(stderr));
        }
        finally
        {
            child.destroyForcibly();
            assertTrue(child.waitFor(10, TimeUnit.SECONDS));
            drain.join(5_000);
        }
        assertEquals(137, child.exitValue(), "SIGKILL, not an orderly exit");
        assertEquals(expectedStart, startedAt.get(), "child resumed at the ordinal after the last one reported");
        assertEquals(policy.name(), childPolicy.get(), "the child wrote under the policy asked for");

        final List<Long> ordinals = readAllCheckingContent(journal);
        final long reported = lastReported.get();
        assertTrue(ordinals.size() > reported, "reported " + reported + " but only " + ordinals.size() + " readable");
        assertContinuous(ordinals, ordinals.size());
        return ordinals.size() - 1;
    }

    private static List<String> childCommand(final Path journal, final FsyncPolicy policy)
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
        command.add(policy.name());
        return command;
    }
}
