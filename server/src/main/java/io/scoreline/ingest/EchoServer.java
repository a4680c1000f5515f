package io.scoreline.ingest;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/scorer echo}: the wire's own floor. The service's transport, loops, socket options,
 * channel handlers (guards, HTTP and WebSocket codecs) and way of writing answers
 * ({@link EchoHandler}), with a fixed result line in place of the ring, the journal and the
 * scoring. {@code loadgen} against it measures what any service behind this front end pays.
 */
public final class EchoServer implements AutoCloseable
{
    private final ServerConfig config;
    private final Metrics metrics = new Metrics();
    private final Transport transport;
    private final EventLoopGroup acceptor;
    private final EventLoopGroup worker;
    private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private Channel serverChannel;

    private EchoServer(final ServerConfig config)
    {
        this.config = config;
        transport = Transport.choose(config.transport());
        acceptor = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("scoreline-accept"), transport.ioHandlerFactory);
        worker = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("scoreline-io"), transport.workerFactory(config.spinMicros()));
        registry.register(new HiccupCollector(HiccupProbe.shared()));
    }

    /** Binds {@code config}'s host and port and returns; answers at once (nothing to recover). */
    public static EchoServer start(final ServerConfig config)
    {
        config.validate();
        final EchoServer server = new EchoServer(config);
        try
        {
            server.bind();
        }
        catch (final RuntimeException e)
        {
            server.close();
            throw e;
        }
        return server;
    }

    private void bind()
    {
        serverChannel = Listener.bind(config.host(), config.port(), transport, acceptor, worker,
            new ChannelSetup(config, metrics, channels, null, () -> new EchoHandler(this)));
    }

    /** The loop that reads the clients' frames (tests read its thread's CPU time). */
    EventLoopGroup worker()
    {
        return worker;
    }

    Metrics metrics()
    {
        return metrics;
    }

    /** Prometheus text of the hiccup series. Event loop. */
    byte[] scrape()
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try
        {
            writer.write(out, registry.scrape(), EscapingScheme.DEFAULT);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public int port()
    {
        return ((InetSocketAddress)serverChannel.localAddress()).getPort();
    }

    public String host()
    {
        return config.host();
    }

    public TransportKind transport()
    {
        return transport.name;
    }

    @Override
    public void close()
    {
        if (serverChannel != null)
        {
            serverChannel.close().syncUninterruptibly();
        }
        channels.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        acceptor.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        worker.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
