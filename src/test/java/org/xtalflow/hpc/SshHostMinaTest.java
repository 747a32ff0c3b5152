package org.xtalflow.hpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.config.keys.AuthorizedKeysAuthenticator;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.server.shell.ProcessShellCommandFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.config.BatchSystem;
import org.xtalflow.config.JobResources;

/**
 * Fast checks of {@link SshHost} against Apache MINA sshd in this JVM (no test cluster needed):
 * strict host keys, trust-on-first-use, refused keys, the channel bound on the shared connection.
 * The real OpenSSH server is exercised by the cluster tests.
 */
class SshHostMinaTest {
    @TempDir
    Path tmp;

    SshServer server;
    final AtomicInteger active = new AtomicInteger();
    final AtomicInteger maxActive = new AtomicInteger();

    Path userKey() throws Exception {
        Path key = tmp.resolve("id_ed25519");
        if (!Files.exists(key)) {
            Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString())
                    .inheritIO()
                    .start();
            assertThat(p.waitFor()).isZero();
        }
        return key;
    }

    int start(Path hostKeyFile, Path authorized, int port) throws Exception {
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(port);
        server.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(hostKeyFile));
        server.setPublickeyAuthenticator(new AuthorizedKeysAuthenticator(authorized));
        server.setCommandFactory((channel, command) -> {
            Command c = ProcessShellCommandFactory.INSTANCE.createCommand(channel, command);
            return new CountingCommand(c, active, maxActive);
        });
        server.start();
        return server.getPort();
    }

    String hostKeyLine(int port) throws Exception {
        KeyPair kp = server.getKeyPairProvider().loadKeys(null).iterator().next();
        return "[127.0.0.1]:" + port + " " + PublicKeyEntry.toString(kp.getPublic()) + "\n";
    }

    ClusterProfile profile(int port, Path knownHosts, boolean tofu, Path key, int channels) {
        SshPolicy policy = new SshPolicy(channels, 0, 60_000, 0, 10, 20, 3, 60_000, 5_000, 20_000);
        return new ClusterProfile(
                "mina",
                "127.0.0.1",
                port,
                System.getProperty("user.name"),
                key,
                knownHosts,
                tofu,
                BatchSystem.SLURM,
                "/tmp/xf",
                new JobResources(null, null, null, null, null, List.of(), "true", null, Map.of()),
                10,
                10,
                false,
                policy);
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) server.stop(true);
    }

    @Test
    void knownHostKeyConnectsOnceAndRunsCommands() throws Exception {
        Path key = userKey();
        int port = start(tmp.resolve("host.ser"), Path.of(key + ".pub"), 0);
        Path kh = tmp.resolve("known_hosts");
        Files.writeString(kh, hostKeyLine(port));
        try (SshHost h = new SshHost(profile(port, kh, false, key, 2))) {
            ExecResult r = h.exec("echo hello; echo oops >&2; exit 3");
            assertThat(r.exitStatus()).isEqualTo(3);
            assertThat(r.stdout()).isEqualTo("hello\n");
            assertThat(r.stderr()).isEqualTo("oops\n");
            assertThat(h.exec("echo again").stdout()).isEqualTo("again\n");
            assertThat(h.stats().connectionsOpened()).isEqualTo(1);
            assertThat(h.stats().commandsRun()).isEqualTo(2);
            assertThat(h.stats().openConnections()).isEqualTo(1);
        }
    }

    @Test
    void unknownHostKeyIsRefusedAndThePausedHostIsNotHammered() throws Exception {
        Path key = userKey();
        int port = start(tmp.resolve("host.ser"), Path.of(key + ".pub"), 0);
        Path kh = Files.writeString(tmp.resolve("known_hosts"), "");
        try (SshHost h = new SshHost(profile(port, kh, false, key, 2))) {
            assertThatThrownBy(() -> h.exec("true"))
                    .isInstanceOf(HostPausedException.class)
                    .hasMessageContaining("host key not verified");
            assertThatThrownBy(() -> h.exec("true")).isInstanceOf(HostPausedException.class);
            assertThat(h.stats().connectFailures()).isEqualTo(1); // no retry storm against a bad key
            assertThat(h.stats().paused()).isTrue();
            // the refused connection is closed (the server notices asynchronously)
            org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> server.getActiveSessions().isEmpty());
        }
        assertThat(Files.readString(kh)).isEmpty();
    }

    @Test
    void trustOnFirstUseRecordsTheKeyAndRefusesAChangedOne() throws Exception {
        Path key = userKey();
        int port = start(tmp.resolve("host.ser"), Path.of(key + ".pub"), 0);
        Path kh = tmp.resolve("known/known_hosts");
        try (SshHost h = new SshHost(profile(port, kh, true, key, 2))) {
            assertThat(h.exec("echo ok").stdout()).isEqualTo("ok\n");
        }
        assertThat(Files.readString(kh))
                .contains("[127.0.0.1]:" + port)
                .isEqualTo(hostKeyLine(port).replace("\n", "") + "\n");
        server.stop(true);
        start(tmp.resolve("other-host.ser"), Path.of(key + ".pub"), port); // same address, new host key
        try (SshHost h = new SshHost(profile(port, kh, true, key, 2))) {
            assertThatThrownBy(() -> h.exec("true"))
                    .isInstanceOf(HostPausedException.class)
                    .hasMessageContaining("changed");
        }
    }

    @Test
    void aKeyTheServerDoesNotKnowPausesTheHostWithTheReason() throws Exception {
        Path key = userKey();
        Path other = tmp.resolve("other_ed25519");
        assertThat(new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", other.toString())
                        .start()
                        .waitFor())
                .isZero();
        int port = start(tmp.resolve("host.ser"), Path.of(other + ".pub"), 0);
        Path kh = tmp.resolve("known_hosts");
        Files.writeString(kh, hostKeyLine(port));
        try (SshHost h = new SshHost(profile(port, kh, false, key, 2))) {
            assertThatThrownBy(() -> h.exec("true"))
                    .isInstanceOf(HostPausedException.class)
                    .hasMessageContaining("public-key authentication refused")
                    .hasMessageNotContaining("PRIVATE KEY");
            assertThat(h.stats().connectFailures()).isEqualTo(1);
        }
    }

    @Test
    void parallelCommandsShareOneConnectionWithinTheChannelBound() throws Exception {
        Path key = userKey();
        int port = start(tmp.resolve("host.ser"), Path.of(key + ".pub"), 0);
        Path kh = tmp.resolve("known_hosts");
        Files.writeString(kh, hostKeyLine(port));
        try (SshHost h = new SshHost(profile(port, kh, false, key, 2))) {
            ExecutorService pool = Executors.newFixedThreadPool(6);
            List<Future<ExecResult>> fs = new ArrayList<>();
            for (int i = 0; i < 6; i++) fs.add(pool.submit(() -> h.exec("sleep 0.3; echo done")));
            for (Future<ExecResult> f : fs) assertThat(f.get().stdout()).isEqualTo("done\n");
            pool.shutdown();
            assertThat(maxActive.get()).isBetween(1, 2);
            assertThat(h.stats().connectionsOpened()).isEqualTo(1);
        }
    }
}
