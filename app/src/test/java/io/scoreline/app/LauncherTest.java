package io.scoreline.app;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import io.scoreline.testkit.CpuAffinity;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** bin/scorer's choices of JVM flags and CPUs, read from its dry run (SCORER_DRY_RUN=1 prints the command). */
class LauncherTest
{
    @org.junit.jupiter.api.io.TempDir
    Path dir;

    private static final Path LAUNCHER = Path.of(System.getProperty("user.dir")).getParent().resolve("bin").resolve("scorer");

    @Test
    void shouldPreTouchAServicesHeapSizedForTheDefaultTwoMillionPlayers() throws Exception
    {
        final String command = dryRun("", "serve");

        // 2,000,000 x 180 bytes = 343.3 MiB, + 128 = 471.3, up to 480 MiB; a 16 MiB young generation; SerialGC.
        assertTrue(command.contains(" -Xms480m -Xmx480m -Xmn16m -XX:+AlwaysPreTouch -XX:+UseTransparentHugePages "), command);
        assertTrue(command.contains(" -XX:+UseSerialGC "), command);
        assertTrue(command.endsWith(" -jar " + LAUNCHER.getParent().getParent().resolve("app/target/scorer.jar") + " serve"), command);
        assertFalse(command.startsWith("taskset"), command);
    }

    @Test
    void shouldSizeTheHeapByPlayers() throws Exception
    {
        // 100,000 x 180 bytes = 17.2 MiB, + 128 MiB = 145.2 MiB, rounded up to 16 MiB steps: 160 MiB.
        assertTrue(dryRun("", "serve", "--players", "100000").contains(" -Xms160m -Xmx160m "));
        // 4,000,000 x 180 bytes = 686.6 MiB, + 128 = 814.6, up to 816 MiB.
        assertTrue(dryRun("", "serve", "--players=4000000").contains(" -Xms816m -Xmx816m "));
        // The undo log (1,500,000 events of 192 bytes by default, 274.7 MiB) is direct memory on top of the heap's cap
        // where serve has no journal directory (--kafka): 160 + 274 + 1.
        assertTrue(dryRun("", "serve", "--players", "100000").contains(" -XX:MaxDirectMemorySize=435m "));
        // 2,000,000 x 180 bytes = 343.3 MiB, + 128 = 471.3, up to 480 MiB; no undo log: + 0 + 1.
        assertTrue(dryRun("", "serve", "--undo-events", "0").contains(" -XX:MaxDirectMemorySize=481m "));
    }

    @Test
    void shouldLetJavaOptsSetTheHeapAndPreTouchAllOfIt() throws Exception
    {
        final String command = dryRun("-Xmx2g", "serve");

        assertTrue(command.contains(" -Xms2g "), command);
        assertFalse(command.contains("-Xmx480m"), command);
        assertTrue(command.contains(" -XX:+AlwaysPreTouch "), command);
    }

    /**
     * A real {@code bin/scorer serve --cpus N}: every thread of the running JVM is allowed CPU N
     * only, read from /proc/PID/task/TID/status (Cpus_allowed_list), not from the command line;
     * run for CPU 0 and CPU 1, so the reading follows the option. Break caught: bin/scorer
     * without its taskset prefix reads 0-1 for every thread.
     */
    @Test
    void shouldRunTheWholeJvmUnderTasksetForCpus() throws Exception
    {
        assertTrue(onPath("taskset"), "taskset (util-linux) is installed, as on the machine and CI");
        assertTrue(Runtime.getRuntime().availableProcessors() >= 2, "2 cores or more");

        assertEquals(Set.of("0"), cpusOfEveryThreadOfAServiceRunWith("0"));
        assertEquals(Set.of("1"), cpusOfEveryThreadOfAServiceRunWith("1"));
        assertTrue(dryRun("", "loadgen", "--cpus=1", "--rate", "5").startsWith("taskset -c 1 "));
        assertFalse(dryRun("", "replay", "--input", "x").contains("AlwaysPreTouch"), "only long-running JVMs pre-touch");
    }

    @Test
    void shouldIsolateTheDemoWhereThereAreTwoCores() throws Exception
    {
        assertTrue(onPath("taskset"), "taskset (util-linux) is installed, as on the machine and CI");
        assumeTrue(Runtime.getRuntime().availableProcessors() >= 2, "2 cores");
        // The launcher's choice only; that the demo's child service really runs on CPU 0 is read
        // from /proc by DemoIsolatedTest, and that taskset takes effect by the serve case above.

        final String command = dryRun("", "demo");

        assertTrue(command.startsWith("taskset -c 1 "), command);
        assertTrue(command.endsWith(" demo --cpus 1 --serve-cpus 0"), command);
        assertFalse(dryRun("", "demo", "--shared").contains("taskset"));
    }

    /** Starts {@code bin/scorer serve --cpus LIST}, reads every thread's allowed CPUs once it listens, stops it. */
    private Set<String> cpusOfEveryThreadOfAServiceRunWith(final String cpus) throws Exception
    {
        final ProcessBuilder builder = new ProcessBuilder(LAUNCHER.toString(), "serve", "--cpus", cpus, "--port", "0",
            "--journal", dir.resolve("journal-" + cpus).toString(), "--players", "1000").redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("JAVA_OPTS", "-Xmx256m");
        final Process service = builder.start();
        try
        {
            Listening.await(service);
            return CpuAffinity.ofEveryThread(service.pid());
        }
        finally
        {
            service.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static String dryRun(final String javaOpts, final String... args) throws Exception
    {
        final List<String> command = new ArrayList<>();
        command.add(LAUNCHER.toString());
        command.addAll(List.of(args));
        final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("SCORER_DRY_RUN", "1");
        builder.environment().put("JAVA_OPTS", javaOpts);
        final Process process = builder.start();
        final String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), out);
        return out;
    }

    private static boolean onPath(final String program)
    {
        for (final String dir : System.getenv().getOrDefault("PATH", "").split(":"))
        {
            if (Files.isExecutable(Path.of(dir, program)))
            {
                return true;
            }
        }
        return false;
    }
}
