package io.scoreline.journal;

import net.openhft.chronicle.bytes.MappedBytes;
import net.openhft.chronicle.bytes.MappedBytesStore;
import net.openhft.chronicle.bytes.SyncMode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * How {@link JournalWriter} forces what it wrote to the storage device. Production uses
 * {@link #DEVICE}; the tests wrap it to count the calls each {@link FsyncPolicy} makes.
 */
interface JournalForce
{
    /** msync(MS_SYNC) of the file's mapping up to {@code upTo} bytes. */
    void forceFile(MappedBytes bytes, long upTo);

    /** fsync of the directory, so a newly created file's name survives too. */
    void forceDirectory(Path dir) throws IOException;

    JournalForce DEVICE = new JournalForce()
    {
        @Override
        public void forceFile(final MappedBytes bytes, final long upTo)
        {
            ((MappedBytesStore)bytes.bytesStore()).syncUpTo(upTo, SyncMode.SYNC);
        }

        @Override
        public void forceDirectory(final Path dir) throws IOException
        {
            try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ))
            {
                channel.force(true);
            }
        }
    };
}
