package io.scoreline.journal;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JournalConfigTest
{
    @AfterEach
    void clearProperties()
    {
        System.clearProperty(JournalConfig.ROLL_BYTES_PROP);
        System.clearProperty(JournalConfig.FSYNC_PROP);
        System.clearProperty(JournalConfig.FSYNC_INTERVAL_MS_PROP);
    }

    @Test
    void shouldDefaultTo256MiBFilesAndPageCacheDurability()
    {
        final JournalConfig config = new JournalConfig().validate();
        assertEquals(268_435_456L, config.rollBytes());
        assertEquals(FsyncPolicy.NONE, config.fsync());
        assertEquals(0, config.fsyncIntervalMs());
    }

    @Test
    void shouldNameTheBadSettingWhenValidating()
    {
        assertMessage(new JournalConfig().rollBytes(1000), "rollBytes must be between 16384 and 2147483648 but was 1000");
        assertMessage(new JournalConfig().rollBytes(3L << 30), "rollBytes");
        assertMessage(new JournalConfig().fsync(null), "fsync policy must be set");
        assertMessage(new JournalConfig().fsyncIntervalMs(-1), "fsyncIntervalMs must be >= 0 but was -1");
    }

    @Test
    void shouldReadSettingsFromSystemProperties()
    {
        System.setProperty(JournalConfig.ROLL_BYTES_PROP, "1048576");
        System.setProperty(JournalConfig.FSYNC_PROP, "batch");
        System.setProperty(JournalConfig.FSYNC_INTERVAL_MS_PROP, "5");
        final JournalConfig config = JournalConfig.fromSystemProperties();
        assertEquals(1_048_576L, config.rollBytes());
        assertEquals(FsyncPolicy.BATCH, config.fsync());
        assertEquals(5, config.fsyncIntervalMs());
    }

    @Test
    void shouldNameTheBadFsyncProperty()
    {
        System.setProperty(JournalConfig.FSYNC_PROP, "sometimes");
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, JournalConfig::fromSystemProperties);
        assertEquals("scoreline.journal.fsync must be one of NONE, BATCH, EVERY but was 'sometimes'", ex.getMessage());
    }

    @Test
    void shouldRefuseToOpenAJournalWithAnInvalidConfig(@org.junit.jupiter.api.io.TempDir final java.nio.file.Path dir)
    {
        assertThrows(IllegalArgumentException.class, () -> JournalWriter.open(dir, new JournalConfig().rollBytes(0)));
    }

    private static void assertMessage(final JournalConfig config, final String expected)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, config::validate);
        assertTrue(ex.getMessage().contains(expected), ex.getMessage());
    }
}
