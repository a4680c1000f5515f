package io.scoreline.perf;

import io.scoreline.ingest.ServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.InetSocketAddress;
import java.util.concurrent.Callable;

/** {@code bin/scorer attack}: issue 14's hostile-client run ({@link HalfOpenAttack}) against a running service, for perf/attack.sh. */
@Command(name = "attack", description = {
    "Hold N half-open connections to a running service for S seconds (re-opened as it closes them), with a probe WebSocket",
    "timing connect -> result; reports when each was closed, the probes, and the service's RSS (perf/attack.sh)."})
public final class AttackCommand implements Callable<Integer>
{
    @Option(names = "--host", description = "the service's address (default: ${DEFAULT-VALUE})")
    private String host = ServerConfig.DEFAULT_HOST;

    @Option(names = "--port", description = "the service's port (default: ${DEFAULT-VALUE})")
    private int port = ServerConfig.DEFAULT_PORT;

    @Option(names = "--sockets", required = true, paramLabel = "N", description = "half-open connections held")
    private int sockets;

    @Option(names = "--seconds", required = true, paramLabel = "S", description = "how long they are held")
    private int seconds;

    @Option(names = "--header-timeout-ms", paramLabel = "MS",
        description = "the service's --header-timeout-ms, which each close is checked against (+1 s) (default: ${DEFAULT-VALUE})")
    private long headerTimeoutMillis = ServerConfig.DEFAULT_HEADER_TIMEOUT_MILLIS;

    @Option(names = "--pid", required = true, paramLabel = "PID", description = "the service's process, whose VmRSS is reported")
    private String pid;

    @Option(names = "--probe-ms", paramLabel = "MS", description = "a probe WebSocket every this often (default: ${DEFAULT-VALUE})")
    private long probeMillis = 500;

    @Option(names = "--cpus", paramLabel = "LIST", description = "run this JVM on these CPUs (bin/scorer starts it under taskset -c LIST)")
    private String cpus;

    @Override
    public Integer call() throws Exception
    {
        CpuList.warnUnlessConfined(cpus);
        HalfOpenAttack.attack(new InetSocketAddress(host, port), sockets, seconds, headerTimeoutMillis, pid, probeMillis);
        return 0;
    }
}
