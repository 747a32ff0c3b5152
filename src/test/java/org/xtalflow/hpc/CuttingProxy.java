package org.xtalflow.hpc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay in front of the real sshd that, when armed, cuts the connection after a number of
 * bytes have flowed from the server to the client (a download cut off halfway). One cut per arming.
 */
final class CuttingProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int targetPort;
    private volatile long cutAfterBytes = -1;
    final AtomicInteger cuts = new AtomicInteger();
    final AtomicInteger connections = new AtomicInteger();

    CuttingProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "cutting-proxy");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** The next connection's server→client stream is cut after {@code bytes} more bytes. */
    void armCutAfter(long bytes) {
        cutAfterBytes = bytes;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                connections.incrementAndGet();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                AtomicLong down = new AtomicLong();
                pump(client.getInputStream(), upstream.getOutputStream(), client, upstream, null);
                pump(upstream.getInputStream(), client.getOutputStream(), client, upstream, down);
            } catch (IOException e) {
                if (server.isClosed()) return;
            }
        }
    }

    private void pump(InputStream in, OutputStream out, Socket a, Socket b, AtomicLong counter) {
        Thread t = new Thread(
                () -> {
                    byte[] buf = new byte[16384];
                    try {
                        int n;
                        while ((n = in.read(buf)) > 0) {
                            out.write(buf, 0, n);
                            out.flush();
                            if (counter != null && cutAfterBytes >= 0) {
                                if (counter.addAndGet(n) >= cutAfterBytes) {
                                    cutAfterBytes = -1;
                                    cuts.incrementAndGet();
                                    break;
                                }
                            } else if (counter != null) {
                                counter.set(0);
                            }
                        }
                    } catch (IOException ignored) {
                        // either side closed
                    }
                    closeQuietly(a);
                    closeQuietly(b);
                },
                "cutting-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
