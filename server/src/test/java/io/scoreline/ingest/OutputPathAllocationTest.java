package io.scoreline.ingest;

import io.scoreline.journal.JournalConfig;
import io.scoreline.pipeline.Topology;
import io.scoreline.testkit.Allocations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The service's real output path under a byte count: events over /ws on loopback into a fused
 * pipeline, whose stage thread runs the emit sink ({@link ResultDispatcher}: each result appended
 * to its connection's buffer, the batch handed to the event loop with the preallocated flush
 * task), and the Netty I/O thread, which reads the frames, publishes their lines and writes one
 * frame of results per batch. Counted per thread by id ({@code getThreadAllocatedBytes}). The
 * journal (on the fused thread too) is one file large enough for the run: a roll maps a new
 * file and allocates (JournalWriterTest counts those apart).
 *
 * <p>Not zero: found by this test, reported, and bounded per event instead of by the shared
 * one-off bound. Over 1M events the fused stage thread read 824-952 bytes in most runs, 17,184
 * and 17,840 in two (frames of 100), and 0 to 367,168 in frames of 1,000 (~90 KB of results a
 * frame). The connection's buffers grow on the emit thread whenever a batch is larger than any
 * before (Connection.emitResult, handOff), and past 64 KiB the flush swaps the shared one for a
 * new 1 KiB array (KEPT_BUFFER, to bound memory per connection), so the next large batch grows
 * it again. So: under 1 byte an event (1,000,000 bytes; one 16-byte object per result would be
 * 16,000,000) on the stage thread. The I/O thread allocates per frame (Netty's frame objects, in
 * and out; ~300 bytes a round trip), not per event: a round trip stays under {@link #FRAME_BYTES},
 * and the same 1M events in frames ten times larger cost it less than half as much (0.3-0.36).
 * The test prints all four figures.
 *
 * <p>Breaks caught: a {@code new byte[16]} per result in ResultDispatcher fails the stage thread's
 * bound (32,000,000 bytes); per event on the I/O thread, the two frame sizes would cost the same.
 */
class OutputPathAllocationTest
{
    private static final int PLAYERS = 1_000;
    private static final int EVENTS = 1_000_000;
    /** Less than a byte an event: the stage thread's buffer growth (see above), never anything per result. */
    private static final long STAGE_BYTES = EVENTS;
    /** Bytes a frame's round trip may cost the I/O thread (frame objects in and out), not per event. */
    private static final long FRAME_BYTES = 1_024;

    @TempDir
    Path journal;

    @Test
    void shouldAllocateLessThanAByteAnEventOnTheEmitThreadAndOnlyPerFrameOnTheIoThread() throws Exception
    {
        final com.sun.management.ThreadMXBean threads = Allocations.counter();
        final Frames small = new Frames(100);
        final Frames large = new Frames(1_000);
        try (ScorerServer server = Servers.started(Servers.config(journal).topology(Topology.FUSED)
                 .journalConfig(new JournalConfig().rollBytes(1L << 30)));
             RawWebSocket ws = RawWebSocket.connect(server.port()))
        {
            final long[] io = threadIds("scoreline-io-");
            final long[] stages = threadIds("scorer-stage-");
            assertEquals(1, io.length);
            assertEquals(1, stages.length, "fused: one stage thread, which runs the emit sink");
            large.send(ws, 300_000); // warm-up: the JIT, every player on the board
            small.send(ws, 300_000); // and the small frames last, as counted next

            final long[] before = {threads.getThreadAllocatedBytes(io[0]), threads.getThreadAllocatedBytes(stages[0])};
            small.send(ws, EVENTS);
            final long[] mid = {threads.getThreadAllocatedBytes(io[0]), threads.getThreadAllocatedBytes(stages[0])};
            large.send(ws, EVENTS);
            final long[] after = {threads.getThreadAllocatedBytes(io[0]), threads.getThreadAllocatedBytes(stages[0])};

            final long ioSmall = mid[0] - before[0];
            final long ioLarge = after[0] - mid[0];
            System.out.println("output path, 1M events: I/O thread " + ioSmall + " bytes in frames of 100, " + ioLarge +
                " in frames of 1,000; stage (emit) thread " + (mid[1] - before[1]) + " and " + (after[1] - mid[1]));
            assertTrue(mid[1] - before[1] < STAGE_BYTES, "stage thread bytes over 1M events in frames of 100: " + (mid[1] - before[1]));
            assertTrue(after[1] - mid[1] < STAGE_BYTES, "stage thread bytes over 1M events in frames of 1,000: " + (after[1] - mid[1]));
            assertTrue(ioSmall < EVENTS / 100 * FRAME_BYTES, "I/O thread bytes over 10,000 frames: " + ioSmall);
            assertTrue(ioLarge < ioSmall / 2, "per frame, not per event: " + ioLarge + " bytes in 1,000 frames of 1,000 vs " +
                ioSmall + " in 10,000 of 100");
        }
    }

    /** Frames of hint_used events of 1,000 players, each player's seq rising: all accepted. */
    private static final class Frames
    {
        private final int lines;
        private final long[] seq = new long[PLAYERS + 1];
        private int next;

        Frames(final int lines)
        {
            this.lines = lines;
        }

        /** Sends {@code events} in frames, each answered before the next; the frames are built before counting. */
        void send(final RawWebSocket ws, final int events) throws Exception
        {
            final List<byte[]> frames = new ArrayList<>();
            for (int f = 0; f < events / lines; f++)
            {
                final StringBuilder frame = new StringBuilder();
                for (int i = 0; i < lines; i++)
                {
                    final int player = 1 + next++ % PLAYERS;
                    final long s = ++seq[player];
                    frame.append("{\"type\":\"hint_used\",\"seq\":").append(s).append(",\"ts\":").append(1_750_000_000_000L + s)
                        .append(",\"player\":").append(player).append(",\"team\":1,\"clue\":").append(s).append("}\n");
                }
                frames.add(frame.toString().getBytes(StandardCharsets.US_ASCII));
            }
            for (final byte[] frame : frames)
            {
                ws.sendText(frame);
                final String answers = new String(ws.readLines(lines), StandardCharsets.US_ASCII);
                assertFalse(answers.contains("\"rejected\""), answers);
            }
        }
    }

    private static long[] threadIds(final String prefix)
    {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(prefix))
            .mapToLong(Thread::getId).toArray();
    }
}
