package io.scoreline.app;

import io.scoreline.testkit.DirtyPages;
import io.scoreline.perf.SyntheticEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGTERM to a real {@code bin/scorer serve} under WebSocket load: it exits 0 within 10 s with one
 * line saying what it drained, every client sees close code 1001, and replaying the journal gives
 * exactly the result lines the clients received: every acknowledged event is in the journal, and
 * every journaled (read) event was answered; the drain forced the journal: its pages, dirty under
 * load, are clean after the exit (DirtyPages, /proc/kpageflags; needs root). Break caught: a drain
 * without {@code pipeline.closeForced()}'s force leaves the pages dirty. Runs after package (it
 * needs app/target/scorer.jar).
 */
class DrainIT
{
    private static final Path LAUNCHER = Path.of(System.getProperty("user.dir")).getParent().resolve("bin/scorer");
    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
    private static final int CONNECTIONS = 4;
    private static final int PLAYERS = 20_000;
    private static final int BATCH = 20;
    /** Most events a connection has sent and not yet seen answered. */
    private static final int WINDOW = 400;

    @TempDir
    Path dir;

    @Test
    void sigtermDuringLoadAnswersEverythingReadForcesTheJournalAndExitsZero() throws Exception
    {
        final Path journal = dir.resolve("journal");
        final ProcessBuilder builder = new ProcessBuilder(LAUNCHER.toString(), "serve", "--port", "0", "--journal",
            journal.toString(), "--players", Integer.toString(PLAYERS)).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("JAVA_OPTS", "-Xmx256m");
        final Process service = builder.start();
        final StringBuffer said = new StringBuffer();
        final CompletableFuture<Integer> port = new CompletableFuture<>();
        final Thread reader = new Thread(() -> read(service, said, port), "service-output");
        reader.setDaemon(true);
        reader.start();
        final int bound;
        try
        {
            bound = port.get(60, TimeUnit.SECONDS);
        }
        catch (final Exception e)
        {
            service.destroyForcibly();
            throw new AssertionError("the service did not start: " + said, e);
        }

        final Client[] clients = new Client[CONNECTIONS];
        final HttpClient http = HttpClient.newHttpClient();
        for (int c = 0; c < CONNECTIONS; c++)
        {
            clients[c] = new Client(c);
            clients[c].socket = http.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + bound + "/ws"), clients[c]).get(10, TimeUnit.SECONDS);
            clients[c].sender.start();
        }
        Thread.sleep(1_500);
        assertTrue(clients[0].received.get() > 0, "load is flowing: " + said);
        // Positive control for the force below: with fsync NONE (the default) the live journal's
        // pages are the kernel's to write back (not before 30 s, dirty_expire_centisecs): dirty now.
        final long dirtyUnderLoad = DirtyPages.of(service.pid(), journal);
        assertTrue(dirtyUnderLoad > 0, "the journal has dirty pages under load: " + dirtyUnderLoad);

        final long signalled = System.nanoTime();
        // kill(1), not Process.destroy(): destroy closes our end of the child's output, losing its last line.
        assertEquals(0, new ProcessBuilder("kill", "-TERM", Long.toString(service.pid())).start().waitFor());
        assertTrue(service.waitFor(10, TimeUnit.SECONDS), "exits within 10 s of SIGTERM: " + said);
        final long exitMillis = (System.nanoTime() - signalled) / 1_000_000;
        reader.join(5_000);
        assertEquals(0, service.exitValue(), said.toString());
        assertTrue(said.toString().contains("scorer: SIGTERM, drained in "), said.toString());
        // "Forces the journal", read from the kernel: none of its data pages is dirty any more.
        assertEquals(0, DirtyPages.inPageCache(journal), "dirty journal pages after the drain (" + dirtyUnderLoad + " under load)");
        long acked = 0;
        for (final Client client : clients)
        {
            client.sender.join(10_000);
            assertEquals(1001, client.closeCode.get(5, TimeUnit.SECONDS), "WebSocket " + client.index + " closed with 1001");
            acked += client.received.get();
        }

        final Path results = dir.resolve("replayed.ndjson");
        final Process replay = new ProcessBuilder(LAUNCHER.toString(), "replay", "--journal", journal.toString(),
            "--results", results.toString(), "--players", Integer.toString(PLAYERS)).redirectErrorStream(true).start();
        final String replaySaid = new String(replay.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(replay.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, replay.exitValue(), replaySaid);
        // Each connection's events are journaled in its send order, but connections interleave, and
        // some synthetic events are rejected with no player to tell their connection by: compare
        // all lines as one sorted list.
        final List<String> replayed = new ArrayList<>(Files.readAllLines(results));
        final List<String> got = new ArrayList<>();
        for (final Client client : clients)
        {
            got.addAll(client.lines);
        }
        assertEquals(acked, replayed.size(), "the journal holds exactly the acknowledged events (" + said + ")");
        Collections.sort(replayed);
        Collections.sort(got);
        assertEquals(got, replayed, "replaying the journal gives exactly the results the clients got");
        System.out.println("DrainIT: " + acked + " events acknowledged, exit " + exitMillis + " ms after SIGTERM; " +
            said.toString().lines().filter(l -> l.contains("drained")).findFirst().orElse(""));
    }

    private static void read(final Process service, final StringBuffer said, final CompletableFuture<Integer> port)
    {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(service.getInputStream(), StandardCharsets.UTF_8)))
        {
            String line;
            while ((line = lines.readLine()) != null)
            {
                said.append(line).append('\n');
                final Matcher m = LISTENING.matcher(line);
                if (m.find())
                {
                    port.complete(Integer.parseInt(m.group(1)));
                }
            }
        }
        catch (final Exception ignored)
        {
            // the process is gone; what it said is in `said`
        }
        port.completeExceptionally(new IllegalStateException("no listening line"));
    }

    /** One connection: a sender thread (frames of BATCH events, at most WINDOW unanswered) and the result lines it got. */
    private static final class Client implements WebSocket.Listener
    {
        final int index;
        final List<String> lines = new ArrayList<>();
        final AtomicLong received = new AtomicLong();
        final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
        final AtomicInteger sentEvents = new AtomicInteger();
        final Thread sender;
        volatile WebSocket socket;
        private final StringBuilder partial = new StringBuilder();

        Client(final int index)
        {
            this.index = index;
            this.sender = new Thread(this::send, "drain-sender-" + index);
            this.sender.setDaemon(true);
        }

        private void send()
        {
            final SyntheticEvents events = new SyntheticEvents(PLAYERS / CONNECTIONS, 7 + index, CONNECTIONS, index);
            final byte[] line = new byte[512];
            try
            {
                while (!closeCode.isDone())
                {
                    if (sentEvents.get() - received.get() >= WINDOW)
                    {
                        Thread.sleep(1);
                        continue;
                    }
                    final StringBuilder frame = new StringBuilder();
                    for (int i = 0; i < BATCH; i++)
                    {
                        frame.append(new String(line, 0, events.next(line), StandardCharsets.UTF_8)).append('\n');
                    }
                    sentEvents.addAndGet(BATCH);
                    socket.sendText(frame, true).get(5, TimeUnit.SECONDS);
                }
            }
            catch (final Exception stopped)
            {
                // the service went away mid-send: what it read, it answered; the rest was never acknowledged
            }
        }

        @Override
        public CompletionStage<?> onText(final WebSocket webSocket, final CharSequence data, final boolean last)
        {
            partial.append(data);
            if (last)
            {
                for (final String line : partial.toString().split("\n"))
                {
                    if (!line.isEmpty())
                    {
                        lines.add(line);
                        received.incrementAndGet();
                    }
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(final WebSocket webSocket, final int statusCode, final String reason)
        {
            closeCode.complete(statusCode);
            return null;
        }

        @Override
        public void onError(final WebSocket webSocket, final Throwable error)
        {
            closeCode.complete(-1);
        }
    }
}
