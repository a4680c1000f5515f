package io.scoreline.app;

import io.scoreline.ingest.EchoServer;
import io.scoreline.ingest.HiccupProbe;
import io.scoreline.ingest.ServerConfig;
import io.scoreline.perf.CpuList;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "echo", description = "The wire's floor: serve's transport, channel handlers and flush policy on /ws, each event"
    + " line answered with one fixed result line (no ring, no journal, no scoring); GET /health, /metrics (hiccup probe).")
final class EchoCommand implements Callable<Integer>
{
    @Option(names = "--host", description = "bind address (default: ${DEFAULT-VALUE})")
    private String host = ServerConfig.DEFAULT_HOST;

    @Option(names = "--port", description = "port (default: ${DEFAULT-VALUE})")
    private int port = ServerConfig.DEFAULT_PORT;

    @Option(names = "--cpus", paramLabel = "LIST", description = "run the whole JVM on these CPUs, e.g. 0 (bin/scorer starts it under taskset -c LIST)")
    private String cpus;

    @Option(names = "--spin-us", paramLabel = "US",
        description = "as serve's: keep polling this long after the last work before blocking; 0 = off (default: ${DEFAULT-VALUE})")
    private long spinMicros;

    @Override
    public Integer call() throws Exception
    {
        CpuList.warnUnlessConfined(cpus);
        final EchoServer server = EchoServer.start(new ServerConfig().host(host).port(port).spinMicros(spinMicros));
        HiccupProbe.shared();
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "scoreline-shutdown"));
        System.out.println("scorer: echo listening on " + server.host() + ":" + server.port() + " (" + server.transport() + ")");
        System.out.flush();
        new CountDownLatch(1).await(); // until SIGTERM or SIGINT
        return 0;
    }
}
