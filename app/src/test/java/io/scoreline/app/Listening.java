package io.scoreline.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reads a started {@code bin/scorer serve}'s output up to its "listening on" line. */
final class Listening
{
    private Listening()
    {
    }

    /** @return what the service said up to and including that line; fails the test if it exits first */
    static String await(final Process service) throws IOException
    {
        final BufferedReader out = new BufferedReader(new InputStreamReader(service.getInputStream(), StandardCharsets.UTF_8));
        final StringBuilder said = new StringBuilder();
        for (String line = out.readLine(); ; line = out.readLine())
        {
            assertTrue(line != null, "the service exited before listening: " + said);
            said.append(line).append('\n');
            if (line.contains("listening on "))
            {
                return said.toString();
            }
        }
    }
}
