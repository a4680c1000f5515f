package io.scoreline.ingest;

import io.scoreline.testkit.DirtyPages;
import io.scoreline.journal.FsyncPolicy;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kill -9 mid-stream, restart on the same journal, resend what was not answered: every result
 * sent before the crash is the uninterrupted run's (the golden sample-101 results), resent events
 * the journal already held come back "duplicate", and the final standings are the golden ones.
 * Under each fsync policy, set as an operator would ({@code -Dscoreline.journal.fsync}); the
 * service's own page-cache state shows the policy took effect: with BATCH or EVERY no page of its
 * journal's data is dirty once every result is in, with NONE some are.
 */
class CrashRecoveryTest
{
    private static final Pattern READY = Pattern.compile("scorer: listening on 127\\.0\\.0\\.1:(\\d+), recovered (\\d+) events");
    /** Events that pass checks 1-3 of GAME.md 1.2: duplicate detection comes before scoring (and overflow). */
    private static final Pattern SEQ_PLAYER =
        Pattern.compile("^\\{\"seq\":(\\d+),\"player\":(\\d+),\"status\":\"(ok|rejected\",\"error\":\"overflow)\"");
    private static final int FRAME_LINES = 25;

    @TempDir
    Path journal;

    @ParameterizedTest
    @EnumSource(FsyncPolicy.class)
    void killedServiceRecoversEveryAnsweredEventAndEndsWithTheGoldenStandings(final FsyncPolicy policy) throws Exception
    {
        // Valid UTF-8 lines only (a WebSocket text frame must be UTF-8). Dropping rejected lines
        // changes no state and keeps every other event's result (GAME.md 1.2).
        final List<byte[]> allEvents = Golden.eventLines(Golden.bytes("sample-101", "events.ndjson"));
        final List<String> allResults = Golden.resultLines("sample-101");
        assertEquals(allResults.size(), allEvents.size());
        final List<byte[]> events = new ArrayList<>();
        final List<String> expected = new ArrayList<>();
        for (int i = 0; i < allEvents.size(); i++)
        {
            if (isUtf8(allEvents.get(i)))
            {
                events.add(allEvents.get(i));
                expected.add(allResults.get(i));
            }
        }

        final int killAfter = events.size() / 4;
        final List<String> beforeCrash = new ArrayList<>();
        final int port = freePort();
        Process first = serve(port, policy);
        try
        {
            assertEquals(0, awaitReady(first)[1]);
            try (RawWebSocket ws = RawWebSocket.connect(port))
            {
                final Thread writer = sendFrom(ws, events, 0);
                while (beforeCrash.size() < killAfter)
                {
                    beforeCrash.add(new String(ws.readLines(1), StandardCharsets.UTF_8));
                }
                first.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // kill -9 with events in flight
                ws.close(); // unblocks the writer
                writer.join(10_000);
            }
        }
        finally
        {
            first.destroyForcibly();
        }
        for (int i = 0; i < beforeCrash.size(); i++)
        {
            assertEquals(expected.get(i) + "\n", beforeCrash.get(i), "result " + i + " sent before the crash");
        }

        final int resendFrom = beforeCrash.size();
        final Process second = serve(port, policy);
        try
        {
            final long journaled = awaitReady(second)[1];
            assertTrue(journaled >= resendFrom, "every answered event is in the journal: " + journaled);
            try (RawWebSocket ws = RawWebSocket.connect(port))
            {
                resendAndCheck(ws, events, expected, resendFrom, journaled);
                // Every result is out, so every batch that carried them has passed the journal stage.
                final long dirty = DirtyPages.of(second.pid(), journal);
                assertTrue(dirty >= 0, "the service maps its journal");
                if (policy == FsyncPolicy.NONE)
                {
                    assertTrue(dirty > 0, "NONE leaves the journal's pages to the kernel's write-back");
                }
                else
                {
                    assertEquals(0, dirty, policy + " forced every journaled batch before its results left");
                }
            }
            final String players = Servers.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/leaderboard?limit=100000")).build()).body();
            assertEquals(Golden.text("sample-101", "standings.csv"), Golden.toCsv(players, "player"));
            final String teams = Servers.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/leaderboard/teams?limit=100000")).build()).body();
            assertEquals(Golden.text("sample-101", "teams.csv"), Golden.toCsv(teams, "team"));
        }
        finally
        {
            second.destroy();
            if (!second.waitFor(10, TimeUnit.SECONDS))
            {
                second.destroyForcibly();
            }
        }
    }

    /**
     * Resends events from {@code resendFrom} after a restart and checks each result: the golden
     * one, or "duplicate" for an event the journal already held (journaled before the crash,
     * unanswered: its seq or a later one of its player was accepted then).
     */
    static void resendAndCheck(final RawWebSocket ws, final List<byte[]> events, final List<String> expected,
        final int resendFrom, final long journaled) throws Exception
    {
        sendFrom(ws, events, resendFrom).join(20_000);
        for (int i = resendFrom; i < events.size(); i++)
        {
            final String got = new String(ws.readLines(1), StandardCharsets.UTF_8);
            final String golden = expected.get(i) + "\n";
            if (i < journaled && !got.equals(golden))
            {
                // Journaled before the crash, unanswered: its seq (or a later one of the same
                // player) was accepted then, so it is a duplicate now.
                final Matcher m = SEQ_PLAYER.matcher(expected.get(i));
                assertTrue(m.find(), "only an event passing checks 1-3 can come back as a duplicate: " + got);
                assertEquals("{\"seq\":" + m.group(1) + ",\"player\":" + m.group(2) + ",\"status\":\"duplicate\"}\n", got);
            }
            else
            {
                assertEquals(golden, got, "result of resent event " + i);
            }
        }
    }

    static Thread sendFrom(final RawWebSocket ws, final List<byte[]> events, final int from)
    {
        final Thread writer = new Thread(() ->
        {
            try
            {
                for (int i = from; i < events.size(); i += FRAME_LINES)
                {
                    final ByteArrayOutputStream frame = new ByteArrayOutputStream();
                    for (int j = i; j < Math.min(events.size(), i + FRAME_LINES); j++)
                    {
                        frame.write(events.get(j));
                        frame.write('\n');
                    }
                    ws.sendText(frame.toByteArray());
                }
            }
            catch (final IOException ignored)
            {
                // the service was killed under us
            }
        }, "crash-test-writer");
        writer.setDaemon(true);
        writer.start();
        return writer;
    }

    private Process serve(final int port, final FsyncPolicy policy) throws IOException
    {
        return serve(journal, port, List.of("-Dscoreline.journal.fsync=" + policy));
    }

    /** The service in a child JVM (so that it can be killed with SIGKILL), with extra JVM options and arguments. */
    static Process serve(final Path journal, final int port, final List<String> jvmOptions, final String... args) throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        for (final String arg : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (arg.startsWith("--add-opens") || arg.startsWith("--add-exports") || arg.startsWith("-D") ||
                arg.startsWith("--enable-native-access") || arg.startsWith("--sun-misc-unsafe-memory-access"))
            {
                command.add(arg);
            }
        }
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ServeMain.class.getName());
        command.add("--port");
        command.add(Integer.toString(port));
        command.add("--journal");
        command.add(journal.toString());
        command.add("--max-players");
        command.add("100000");
        command.add("--ring-size");
        command.add("1024");
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    }

    /** Reads the service's output until its ready line; returns {port, recovered events}. */
    static long[] awaitReady(final Process process) throws IOException
    {
        final BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null; line = out.readLine())
        {
            final Matcher m = READY.matcher(line);
            if (m.find())
            {
                final Thread drain = new Thread(() ->
                {
                    try
                    {
                        while (out.readLine() != null)
                        {
                            // keep the pipe from filling
                        }
                    }
                    catch (final IOException ignored)
                    {
                        // process gone
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return new long[]{Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
            }
        }
        throw new IllegalStateException("the service exited before it was ready");
    }

    static int freePort() throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0))
        {
            return socket.getLocalPort();
        }
    }

    static boolean isUtf8(final byte[] line)
    {
        try
        {
            StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(line));
            return true;
        }
        catch (final CharacterCodingException e)
        {
            return false;
        }
    }
}
