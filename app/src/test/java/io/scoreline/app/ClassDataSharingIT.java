package io.scoreline.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * After {@code mvn package}: the build wrote a class-data archive for this JVM (bin/scorer cds-archive), and
 * {@code bin/scorer serve} maps the service's own classes and Netty's from it, not from the jars.
 */
class ClassDataSharingIT
{
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    private static final Path LAUNCHER = ROOT.resolve("bin").resolve("scorer");

    @TempDir
    Path dir;

    @Test
    void shouldStartTheServiceWithTheServicesClassesFromTheArchiveTheBuildWrote() throws Exception
    {
        final Path archive = ROOT.resolve("app/target/scorer-" + System.getProperty("java.vm.version") + ".jsa");
        assertTrue(Files.isRegularFile(archive), "no archive for this JVM: " + archive);

        final Path classLog = dir.resolve("classes.log");
        final ProcessBuilder builder = new ProcessBuilder(LAUNCHER.toString(), "serve", "--port", "0", "--players", "1000",
            "--undo-events", "1000", "--jit-warmup", "0", "--journal", dir.resolve("journal").toString()).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("JAVA_OPTS", "-Xmx256m -Xlog:class+load=info:file=" + classLog);
        final Process service = builder.start();
        try
        {
            Listening.await(service);
        }
        finally
        {
            service.destroy();
            service.waitFor(20, TimeUnit.SECONDS);
        }
        final List<String> loaded = Files.readAllLines(classLog);
        final String archived = "io.scoreline.ingest.ScorerServer source: shared objects file (top)";
        assertTrue(loaded.stream().anyMatch(line -> line.endsWith(archived)), "no '" + archived + "' in " + classLog);
        final long shared = loaded.stream().filter(line -> line.contains("io.netty") && line.contains("shared objects file (top)")).count();
        assertTrue(shared > 500, "Netty's classes mapped from the archive: " + shared);
    }
}
