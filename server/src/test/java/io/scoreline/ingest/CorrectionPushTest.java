package io.scoreline.ingest;

import io.scoreline.ingest.PushSubscriptionTest.Subscriber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.scoreline.ingest.PushSubscriptionTest.TS;
import static io.scoreline.ingest.PushSubscriptionTest.isPlayerPush;
import static io.scoreline.ingest.PushSubscriptionTest.post;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * GAME.md section 7 and push: after a void, each player whose total or rank changed is told,
 * player subscribers at once, shard subscribers live for a total and in the next rank refresh
 * for a rank. Hand-worked: R02 20 + R03 100 + R04 50 = 170 for a clean clue at solveMs 60000.
 */
class CorrectionPushTest
{
    @TempDir
    Path journal;

    @Test
    void playersWhoseTotalOrRankAVoidChangedArePushed() throws Exception
    {
        try (ScorerServer server = Servers.started(Servers.config(journal).rankRefreshMillis(100));
             Subscriber players = Subscriber.connect(server);
             Subscriber even = Subscriber.connect(server);
             Subscriber odd = Subscriber.connect(server))
        {
            post(server, join(7) + "\n" + join(8) + "\n" + clue(7, TS + 1_000) + "\n" +
                "{\"type\":\"match_event\",\"seq\":10,\"ts\":" + (TS + 2_000) + ",\"player\":0,\"kind\":\"goal\"}\n" +
                clue(8, TS + 3_000)); // in the golden minute: 340
            // Now: 8 at 440 (rank 1), 7 at 270 (rank 2).
            players.send("{\"subscribe\":\"player\",\"player\":7}");
            players.send("{\"subscribe\":\"player\",\"player\":8}");
            players.barrier();
            even.send("{\"subscribe\":\"players\",\"shard\":0,\"of\":2}");
            odd.send("{\"subscribe\":\"players\",\"shard\":1,\"of\":2}");
            untilMarker(even);
            untilMarker(odd);

            final String result = post(server, "{\"type\":\"match_event\",\"seq\":11,\"ts\":" + (TS + 4_000) +
                ",\"player\":0,\"kind\":\"void\",\"voids\":10}");
            assertEquals("{\"seq\":11,\"player\":0,\"status\":\"ok\",\"delta\":0,\"rules\":[],\"voided\":10,\"changed\":1}\n", result);

            // 8 drops to 270 and, reached later than 7's 270, to rank 2; 7 moves to rank 1 with no event of its own.
            assertEquals("{\"push\":\"player\",\"player\":8,\"total\":270,\"rank\":2}", players.next(isPlayerPush(8)).text);
            assertEquals("{\"push\":\"player\",\"player\":7,\"total\":270,\"rank\":1}", players.next(isPlayerPush(7)).text);
            assertEquals("{\"push\":\"player\",\"player\":8,\"total\":270,\"rank\":2}", even.next(isPlayerPush(8)).text);
            assertEquals("{\"push\":\"player\",\"player\":7,\"total\":270,\"rank\":1}", odd.next(isPlayerPush(7)).text);
        }
    }

    private static String join(final long player)
    {
        return "{\"type\":\"join\",\"seq\":1,\"ts\":" + TS + ",\"player\":" + player + ",\"team\":3}";
    }

    private static String clue(final long player, final long ts)
    {
        return "{\"type\":\"clue_solved\",\"seq\":2,\"ts\":" + ts + ",\"player\":" + player +
            ",\"team\":3,\"clue\":1,\"solveMs\":60000,\"hints\":0}";
    }

    private static void untilMarker(final Subscriber sub) throws Exception
    {
        sub.next(line -> line.text.startsWith("{\"push\":\"snapshot\""));
    }
}
