package dev.cacheaside.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A loopback TCP relay in front of a real server (Redis, PostgreSQL), so a test can cut the network between the
 * service and it (a partition: the server keeps running with its data, nothing sent meanwhile reaches it) and heal
 * it, and look at what clients send.
 */
public final class TcpProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int targetPort;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Supplier<Tap> taps;
    private volatile boolean cut;
    private volatile long replyDelayMillis;

    /** Sees the bytes a client sends, in order; one per connection. */
    public interface Tap {
        void sent(byte[] bytes, int offset, int length);
    }

    public TcpProxy(int targetPort) throws IOException {
        this(targetPort, null);
    }

    /** @param taps makes a {@link Tap} for each new connection, or null */
    public TcpProxy(int targetPort, Supplier<Tap> taps) throws IOException {
        this.targetPort = targetPort;
        this.taps = taps;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "tcp-proxy-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Drops every open connection and refuses new ones until {@link #heal()}. */
    public void cut() {
        cut = true;
        sockets.forEach(TcpProxy::closeQuietly);
        sockets.clear();
    }

    public void heal() {
        cut = false;
    }

    /** Holds every answer of the server this long before passing it on (0 to stop); requests still go at once. */
    public void delayReplies(Duration delay) {
        replyDelayMillis = delay.toMillis();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (cut) {
                    closeQuietly(client);
                    continue;
                }
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                // no Nagle delay: a relay must not hold small messages back (a NOTIFY, a one-row answer)
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(upstream);
                pump(client, upstream, taps == null ? null : taps.get(), false);
                pump(upstream, client, null, true);
            } catch (IOException e) {
                // the server socket was closed, or Redis refused: the client sees a closed connection
            }
        }
    }

    private void pump(Socket from, Socket to, Tap tap, boolean replies) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    long delay = replies ? replyDelayMillis : 0;
                    if (delay > 0) {
                        Thread.sleep(delay);
                    }
                    if (tap != null) {
                        tap.sent(buffer, 0, read);
                    }
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException e) {
                // one side closed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                sockets.remove(from);
                sockets.remove(to);
            }
        }, "tcp-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        cut();
        try {
            server.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
