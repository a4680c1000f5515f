package io.scoreline.push;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Which rank moves a shard subscription is sent between a player's own events (issue 25), with the
 * shard thread's rounds run by hand ({@link PushShards#step}) and its clock moved by hand.
 * <p>
 * The board: 100 players, id i (handle i - 1) with total 10 i, so id i is ranked 101 - i. One shard
 * (of 1) holds them all. A "jump" gives one player a total above everyone: every player ranked above
 * it moves down by one, every player below it keeps its rank. The expected lines are worked out by
 * hand from that, never taken from the code. A refresh writes in the shard's member order (here: by id).
 */
class ShardRankRuleTest
{
    private static final int PLAYERS = 100;
    private static final int REFRESH_MS = 1000;

    @Test
    void insideTheTopNEveryMoveIsSentAndOutsideItASmallOneIsNot()
    {
        final Shard shard = new Shard(new PushConfig().rankExactTop(3).rankStep(1.0).rankMaxAgeMillis(3_600_000));
        shard.jump(50, 2000);
        assertEquals(List.of(PushRig.player(50, 2000, 1)), shard.lines(5), "the own event: its new total and exact rank at once");
        // Ranks 1, 2, 3 became 2, 3, 4: inside the top 3 at one end. Rank 4 -> 5 (25%) and below: under the 100% step.
        assertEquals(List.of(PushRig.player(98, 980, 4), PushRig.player(99, 990, 3), PushRig.player(100, 1000, 2)), shard.lines(REFRESH_MS));

        // Control: without the top N only the 1 -> 2 move (100%, the step) is sent: 99 and 98 above came from the top-N rule.
        final Shard control = new Shard(new PushConfig().rankExactTop(0).rankStep(1.0).rankMaxAgeMillis(3_600_000));
        control.jump(50, 2000);
        assertEquals(List.of(PushRig.player(50, 2000, 1)), control.lines(5));
        assertEquals(List.of(PushRig.player(100, 1000, 2)), control.lines(REFRESH_MS));
    }

    @Test
    void outsideTheTopAMoveIsSentOnceItIsTheStepOfTheRankLastSent()
    {
        final Shard shard = new Shard(new PushConfig().rankExactTop(0).rankStep(0.1).rankMaxAgeMillis(3_600_000));
        shard.jump(50, 2000);
        assertEquals(List.of(PushRig.player(50, 2000, 1)), shard.lines(5));
        // A move of 1 is 10% of ranks up to 10: ids 100..91 (ranks 1..10 -> 2..11); ids 90..51 (11..50) are held.
        final List<String> first = new ArrayList<>();
        for (int id = 91; id <= 100; id++)
        {
            first.add(PushRig.player(id, 10L * id, 102 - id));
        }
        assertEquals(first, shard.lines(REFRESH_MS));

        // A second jump (id 49, ranked 52) moves ranks 1..51 down once more. Held moves add up against the rank last sent:
        shard.jump(49, 3000);
        assertEquals(List.of(PushRig.player(49, 3000, 1)), shard.lines(5));
        final List<String> second = new ArrayList<>();
        second.add(PushRig.player(50, 2000, 2)); // sent 1, now 2
        // ids 51..80: sent 50..21, now 52..23: 2 < 10%, held. ids 81..90: sent 20..11, now 22..13: 2 >= 10%.
        for (int id = 81; id <= 90; id++)
        {
            second.add(PushRig.player(id, 10L * id, 103 - id));
        }
        // id 91: sent 11, now 12: 1 < 1.1, held. ids 92..100: sent 10..2, now 11..3: 1 >= 10% of the rank sent.
        for (int id = 92; id <= 100; id++)
        {
            second.add(PushRig.player(id, 10L * id, 103 - id));
        }
        assertEquals(second, shard.lines(REFRESH_MS));

        // Control: with a step of 0 every move goes at the next refresh, ids 100..51 (ranks 2..51).
        final Shard control = new Shard(new PushConfig().rankExactTop(0).rankStep(0).rankMaxAgeMillis(3_600_000));
        control.jump(50, 2000);
        assertEquals(List.of(PushRig.player(50, 2000, 1)), control.lines(5));
        final List<String> all = new ArrayList<>();
        for (int id = 51; id <= 100; id++)
        {
            all.add(PushRig.player(id, 10L * id, 102 - id));
        }
        assertEquals(all, control.lines(REFRESH_MS));
    }

    @Test
    void aHeldRankIsSentBeforeItIsOlderThanTheMaxAgeAndAnExactOneNever()
    {
        final Shard shard = new Shard(new PushConfig().rankExactTop(0).rankStep(0.5).rankMaxAgeMillis(10_000));
        shard.jump(50, 2000);
        assertEquals(List.of(PushRig.player(50, 2000, 1)), shard.lines(5));
        // t = 1 s after the snapshot: a move of 1 is 50% of ranks 1 and 2 only.
        assertEquals(List.of(PushRig.player(99, 990, 3), PushRig.player(100, 1000, 2)), shard.lines(REFRESH_MS - 5));
        for (int second = 2; second <= 8; second++)
        {
            assertEquals(List.of(), shard.lines(REFRESH_MS), "no event since: nothing is sent at t = " + second + " s");
        }
        // t = 9 s: the next pass (10 s) would find the snapshot's ranks of ids 98..51 older than 10 s. They go now;
        // ids 49..1 kept their rank (exact): never sent again, however old.
        final List<String> aged = new ArrayList<>();
        for (int id = 51; id <= 98; id++)
        {
            aged.add(PushRig.player(id, 10L * id, 102 - id));
        }
        assertEquals(aged, shard.lines(REFRESH_MS));
        for (int second = 10; second <= 40; second++)
        {
            assertEquals(List.of(), shard.lines(REFRESH_MS), "all exact: nothing at t = " + second + " s");
        }

        // Control: the same moves with an hour's max age are still held at t = 9 s.
        final Shard control = new Shard(new PushConfig().rankExactTop(0).rankStep(0.5).rankMaxAgeMillis(3_600_000));
        control.jump(50, 2000);
        control.lines(5);
        assertEquals(List.of(PushRig.player(99, 990, 3), PushRig.player(100, 1000, 2)), control.lines(REFRESH_MS - 5));
        for (int second = 2; second <= 9; second++)
        {
            assertEquals(List.of(), control.lines(REFRESH_MS));
        }
    }

    /** A shard thread, not started, with its log, a hand-moved clock and one subscriber of shard 0 of 1. */
    private static final class Shard
    {
        private long now = TimeUnit.SECONDS.toNanos(100);
        private final ShardLog log = new ShardLog(1 << 12);
        private final PushShards shards;
        private final PushConnection subscriber;
        private long reachedAt;

        Shard(final PushConfig config)
        {
            config.rankRefreshMillis(REFRESH_MS).maxPlayers(1024).validate();
            shards = new PushShards(log, () -> now, config.maxPlayers(), config);
            subscriber = new PushRig(config).connect();
            for (int id = 1; id <= PLAYERS; id++)
            {
                log.append(id - 1, id, 10L * id, ++reachedAt, true, 0);
            }
            shards.subscribe(subscriber, 0, 1);
            shards.step();
            final List<String> snapshot = PushRig.lines(PushRig.frames(subscriber));
            assertEquals(PLAYERS + 1, snapshot.size(), "the snapshot: every player, then its marker");
            assertEquals(PushRig.player(1, 10, 100), snapshot.get(0));
            assertEquals("{\"push\":\"snapshot\",\"shard\":0,\"of\":1,\"players\":100}", snapshot.get(PLAYERS));
        }

        /** An own event of {@code id} moving its total to {@code total}. */
        void jump(final long id, final long total)
        {
            log.append((int)id - 1, id, total, ++reachedAt, true, 0);
        }

        /** Moves the clock, runs the shard thread until idle, and takes the lines written. */
        List<String> lines(final long millis)
        {
            now += TimeUnit.MILLISECONDS.toNanos(millis);
            for (int rounds = 0; shards.step() && rounds < 100; rounds++)
            {
                // until nothing more to write now
            }
            return PushRig.lines(PushRig.frames(subscriber));
        }
    }
}
