package org.xtalflow.campaign;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/**
 * The same store contract on a real PostgreSQL server: a throwaway cluster (Debian postgresql
 * 15, initdb in a temp dir, run as user postgres on 127.0.0.1, trust auth), one database per store
 * name. Fails under CI when PostgreSQL is missing; skipped otherwise.
 */
class PostgresCandidateStoreTest extends CandidateStoreTest {
    static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
    static Path data;
    static int port;
    static final Map<String, String> DATABASES = new ConcurrentHashMap<>();

    @BeforeAll
    static void startPostgres() throws Exception {
        if (!Files.isExecutable(BIN.resolve("initdb")) || !isRoot()) {
            String msg = "PostgreSQL store test needs Debian's postgresql 15 (" + BIN
                    + ") and root to run it as user postgres";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) fail(msg);
            Assumptions.abort(msg);
        }
        data = Files.createTempDirectory("xf-pg");
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
        run("chown", "postgres:postgres", data.toString());
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        runAsPostgres(BIN.resolve("initdb") + " -D " + data + "/db -A trust -U postgres --no-sync -E UTF8 > " + data
                + "/initdb.log 2>&1");
        runAsPostgres(BIN.resolve("pg_ctl") + " -D " + data + "/db -l " + data + "/pg.log -w -o '-p " + port + " -k "
                + data + " -c listen_addresses=127.0.0.1 -c fsync=off' start > /dev/null");
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (data != null) {
            runAsPostgres(BIN.resolve("pg_ctl") + " -D " + data + "/db -m immediate -w stop > /dev/null 2>&1 || true");
            run("rm", "-rf", data.toString());
        }
    }

    @Override
    StoreConfig config(String name) {
        String db = DATABASES.computeIfAbsent(dir + "/" + name, k -> {
            String n = "t" + Integer.toHexString(k.hashCode()).replace('-', 'm') + System.nanoTime() % 100000;
            try (Connection c = DriverManager.getConnection(
                            "jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "");
                    Statement st = c.createStatement()) {
                st.execute("CREATE DATABASE " + n);
            } catch (Exception e) {
                throw new IllegalStateException("cannot create test database " + n + ": " + e.getMessage(), e);
            }
            return n;
        });
        return StoreConfig.postgres("jdbc:postgresql://127.0.0.1:" + port + "/" + db, "postgres", "");
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void runAsPostgres(String shell) throws IOException, InterruptedException {
        run("runuser", "-u", "postgres", "--", "bash", "-c", shell);
    }

    private static void run(String... cmd) throws IOException, InterruptedException {
        List<String> l = new ArrayList<>(List.of(cmd));
        Process p = new ProcessBuilder(l).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) throw new IllegalStateException(String.join(" ", l) + " failed: " + out);
    }
}
