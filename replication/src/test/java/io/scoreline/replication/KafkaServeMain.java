package io.scoreline.replication;

import io.scoreline.ingest.ServeMain;

/** A primary in a JVM of its own, for the kill -9 test: {@code --port P --kafka HOST:PORT --topic T}. */
public final class KafkaServeMain
{
    private KafkaServeMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final int port = Integer.parseInt(args[1]);
        final KafkaLog log = KafkaLog.primary(new KafkaSettings(args[3], args[5]));
        System.exit(ServeMain.serve(Nodes.config(log).port(port).validate()));
    }
}
