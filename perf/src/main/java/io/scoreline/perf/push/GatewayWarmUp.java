package io.scoreline.perf.push;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;

import java.nio.charset.StandardCharsets;

/**
 * The loopback server of PushScale's gateway warm-up: to a subscribe it answers with
 * {@link #FRAMES} text frames of {@code {"push":"player",...}} lines (players 1..N, as a shard of
 * 1 of 1) and a snapshot marker, written as fast as the gateway reads them.
 */
final class GatewayWarmUp
{
    /** Enough frames for the JIT's thresholds of the per-frame code (~10,000 calls); 8 KiB each, ~100 MB. */
    static final int FRAMES = 12_000;
    private static final int LINES_PER_FRAME = 128;

    private GatewayWarmUp()
    {
    }

    static Channel listen(final EventLoopGroup group, final int players) throws InterruptedException
    {
        final StringBuilder lines = new StringBuilder();
        for (int i = 0; i < LINES_PER_FRAME; i++)
        {
            final long player = 1 + (i * 7919L) % players;
            lines.append("{\"push\":\"player\",\"player\":").append(player).append(",\"total\":").append(1000 + i)
                .append(",\"rank\":").append(1 + i * 3989).append("}\n");
        }
        final ByteBuf frame = Unpooled.unreleasableBuffer(Unpooled.directBuffer().writeBytes(lines.toString().getBytes(StandardCharsets.US_ASCII)));
        final String marker = "{\"push\":\"snapshot\",\"shard\":0,\"of\":1,\"players\":" + (long)FRAMES * LINES_PER_FRAME + "}\n";
        return new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
            .childHandler(new ChannelInitializer<SocketChannel>()
            {
                @Override
                protected void initChannel(final SocketChannel ch)
                {
                    ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(8192),
                        new WebSocketServerProtocolHandler("/push"), new Snapshot(frame, marker));
                }
            })
            .bind("127.0.0.1", 0).sync().channel();
    }

    /** Writes the frames while the channel is writable, the rest as it drains, then the marker. */
    private static final class Snapshot extends SimpleChannelInboundHandler<TextWebSocketFrame>
    {
        private final ByteBuf frame;
        private final String marker;
        private int left = -1;

        Snapshot(final ByteBuf frame, final String marker)
        {
            this.frame = frame;
            this.marker = marker;
        }

        @Override
        protected void channelRead0(final ChannelHandlerContext ctx, final TextWebSocketFrame subscribe)
        {
            left = FRAMES;
            write(ctx);
        }

        @Override
        public void channelWritabilityChanged(final ChannelHandlerContext ctx)
        {
            write(ctx);
            ctx.fireChannelWritabilityChanged();
        }

        private void write(final ChannelHandlerContext ctx)
        {
            while (left > 0 && ctx.channel().isWritable())
            {
                ctx.write(new TextWebSocketFrame(frame.duplicate()), ctx.voidPromise());
                if (--left == 0)
                {
                    ctx.write(new TextWebSocketFrame(marker), ctx.voidPromise());
                }
            }
            ctx.flush();
        }
    }
}
