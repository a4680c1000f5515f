package io.scoreline.ingest;

import io.netty.channel.SelectStrategy;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class AdaptiveSelectStrategyTest
{
    /** A poll that finds {@code ready} sockets, counting its calls. */
    private static final class Poll implements io.netty.util.IntSupplier
    {
        int ready;
        int calls;

        @Override
        public int get()
        {
            calls++;
            return ready;
        }
    }

    @Test
    void shouldPollWithoutBlockingWhileThereWasWorkWithinTheWindowAndBlockAfterIt() throws Exception
    {
        final Poll poll = new Poll();
        final AdaptiveSelectStrategy spinning = new AdaptiveSelectStrategy(TimeUnit.HOURS.toNanos(1));
        // Within the window: every turn polls (a non-blocking epoll_wait) and hands its count back.
        assertEquals(0, spinning.calculateStrategy(poll, false));
        poll.ready = 3;
        assertEquals(3, spinning.calculateStrategy(poll, false));
        assertEquals(2, poll.calls);

        final AdaptiveSelectStrategy blocking = new AdaptiveSelectStrategy(0);
        // Past the window (0 here) with nothing to do: block in epoll_wait, without a poll.
        assertEquals(SelectStrategy.SELECT, blocking.calculateStrategy(poll, false));
        assertEquals(2, poll.calls);
        // Tasks waiting: poll and go run them, as Netty's default strategy does.
        poll.ready = 5;
        assertEquals(5, blocking.calculateStrategy(poll, true));
        assertEquals(3, poll.calls);
    }

    @Test
    void shouldLeaveTheReadingLoopAsleepOnceIdleAfterServingTraffic() throws Exception
    {
        assumeTrue(Files.isDirectory(Paths.get("/proc/thread-self")), "Linux only: /proc/thread-self");
        try (EchoServer server = EchoServer.start(new ServerConfig().host("127.0.0.1").port(0).spinMicros(500));
             RawWebSocket ws = RawWebSocket.connect(server.port()))
        {
            ws.readTimeout(10_000);
            for (int i = 0; i < 200; i++)
            {
                ws.sendText("{\"e\":1}\n".getBytes(StandardCharsets.US_ASCII));
                ws.readLines(1);
            }
            final Path stat = Paths.get("/proc/self/task", server.worker().submit(AdaptiveSelectStrategyTest::tid).get(), "stat");
            Thread.sleep(200); // well past the 0.5 ms window

            final long before = ticks(stat);
            Thread.sleep(2_000);
            final long used = ticks(stat) - before;

            // A loop that kept polling would use the whole 2 s (200 ticks); a blocked one nearly none.
            // 10 ticks is 5% of a core: room for a busy machine's accounting, far from a spinning loop.
            assertTrue(used <= 10, "the reading loop used " + used + " ticks (1/100 s) in 2 s idle");
        }
    }

    private static String tid() throws Exception
    {
        return Files.readSymbolicLink(Paths.get("/proc/thread-self")).getFileName().toString();
    }

    /** utime + stime of a /proc stat line (fields 14 and 15; the name in field 2 may hold spaces). */
    private static long ticks(final Path stat) throws Exception
    {
        final String line = Files.readString(stat, StandardCharsets.US_ASCII);
        final String[] rest = line.substring(line.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(rest[14 - 3]) + Long.parseLong(rest[15 - 3]);
    }
}
