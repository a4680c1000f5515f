package io.scoreline.ingest;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.SelectStrategyFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * The server's Netty transport: Linux's native epoll where its library loads, Java NIO otherwise.
 * One choice for the acceptor, the ingest loop and the push loop alike: a channel accepted by an
 * epoll server socket can only be served by epoll loops, and /push channels move from the ingest
 * loop to the push loop. {@code -Dscoreline.transport=nio} (or the server configuration's {@code transport})
 * forces NIO; {@code epoll} insists on epoll and fails at start when it is missing.
 * The load generator takes the same choice for its client sockets ({@link #clientChannel}): epoll
 * reads and writes by memory address, NIO wraps every buffer in a ByteBuffer object.
 */
public final class Transport
{
    public final TransportKind name;
    public final IoHandlerFactory ioHandlerFactory;
    final Class<? extends ServerChannel> serverChannel;
    /** The client socket channel of this transport (the load generator's). */
    public final Class<? extends SocketChannel> clientChannel;

    private Transport(
        final TransportKind name, final IoHandlerFactory ioHandlerFactory, final Class<? extends ServerChannel> serverChannel,
        final Class<? extends SocketChannel> clientChannel)
    {
        this.name = name;
        this.ioHandlerFactory = ioHandlerFactory;
        this.serverChannel = serverChannel;
        this.clientChannel = clientChannel;
    }

    public static Transport choose(final TransportKind wanted)
    {
        if (wanted == TransportKind.NIO)
        {
            return nio();
        }
        if (Epoll.isAvailable())
        {
            return new Transport(TransportKind.EPOLL, EpollIoHandler.newFactory(), EpollServerSocketChannel.class, EpollSocketChannel.class);
        }
        if (wanted == TransportKind.EPOLL)
        {
            throw new IllegalStateException("transport epoll is not available here: " + Epoll.unavailabilityCause());
        }
        return nio();
    }

    private static Transport nio()
    {
        return new Transport(TransportKind.NIO, NioIoHandler.newFactory(), NioServerSocketChannel.class, NioSocketChannel.class);
    }

    /**
     * The factory for the loop that reads events: the same transport, but with
     * {@code spinMicros} > 0 it keeps polling that long after its last work before it blocks
     * ({@link AdaptiveSelectStrategy}); 0 is {@link #ioHandlerFactory}.
     */
    IoHandlerFactory workerFactory(final long spinMicros)
    {
        if (spinMicros <= 0)
        {
            return ioHandlerFactory;
        }
        return withStrategy(AdaptiveSelectStrategy.factory(spinMicros));
    }

    /** The factory of a loop of this transport that asks {@code strategies} when to block (spinning loops). */
    public IoHandlerFactory withStrategy(final SelectStrategyFactory strategies)
    {
        return name == TransportKind.EPOLL ? EpollIoHandler.newFactory(0, strategies) :
            NioIoHandler.newFactory(java.nio.channels.spi.SelectorProvider.provider(), strategies);
    }

    /** Why epoll was not taken, for the one log line; empty when it was. */
    String note()
    {
        if (name == TransportKind.EPOLL || !Epoll.isAvailable() && Epoll.unavailabilityCause() == null)
        {
            return "";
        }
        return Epoll.isAvailable() ? " (epoll available, NIO forced)" : " (epoll unavailable: " + Epoll.unavailabilityCause() + ")";
    }
}
