package io.scoreline.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.DefaultEventLoop;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * --push-nice: the push loop and the shard thread get the configured Linux nice value, read back
 * from /proc/self/task/TID/stat field 19 (the kernel's own figure, not the code's).
 */
class PushNiceTest
{
    @Test
    void thePushLoopAndTheShardThreadRunAtTheConfiguredNiceValue() throws Exception
    {
        final int processNice = ThreadNice.niceOf(ThreadNice.currentTid());
        final int nice = Math.min(19, processNice + 6);
        final DefaultEventLoop loop = new DefaultEventLoop(new DefaultThreadFactory("nice-test-push"));
        try
        {
            final PushConfig config = new PushConfig().maxPlayers(16).pushNice(nice);
            new PushService(config, loop, (query, context) -> { }, System::nanoTime);
            final long loopTid = loop.submit(ThreadNice::currentTid).get(10, TimeUnit.SECONDS);
            assertTrue(loopTid > 0, "a thread id from /proc/thread-self");
            assertEquals(nice, ThreadNice.niceOf(loopTid), "the push loop's nice value");

            final PushShards shards = new PushShards(new ShardLog(1 << 10), System::nanoTime, 16, config);
            final long[] shardTid = new long[1];
            shards.start();
            try
            {
                // The shard thread renices itself first thing; its commands run after that.
                final java.util.concurrent.CountDownLatch ran = new java.util.concurrent.CountDownLatch(1);
                shards.command(() ->
                {
                    shardTid[0] = ThreadNice.currentTid();
                    ran.countDown();
                });
                assertTrue(ran.await(10, TimeUnit.SECONDS), "the shard thread ran a command");
                assertEquals(nice, ThreadNice.niceOf(shardTid[0]), "the shard thread's nice value");
            }
            finally
            {
                shards.stop();
            }
        }
        finally
        {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
        // The calling thread (not a push thread) is untouched.
        assertEquals(processNice, ThreadNice.niceOf(ThreadNice.currentTid()));
    }

    @Test
    void offLeavesTheThreadAsTheProcessAndOutOfRangeIsRefused() throws Exception
    {
        final int processNice = ThreadNice.niceOf(ThreadNice.currentTid());
        final int[] seen = {-100};
        final Thread t = new Thread(() ->
        {
            ThreadNice.applyToCurrentThread(0, "a test thread");
            try
            {
                seen[0] = ThreadNice.niceOf(ThreadNice.currentTid());
            }
            catch (final java.io.IOException e)
            {
                throw new java.io.UncheckedIOException(e);
            }
        });
        t.start();
        t.join(10_000);
        assertEquals(processNice, seen[0]);
        assertThrows(IllegalArgumentException.class, () -> new PushConfig().pushNice(20).validate());
        assertThrows(IllegalArgumentException.class, () -> new PushConfig().pushNice(-1).validate());
    }
}
