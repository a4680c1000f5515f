package io.scoreline.push;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SERVICE.md "Push": the control messages of /push, read by the shared JSON member reader. */
class PushControlTest
{
    @Test
    void shouldReadEachSubscriptionKind()
    {
        final PushControl player = PushControl.parse("{\"subscribe\":\"player\",\"player\":42}");
        assertNull(player.error);
        assertTrue(player.subscribe);
        assertEquals(PushControl.Kind.PLAYER, player.kind);
        assertEquals(42, player.player);

        final PushControl top = PushControl.parse(" { \"subscribe\" : \"top\" , \"limit\" : 100 } ");
        assertNull(top.error);
        assertEquals(PushControl.Kind.TOP, top.kind);
        assertEquals(100, top.limit);

        final PushControl shard = PushControl.parse("{\"of\":4,\"shard\":3,\"subscribe\":\"players\"}");
        assertNull(shard.error);
        assertEquals(PushControl.Kind.PLAYERS, shard.kind);
        assertEquals(3, shard.shard);
        assertEquals(4, shard.of);

        final PushControl unsubscribe = PushControl.parse("{\"unsubscribe\":\"top\"}");
        assertNull(unsubscribe.error);
        assertFalse(unsubscribe.subscribe);
        assertEquals(PushControl.Kind.TOP, unsubscribe.kind);
    }

    @Test
    void shouldIgnoreOtherKeysWhateverTheirValues()
    {
        final PushControl stats = PushControl.parse(
            "{\"subscribe\":\"stats\",\"x\":{\"a\":[1,2.5e3,{\"b\":null}],\"c\":true},\"y\":false,\"z\":\"\\u00e9\"}");
        assertNull(stats.error);
        assertEquals(PushControl.Kind.STATS, stats.kind);
    }

    @Test
    void shouldUnescapeStrings()
    {
        final PushControl player = PushControl.parse("{\"subscribe\":\"pl\\u0061yer\",\"player\":5}");
        assertNull(player.error);
        assertEquals(PushControl.Kind.PLAYER, player.kind);
        assertEquals(5, player.player);
    }

    @Test
    void shouldRefuseValuesOutOfTheirRange()
    {
        assertEquals("limit must be an integer 1..100", PushControl.parse("{\"subscribe\":\"top\",\"limit\":101}").error);
        assertEquals("limit must be an integer 1..100", PushControl.parse("{\"subscribe\":\"top\",\"limit\":0}").error);
        assertEquals("shard must be an integer 0..of-1",
            PushControl.parse("{\"subscribe\":\"players\",\"shard\":4,\"of\":4}").error);
        // 2^63 does not fit a long; 1.0 is not an integer; "7" is a string.
        assertEquals("player must be an integer 1..2^63-1",
            PushControl.parse("{\"subscribe\":\"player\",\"player\":9223372036854775808}").error);
        assertEquals("player must be an integer 1..2^63-1", PushControl.parse("{\"subscribe\":\"player\",\"player\":1.0}").error);
        assertEquals("player must be an integer 1..2^63-1", PushControl.parse("{\"subscribe\":\"player\",\"player\":\"7\"}").error);
        assertEquals(Long.MAX_VALUE, PushControl.parse("{\"subscribe\":\"player\",\"player\":9223372036854775807}").player);
    }

    @Test
    void shouldRefuseMessagesThatAreNotOneSubscription()
    {
        assertEquals("expected one of \"subscribe\" or \"unsubscribe\"", PushControl.parse("{}").error);
        assertEquals("expected one of \"subscribe\" or \"unsubscribe\"",
            PushControl.parse("{\"subscribe\":\"top\",\"unsubscribe\":\"top\"}").error);
        assertEquals("subscription kind must be a string: player, players, top or stats",
            PushControl.parse("{\"subscribe\":3}").error);
        assertEquals("unknown subscription kind: board", PushControl.parse("{\"subscribe\":\"board\"}").error);
    }

    @Test
    void shouldRefuseTextThatIsNotOneJsonObject()
    {
        for (final String text : new String[] {
            "", "[1]", "\"top\"", "{\"subscribe\":\"stats\"", "{\"subscribe\":\"stats\",}", "{\"subscribe\" \"stats\"}",
            "{\"subscribe\":\"stats\"} x", "{\"subscribe\":\"stats\",\"subscribe\":\"stats\"}", "{subscribe:\"stats\"}",
            "{\"subscribe\":\"stats\",\"x\":[1,]}", "{\"subscribe\":\"stats\",\"x\":tru}", "{\"subscribe\":\"st\\qats\"}"})
        {
            final String error = PushControl.parse(text).error;
            assertTrue(error != null && error.startsWith("not a JSON object: "), text + " gave " + error);
        }
    }
}
