package org.xtalflow.report;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves the {@link StatusPage} on 127.0.0.1 (never another interface) with the JDK's HTTP
 * server: {@code /} the page, {@code /funnel/<campaign>.png} a funnel picture,
 * {@code /files/<campaign>/<image>.png} the report's images. GET and HEAD only; any other method
 * is answered 405, so nothing can be changed through it.
 */
public final class StatusServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService pool;
    private final StatusPage page;

    private StatusServer(HttpServer server, ExecutorService pool, StatusPage page) {
        this.server = server;
        this.pool = pool;
        this.page = page;
    }

    /** Starts on 127.0.0.1:{@code port} (0: any free port). */
    public static StatusServer start(StatusPage page, int port) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "xtalflow-status-page");
            t.setDaemon(true);
            return t;
        });
        StatusServer srv = new StatusServer(s, pool, page);
        s.createContext("/", srv::handle);
        s.setExecutor(pool);
        s.start();
        return srv;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port() + "/";
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            String method = x.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                x.getResponseHeaders().add("Allow", "GET, HEAD");
                send(
                        x,
                        405,
                        "text/plain; charset=utf-8",
                        "read-only: only GET and HEAD\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            String path = x.getRequestURI().getPath();
            try {
                if (path.equals("/") || path.equals("/index.html")) {
                    send(x, 200, "text/html; charset=utf-8", page.html().getBytes(StandardCharsets.UTF_8));
                } else if (path.startsWith("/funnel/") && path.endsWith(".png")) {
                    byte[] png = page.funnelPng(path.substring("/funnel/".length(), path.length() - 4));
                    notFoundOr(x, png, "image/png");
                } else if (path.startsWith("/files/")) {
                    String[] parts = path.substring("/files/".length()).split("/");
                    Path f = parts.length == 2 ? page.reportFile(parts[0], parts[1]) : null;
                    notFoundOr(x, f == null ? null : Files.readAllBytes(f), "image/png");
                } else {
                    notFoundOr(x, null, null);
                }
            } catch (RuntimeException | IOException e) {
                send(
                        x,
                        500,
                        "text/plain; charset=utf-8",
                        ("error: " + e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static void notFoundOr(HttpExchange x, byte[] body, String type) throws IOException {
        if (body == null) {
            send(x, 404, "text/plain; charset=utf-8", "not found\n".getBytes(StandardCharsets.UTF_8));
        } else {
            send(x, 200, type, body);
        }
    }

    private static void send(HttpExchange x, int code, String type, byte[] body) throws IOException {
        x.getResponseHeaders().add("Content-Type", type);
        x.getResponseHeaders().add("Cache-Control", "no-store");
        boolean head = x.getRequestMethod().equals("HEAD");
        x.sendResponseHeaders(code, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = x.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
