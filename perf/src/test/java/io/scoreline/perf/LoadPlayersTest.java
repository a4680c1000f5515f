package io.scoreline.perf;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoadPlayersTest
{
    private static final Pattern PLAYER = Pattern.compile("\"player\":(\\d+)");

    @Test
    void shouldGiveEachConnectionItsOwnPlayers()
    {
        // 3 connections x 4 local players: connection c owns global ids c+1, c+4, c+7, c+10.
        final Set<Long> seen = new HashSet<>();
        for (int c = 0; c < 3; c++)
        {
            final SyntheticEvents events = new SyntheticEvents(4, 11 + c, 3, c);
            final byte[] line = new byte[512];
            for (int i = 0; i < 2_000; i++)
            {
                final Matcher m = PLAYER.matcher(new String(line, 0, events.next(line), StandardCharsets.US_ASCII));
                assertTrue(m.find());
                final long player = Long.parseLong(m.group(1));
                if (player != 0)
                {
                    assertEquals(c, (player - 1) % 3, "player " + player + " on connection " + c);
                    assertTrue(player <= 12);
                    seen.add(player);
                }
            }
        }
        assertEquals(12, seen.size());
    }
}
