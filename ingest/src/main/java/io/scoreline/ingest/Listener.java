package io.scoreline.ingest;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;

/** The listening socket of the service and of the echo baseline alike: one set of socket options for both. */
final class Listener
{
    private Listener()
    {
    }

    /** Binds {@code host}:{@code port}; accepted channels go to {@code worker} with {@code childHandler}. */
    static Channel bind(final String host, final int port, final Transport transport, final EventLoopGroup acceptor,
        final EventLoopGroup worker, final ChannelHandler childHandler)
    {
        final ServerBootstrap bootstrap = new ServerBootstrap()
            .group(acceptor, worker)
            .channel(transport.serverChannel)
            .option(ChannelOption.SO_BACKLOG, 4096)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            // Netty 4.2's default (adaptive) allocator makes and drops chunk objects as buffer
            // sizes vary; the pooled one, with its per-loop caches, allocates none once warm
            // (OutputPathAllocationTest).
            .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
            .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(64 * 1024, 256 * 1024))
            .childHandler(childHandler);
        try
        {
            return bootstrap.bind(host, port).sync().channel();
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while binding", e);
        }
        catch (final Exception e)
        {
            throw new IllegalStateException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }
}
