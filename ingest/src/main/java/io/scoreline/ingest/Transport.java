package io.scoreline.ingest;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;

/**
 * The server's Netty transport: Linux's native epoll where its library loads, Java NIO otherwise.
 * One choice for the acceptor, the ingest loop and the push loop alike: a channel accepted by an
 * epoll server socket can only be served by epoll loops, and /push channels move from the ingest
 * loop to the push loop. {@code -Dscoreline.transport=nio} (or the server configuration's {@code transport})
 * forces NIO; {@code epoll} insists on epoll and fails at start when it is missing.
 */
final class Transport
{
    final TransportKind name;
    final IoHandlerFactory ioHandlerFactory;
    final Class<? extends ServerChannel> serverChannel;

    private Transport(final TransportKind name, final IoHandlerFactory ioHandlerFactory, final Class<? extends ServerChannel> serverChannel)
    {
        this.name = name;
        this.ioHandlerFactory = ioHandlerFactory;
        this.serverChannel = serverChannel;
    }

    static Transport choose(final TransportKind wanted)
    {
        if (wanted == TransportKind.NIO)
        {
            return nio();
        }
        if (Epoll.isAvailable())
        {
            return new Transport(TransportKind.EPOLL, EpollIoHandler.newFactory(), EpollServerSocketChannel.class);
        }
        if (wanted == TransportKind.EPOLL)
        {
            throw new IllegalStateException("transport epoll is not available here: " + Epoll.unavailabilityCause());
        }
        return nio();
    }

    private static Transport nio()
    {
        return new Transport(TransportKind.NIO, NioIoHandler.newFactory(), NioServerSocketChannel.class);
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
