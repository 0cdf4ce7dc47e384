package io.sinal.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A WebSocket subscriber on a bare Netty channel, so the load generator costs little per message:
 * it writes the handshake as bytes, skips the 101 answer, then reads frame headers itself and runs
 * the payloads through a byte-at-a-time scanner for {@code "n":…,"t":…} — no frame objects, no
 * strings. It answers pings; its own frames use an all-zero mask. Sinal gets a {@code subscribe}
 * command; the peers subscribe on connect ({@code /sub?id=<channel>}).
 */
final class WsSubscriber extends Subscriber {
  private static final byte[] N = {'"', 'n', '"', ':'};
  private static final byte[] T = {'"', 't', '"', ':'};
  private static final byte[] ERROR = "\"error\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] HTTP_101 = "HTTP/1.1 101".getBytes(StandardCharsets.US_ASCII);
  private static final int HEAD = 0, FRAME_0 = 1, FRAME_1 = 2, LENGTH = 3, PAYLOAD = 4;
  private static final int SEEK_N = 0, READ_N = 1, SEEK_T = 2, READ_T = 3;

  private final Bootstrap bootstrap;
  private final InetSocketAddress server;
  private final InetSocketAddress source;
  private final String uri;
  private final boolean sinal;
  private final Promise<Void> ready = Promise.promise();
  private Channel socket;

  WsSubscriber(
      Tally tally,
      String channel,
      Bootstrap bootstrap,
      InetSocketAddress server,
      String source,
      String uri,
      boolean sinal) {
    super(tally, channel);
    this.bootstrap = bootstrap;
    this.server = server;
    this.source = new InetSocketAddress(source, 0);
    this.uri = uri;
    this.sinal = sinal;
  }

  /** The generator's own event loops: epoll where Netty's native library loads, as the server's. */
  static EventLoopGroup loops(int count) {
    return new MultiThreadIoEventLoopGroup(
        count, Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
  }

  /** One bootstrap for every WebSocket subscriber of a run, on {@link #loops}. */
  static Bootstrap bootstrap(EventLoopGroup group) {
    return new Bootstrap()
        .group(group)
        .channel(Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000);
  }

  @Override
  Future<Void> start() {
    bootstrap
        .clone()
        .handler(new Reader())
        .connect(server, source)
        .addListener(
            f -> {
              if (!f.isSuccess()) {
                ready.tryFail(f.cause());
              }
            });
    return ready.future();
  }

  @Override
  void close() {
    closed = true;
    if (socket != null) {
      socket.close();
    }
  }

  /** The whole client side of the protocol, one state machine over the bytes as they come. */
  private final class Reader extends ChannelInboundHandlerAdapter {
    private int state = HEAD;
    private int headSeen; // bytes of the answer read: its first 12 must be "HTTP/1.1 101"
    private int headEnd; // how much of "\r\n\r\n" was seen
    private int opcode;
    private int lengthBytes;
    private long remaining;
    private byte[] ping;
    private int pingAt;
    private int firstBytes; // of the first data frame, checked for an error reply
    private int errorMatch;
    private int scan = SEEK_N;
    private int match;
    private boolean digits;
    private long value;
    private long n;

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      socket = ctx.channel();
      String request =
          "GET "
              + uri
              + " HTTP/1.1\r\nHost: "
              + server.getHostString()
              + ":"
              + server.getPort()
              + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
              + "Sec-WebSocket-Version: 13\r\n\r\n";
      tally.requests.increment();
      tally.bytesOut.add(request.length());
      ctx.writeAndFlush(
          Unpooled.wrappedBuffer(request.getBytes(StandardCharsets.US_ASCII)), ctx.voidPromise());
      if (closed) {
        ctx.close();
      }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf in = (ByteBuf) msg;
      try {
        tally.bytesIn.add(in.readableBytes());
        while (in.isReadable()) {
          if (state == PAYLOAD) {
            payload(ctx, in);
          } else {
            header(ctx, in.readByte());
          }
        }
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }

    private void header(ChannelHandlerContext ctx, byte b) {
      switch (state) {
        case HEAD -> {
          if (headSeen < HTTP_101.length && b != HTTP_101[headSeen++]) {
            ready.tryFail("WebSocket handshake refused");
            ctx.close();
            state = -1;
            return;
          }
          headEnd = b == (headEnd % 2 == 0 ? '\r' : '\n') ? headEnd + 1 : (b == '\r' ? 1 : 0);
          if (headEnd == 4) {
            state = FRAME_0;
            tally.connected.increment();
            if (sinal) {
              send(
                  ctx,
                  0x1,
                  ("{\"id\":1,\"cmd\":\"subscribe\",\"channel\":\"" + channel + "\"}")
                      .getBytes(StandardCharsets.UTF_8));
            } else {
              ready.complete();
            }
          }
        }
        case FRAME_0 -> {
          opcode = b & 0x0F;
          state = FRAME_1;
        }
        case FRAME_1 -> {
          int len = b & 0x7F;
          remaining = len < 126 ? len : 0;
          lengthBytes = len == 126 ? 2 : len == 127 ? 8 : 0;
          state = lengthBytes > 0 ? LENGTH : PAYLOAD;
          if (state == PAYLOAD) {
            startPayload(ctx);
          }
        }
        case LENGTH -> {
          remaining = (remaining << 8) | (b & 0xFF);
          if (--lengthBytes == 0) {
            state = PAYLOAD;
            startPayload(ctx);
          }
        }
        default -> {} // a refused handshake: ignore the rest
      }
    }

    private void startPayload(ChannelHandlerContext ctx) {
      if (opcode == 0x9) {
        ping = new byte[(int) Math.min(remaining, 125)];
        pingAt = 0;
      }
      if (remaining == 0) {
        endPayload(ctx);
      }
    }

    private void payload(ChannelHandlerContext ctx, ByteBuf in) {
      int take = (int) Math.min(remaining, in.readableBytes());
      int from = in.readerIndex();
      if (opcode <= 0x2) {
        for (int i = 0; i < take; i++) {
          scan(in.getByte(from + i));
        }
      } else if (opcode == 0x9) {
        int copy = Math.min(take, ping.length - pingAt);
        in.getBytes(from, ping, pingAt, copy);
        pingAt += copy;
      }
      in.skipBytes(take);
      remaining -= take;
      if (remaining == 0) {
        endPayload(ctx);
      }
    }

    private void endPayload(ChannelHandlerContext ctx) {
      state = FRAME_0;
      if (opcode == 0x9) {
        send(ctx, 0xA, ping);
      } else if (opcode == 0x8) {
        lost();
        ctx.close();
      } else if (opcode <= 0x2 && sinal && firstBytes > 0 && !ready.future().isComplete()) {
        // The first frame Sinal sends is the subscribe reply.
        if (errorMatch == ERROR.length) {
          ready.tryFail("subscribe refused");
        } else {
          ready.complete();
        }
      }
    }

    /** Finds {@code "n":<digits>} then {@code "t":<digits>} and records the pair. */
    private void scan(byte b) {
      if (firstBytes < 64 && !ready.future().isComplete()) {
        firstBytes++;
        if (errorMatch < ERROR.length) {
          errorMatch = b == ERROR[errorMatch] ? errorMatch + 1 : (b == ERROR[0] ? 1 : 0);
        }
      }
      if (scan == SEEK_N || scan == SEEK_T) {
        byte[] pattern = scan == SEEK_N ? N : T;
        if (b == pattern[match]) {
          if (++match == pattern.length) {
            match = 0;
            scan++;
            value = 0;
            digits = false;
          }
        } else {
          match = b == '"' ? 1 : 0;
        }
      } else if (b >= '0' && b <= '9') {
        value = value * 10 + (b - '0');
        digits = true;
      } else if (b != ' ' || digits) {
        if (scan == READ_N) {
          n = value;
          scan = SEEK_T;
        } else {
          delivered(n, value);
          scan = SEEK_N;
        }
        match = b == '"' ? 1 : 0;
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      ready.tryFail("closed before subscribing");
      if (state != HEAD) {
        lost();
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ready.tryFail(cause);
      ctx.close();
    }
  }

  /**
   * A client frame: FIN, {@code opcode}, masked with an all-zero key (so the payload goes as is).
   */
  private void send(ChannelHandlerContext ctx, int opcode, byte[] payload) {
    ByteBuf frame = Unpooled.buffer(payload.length + 8);
    frame.writeByte(0x80 | opcode);
    if (payload.length < 126) {
      frame.writeByte(0x80 | payload.length);
    } else {
      frame.writeByte(0x80 | 126).writeShort(payload.length);
    }
    frame.writeInt(0).writeBytes(payload);
    tally.bytesOut.add(frame.readableBytes());
    ctx.writeAndFlush(frame, ctx.voidPromise());
  }
}
