package io.scoreline.ingest;

import io.scoreline.pipeline.Snapshots;
import io.scoreline.pipeline.Topology;
import io.scoreline.pipeline.WaitKind;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The serve options (README "Run", SERVICE.md): names, documented defaults, typed values, one validation. */
class ServeOptionsTest
{
    private static ServerConfig parse(final String... args)
    {
        final CommandLine cli = new CommandLine(new ServeMain()).setCaseInsensitiveEnumValuesAllowed(true);
        cli.parseArgs(args);
        final ServeOptions options = (ServeOptions)cli.getCommandSpec().mixins().get("options").userObject();
        return options.config(null);
    }

    @Test
    void shouldStartFromTheDocumentedDefaults()
    {
        final ServerConfig config = parse();

        assertEquals("127.0.0.1", config.host());
        assertEquals(8080, config.port());
        assertEquals(Path.of("data/journal"), config.journalDir());
        assertEquals(2_000_000, config.maxPlayers());
        assertEquals(4096, config.pipeline().ringSize());
        assertEquals(WaitKind.PARKING, config.pipeline().waitStrategy());
        assertEquals(Topology.AUTO, config.topology());
        assertFalse(config.pinThreads());
        assertEquals(10_000, config.maxConnections());
        assertEquals(1000, config.maxHalfOpen());
        assertEquals(10_000, config.headerTimeoutMillis());
        assertEquals(1024, config.bodyMinBytesPerSecond());
        assertEquals(10_000, config.bodyWindowMillis());
        assertEquals(30_000, config.keepAliveTimeoutMillis());
        assertEquals(300, config.idleTimeoutSeconds());
        assertEquals(0, config.eventRate());
        assertEquals(1000, config.push().rankRefreshMillis());
        assertEquals(1000, config.push().rankExactTop());
        assertEquals(0.02, config.push().rankStep());
        assertEquals(30_000, config.push().rankMaxAgeMillis());
        assertEquals(300, config.snapshots().intervalSeconds());
        assertEquals(2, config.snapshots().keep());
        assertEquals(Snapshots.JournalRetain.ALL, config.snapshots().retain());
        assertNull(config.authToken());
    }

    @Test
    void shouldTakeTypedValuesInLowerCaseAndTheOldNames()
    {
        final ServerConfig config = parse("--wait", "busyspin", "--topology", "staged", "--max-players", "5000",
            "--ring-size", "1024", "--journal-retain", "archive", "--idle-timeout", "7", "--port", "0",
            "--rank-exact-top", "50", "--rank-step", "0.05", "--rank-max-age-s", "12", "--unread-timeout-ms", "250");

        assertEquals(WaitKind.BUSYSPIN, config.pipeline().waitStrategy());
        assertEquals(Topology.STAGED, config.topology());
        assertEquals(5000, config.maxPlayers());
        assertEquals(1024, config.pipeline().ringSize());
        assertEquals(Snapshots.JournalRetain.ARCHIVE, config.snapshots().retain());
        assertEquals(5000, config.push().maxPlayers(), "push's board copy has the pipeline's capacity");
        assertEquals(7, config.push().idleTimeoutSeconds(), "/push idles out like /ws");
        assertEquals(0, config.port());
        assertEquals(50, config.push().rankExactTop());
        assertEquals(0.05, config.push().rankStep());
        assertEquals(12_000, config.push().rankMaxAgeMillis(), "--rank-max-age-s is in seconds");
        assertEquals(250, config.unreadTimeoutMillis());
    }

    @Test
    void shouldRefuseAValueOutsideAClosedSetAsBadUsage()
    {
        final StringWriter err = new StringWriter();
        final CommandLine cli = new CommandLine(new ServeMain()).setCaseInsensitiveEnumValuesAllowed(true);
        cli.setErr(new PrintWriter(err));

        assertEquals(2, cli.execute("--wait", "spinning"));
        assertTrue(err.toString().contains("--wait"), err.toString());
        assertEquals(2, cli.execute("--topology", "threaded"));
    }

    @Test
    void shouldValidateOnceNamingTheFirstBadSettingWithoutChangingPush()
    {
        final ServerConfig config = parse("--players", "300");
        final int pushPlayers = config.push().maxPlayers();
        config.validate();
        assertEquals(pushPlayers, config.push().maxPlayers());

        final IllegalArgumentException ring = assertThrows(IllegalArgumentException.class, () -> parse("--ring-size", "1000").validate());
        assertEquals("ring size must be a power of two >= 2, got 1000", ring.getMessage());
        final IllegalArgumentException players = assertThrows(IllegalArgumentException.class, () -> parse("--players", "0").validate());
        assertEquals("max players must be >= 1, got 0", players.getMessage());
    }
}
