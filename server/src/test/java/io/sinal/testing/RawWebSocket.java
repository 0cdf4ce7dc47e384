package io.sinal.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket spoken byte by byte over a plain socket, for what a well-behaved client never does:
 * frames that are oversize, unmasked or malformed, pings it never reads the answers to. The
 * handshake is done by hand; frames are written exactly as asked and read back as they came.
 */
public final class RawWebSocket implements AutoCloseable {
  public static final int TEXT = 0x1;
  public static final int BINARY = 0x2;
  public static final int CLOSE = 0x8;
  public static final int PING = 0x9;
  public static final int PONG = 0xA;

  private final Socket socket;
  private final OutputStream out;
  private final DataInputStream in;

  /** One frame as the server sent it. */
  public record Frame(int opcode, byte[] payload) {
    /** The status code of a close frame; 1005 (none) for an empty one. */
    public int closeCode() {
      assertThat(opcode).as("a close frame").isEqualTo(CLOSE);
      return payload.length < 2 ? 1005 : ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
    }

    public String text() {
      return new String(
          payload,
          opcode == CLOSE ? Math.min(2, payload.length) : 0,
          opcode == CLOSE ? Math.max(0, payload.length - 2) : payload.length,
          StandardCharsets.UTF_8);
    }
  }

  private RawWebSocket(Socket socket) throws IOException {
    this.socket = socket;
    this.out = socket.getOutputStream();
    this.in = new DataInputStream(socket.getInputStream());
  }

  /** Connects and completes the handshake on {@code /ws}. */
  public static RawWebSocket open(Endpoint sinal) {
    return open(sinal, 0);
  }

  /**
   * As {@link #open(Endpoint)}, with the socket's receive buffer set to {@code receiveBuffer} bytes
   * before connecting (0: the system's), so that a client that never reads fills up quickly.
   */
  public static RawWebSocket open(Endpoint sinal, int receiveBuffer) {
    try {
      Socket socket = new Socket();
      if (receiveBuffer > 0) {
        socket.setReceiveBufferSize(receiveBuffer);
      }
      socket.connect(new java.net.InetSocketAddress("127.0.0.1", sinal.port()), 5000);
      socket.setSoTimeout(10_000);
      RawWebSocket ws = new RawWebSocket(socket);
      ws.out.write(
          ("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:"
                  + sinal.port()
                  + "\r\nUpgrade: websocket\r\n"
                  + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      ws.out.flush();
      String head = ws.readHead();
      assertThat(head).as("handshake answer").startsWith("HTTP/1.1 101");
      return ws;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String readHead() throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      head.write(in.readUnsignedByte());
    }
    return head.toString(StandardCharsets.US_ASCII);
  }

  /** The frame as given: {@code rsv} in bits 4–6 of the first byte, masked when {@code masked}. */
  public static byte[] frame(int opcode, boolean fin, int rsv, boolean masked, byte[] payload) {
    ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
    frame.write((fin ? 0x80 : 0) | (rsv & 0x7) << 4 | opcode);
    int mask = masked ? 0x80 : 0;
    int n = payload.length;
    if (n < 126) {
      frame.write(mask | n);
    } else if (n < 65536) {
      frame.write(mask | 126);
      frame.write(n >>> 8);
      frame.write(n);
    } else {
      frame.write(mask | 127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        frame.write((int) ((long) n >>> shift));
      }
    }
    if (!masked) {
      frame.writeBytes(payload);
      return frame.toByteArray();
    }
    byte[] key = new byte[4];
    ThreadLocalRandom.current().nextBytes(key);
    frame.writeBytes(key);
    for (int i = 0; i < n; i++) {
      frame.write(payload[i] ^ key[i & 3]);
    }
    return frame.toByteArray();
  }

  /** A masked, final frame, as a browser sends. */
  public static byte[] frame(int opcode, byte[] payload) {
    return frame(opcode, true, 0, true, payload);
  }

  /** Writes bytes to the socket; false if the server has closed it. */
  public boolean write(byte[] bytes) {
    try {
      out.write(bytes);
      out.flush();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  public boolean send(int opcode, byte[] payload) {
    return write(frame(opcode, payload));
  }

  /** The next frame; null when the server closed the socket (FIN or reset) without sending one. */
  public Frame read() {
    try {
      int first = in.readUnsignedByte();
      int second = in.readUnsignedByte();
      long n = second & 0x7F;
      if (n == 126) {
        n = in.readUnsignedShort();
      } else if (n == 127) {
        n = in.readLong();
      }
      assertThat(second & 0x80).as("server frames are not masked").isZero();
      byte[] payload = new byte[Math.toIntExact(n)];
      in.readFully(payload);
      return new Frame(first & 0x0F, payload);
    } catch (EOFException e) {
      return null;
    } catch (SocketTimeoutException e) {
      throw new AssertionError("no frame within " + socket.toString() + "'s read timeout", e);
    } catch (IOException e) {
      return null; // connection reset
    }
  }

  /**
   * Reads until a close frame (skipping text, pings, pongs); null if the socket ended without one.
   */
  public Frame readUntilClose() {
    while (true) {
      Frame frame = read();
      if (frame == null || frame.opcode() == CLOSE) {
        return frame;
      }
    }
  }

  /** True once the server has ended the TCP connection: the next read finds its end. */
  public boolean endsAfterClose() {
    try {
      return in.read() < 0;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset
    }
  }

  /** The client's port, to find the connection in the system's tables. */
  public int localPort() {
    return socket.getLocalPort();
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing a test socket that is already gone
    }
  }
}
