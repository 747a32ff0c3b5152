package org.xtalflow.hpc;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import net.schmizz.keepalive.KeepAlive;
import net.schmizz.keepalive.KeepAliveProvider;
import net.schmizz.keepalive.KeepAliveRunner;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.sftp.SFTPClient;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;
import net.schmizz.sshj.userauth.UserAuthException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One login node over SSH (SSHJ): a single shared connection, at most {@code maxChannels}
 * sessions on it at once, commands rate-limited, host keys checked strictly against known_hosts
 * (trust-on-first-use only if the profile says so, and then recorded), keepalive, and on loss a
 * reconnect with exponential backoff up to a cap, after which the host is paused with a reason.
 * Keys are loaded by SSHJ from the key file and never logged.
 */
public final class SshHost implements RemoteHost {
    private static final Logger LOG = LoggerFactory.getLogger(SshHost.class);

    private final ClusterProfile profile;
    private final SshPolicy policy;
    private final Semaphore channels;
    private final Object connectLock = new Object();
    private final Object rateLock = new Object();

    private volatile SSHClient client;
    private long lastConnectAt = Long.MIN_VALUE / 2;
    private long nextCommandSlot;
    private volatile long pausedUntil;
    private volatile String pauseReason;
    private volatile String lastError;
    private volatile boolean closed;

    private final AtomicLong connectionsOpened = new AtomicLong();
    private final AtomicLong commandsRun = new AtomicLong();
    private final AtomicLong transfers = new AtomicLong();
    private final AtomicLong connectFailures = new AtomicLong();

    public SshHost(ClusterProfile profile) {
        this.profile = profile;
        this.policy = profile.ssh();
        this.channels = new Semaphore(policy.maxChannels(), true);
    }

    @Override
    public String address() {
        return profile.address();
    }

    @Override
    public ExecResult exec(String command) {
        paceCommand();
        acquireChannel();
        try {
            SSHClient c = connected();
            commandsRun.incrementAndGet();
            try (Session s = c.startSession()) {
                Session.Command cmd = s.exec(command);
                // read stderr beside stdout so neither can fill its window and stall the other
                CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readQuietly(cmd.getErrorStream()));
                String out = new String(cmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                cmd.join(policy.commandTimeoutMs(), TimeUnit.MILLISECONDS);
                Integer exit = cmd.getExitStatus();
                String errText = err.get(policy.commandTimeoutMs(), TimeUnit.MILLISECONDS);
                if (exit == null) {
                    throw new IOException("no exit status (signal " + cmd.getExitSignal() + "; connection lost?)");
                }
                return new ExecResult(exit, out, errText);
            }
        } catch (IOException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            broken(e);
            throw new RemoteConnectionException(address() + ": command failed in transport: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HpcException(address() + ": interrupted", e);
        } catch (HpcException e) {
            throw e;
        } catch (RuntimeException e) {
            broken(e); // SSHJ may surface a dropped connection as a RuntimeException
            throw new RemoteConnectionException(address() + ": command failed in transport: " + e, e);
        } finally {
            channels.release();
        }
    }

    @Override
    public void upload(Path local, String remotePath) {
        sftp("upload " + local.getFileName() + " to " + remotePath, sftp -> {
            int slash = remotePath.lastIndexOf('/');
            if (slash > 0) mkdirs(sftp, remotePath.substring(0, slash));
            sftp.put(local.toString(), remotePath);
        });
    }

    @Override
    public void download(String remotePath, Path local) {
        sftp("download " + remotePath, sftp -> {
            if (local.getParent() != null) Files.createDirectories(local.getParent());
            sftp.get(remotePath, local.toString());
        });
    }

    /** mkdir -p that tolerates another channel creating the same folders at the same time. */
    private static void mkdirs(SFTPClient sftp, String dir) throws IOException {
        if (sftp.statExistence(dir) != null) return;
        StringBuilder path = new StringBuilder(dir.startsWith("/") ? "" : ".");
        for (String part : dir.split("/")) {
            if (part.isEmpty()) continue;
            path.append('/').append(part);
            String p = path.toString();
            if (sftp.statExistence(p) != null) continue;
            try {
                sftp.mkdir(p);
            } catch (net.schmizz.sshj.sftp.SFTPException e) {
                if (sftp.statExistence(p) == null) throw e; // not a lost race: a real failure
            }
        }
    }

    private interface SftpWork {
        void run(SFTPClient sftp) throws IOException;
    }

    private void sftp(String what, SftpWork work) {
        paceCommand();
        acquireChannel();
        try {
            SSHClient c = connected();
            transfers.incrementAndGet();
            try (SFTPClient sftp = c.newSFTPClient()) {
                work.run(sftp);
            }
        } catch (IOException e) {
            if (e instanceof net.schmizz.sshj.sftp.SFTPException && client != null && client.isConnected()) {
                // the server answered (no such file, permission): not a transport failure
                throw new HpcException(address() + ": " + what + " failed: " + e.getMessage(), e);
            }
            broken(e);
            throw new RemoteConnectionException(address() + ": " + what + " failed in transport: " + e.getMessage(), e);
        } catch (HpcException e) {
            throw e;
        } catch (RuntimeException e) {
            // SSHJ 0.40 can surface a broken transport as a RuntimeException (seen: "Self-suppression
            // not permitted" from SFTPFileTransfer when the connection drops mid-download)
            broken(e);
            throw new RemoteConnectionException(address() + ": " + what + " failed in transport: " + e, e);
        } finally {
            channels.release();
        }
    }

    private void acquireChannel() {
        try {
            channels.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HpcException(address() + ": interrupted while waiting for a channel", e);
        }
    }

    /** Spaces commands so that at most commandsPerMinute leave per minute. */
    private void paceCommand() {
        long spacingNanos = 60_000_000_000L / policy.commandsPerMinute();
        long wait;
        synchronized (rateLock) {
            long now = System.nanoTime();
            long slot = Math.max(now, nextCommandSlot);
            nextCommandSlot = slot + spacingNanos;
            wait = slot - now;
        }
        if (wait > 0) sleepMs(TimeUnit.NANOSECONDS.toMillis(wait) + 1);
    }

    /** A transport error: drop the shared connection (even if SSHJ still thinks it is up); the next call reconnects. */
    private void broken(Exception e) {
        lastError = e.getMessage();
        synchronized (connectLock) {
            SSHClient c = client;
            client = null;
            if (c != null) closeQuietly(c);
        }
    }

    /** The shared connection, (re)connecting politely when needed. */
    private SSHClient connected() {
        checkPaused();
        SSHClient c = client;
        if (c != null && c.isConnected() && c.isAuthenticated()) return c;
        synchronized (connectLock) {
            checkPaused();
            c = client;
            if (c != null && c.isConnected() && c.isAuthenticated()) return c;
            if (c != null) {
                client = null;
                closeQuietly(c);
            }
            long backoff = policy.reconnectInitialMs();
            IOException last = null;
            for (int attempt = 1; attempt <= policy.reconnectAttempts(); attempt++) {
                if (closed) throw new HpcException(address() + ": host closed");
                long sinceLast = System.currentTimeMillis() - lastConnectAt;
                if (sinceLast < policy.minConnectIntervalMs()) sleepMs(policy.minConnectIntervalMs() - sinceLast);
                lastConnectAt = System.currentTimeMillis();
                try {
                    c = open();
                    client = c;
                    connectionsOpened.incrementAndGet();
                    LOG.info("{}: connected (connection #{})", address(), connectionsOpened.get());
                    return c;
                } catch (UserAuthException e) {
                    connectFailures.incrementAndGet();
                    pause("public-key authentication refused for " + profile.user() + " with key file "
                            + profile.keyFile() + " (is the public key in the cluster's authorized_keys?)");
                    throw new HostPausedException(address(), pauseReason, pausedUntil);
                } catch (TransportException e) {
                    connectFailures.incrementAndGet();
                    if (e.getDisconnectReason() == net.schmizz.sshj.common.DisconnectReason.HOST_KEY_NOT_VERIFIABLE) {
                        pause("host key not verified against " + profile.knownHosts()
                                + (profile.trustOnFirstUse()
                                        ? " (it changed: possible attack)"
                                        : " (add it, or set trust_on_first_use)"));
                        throw new HostPausedException(address(), pauseReason, pausedUntil);
                    }
                    last = e;
                } catch (IOException e) {
                    connectFailures.incrementAndGet();
                    last = e;
                }
                lastError = last.getMessage();
                LOG.warn(
                        "{}: connection attempt {}/{} failed: {}",
                        address(),
                        attempt,
                        policy.reconnectAttempts(),
                        last.getMessage());
                if (attempt < policy.reconnectAttempts()) {
                    sleepMs(backoff);
                    backoff = Math.min(policy.reconnectMaxMs(), Math.max(1, backoff * 2));
                }
            }
            pause(policy.reconnectAttempts() + " connection attempts failed, last: "
                    + (last == null ? "?" : last.getMessage()));
            throw new HostPausedException(address(), pauseReason, pausedUntil);
        }
    }

    private SSHClient open() throws IOException {
        DefaultConfig config = new DefaultConfig();
        config.setKeepAliveProvider(KeepAliveProvider.KEEP_ALIVE);
        SSHClient c = new SSHClient(config);
        try {
            c.setConnectTimeout(policy.connectTimeoutMs());
            c.setTimeout(policy.connectTimeoutMs());
            c.addHostKeyVerifier(verifier());
            c.connect(profile.host(), profile.port());
            c.setTimeout(0);
            if (policy.keepaliveSeconds() > 0) {
                KeepAlive ka = c.getConnection().getKeepAlive();
                ka.setKeepAliveInterval(policy.keepaliveSeconds());
                if (ka instanceof KeepAliveRunner r) r.setMaxAliveCount(3);
            }
            c.authPublickey(profile.user(), c.loadKeys(profile.keyFile().toString()));
            return c;
        } catch (IOException | RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    private OpenSSHKnownHosts verifier() throws IOException {
        File kh = profile.knownHosts().toFile();
        if (!kh.exists()) {
            if (!profile.trustOnFirstUse()) {
                throw new TransportException(
                        net.schmizz.sshj.common.DisconnectReason.HOST_KEY_NOT_VERIFIABLE,
                        "known_hosts file " + kh + " does not exist");
            }
            if (kh.getParentFile() != null)
                Files.createDirectories(kh.getParentFile().toPath());
            Files.createFile(kh.toPath());
        }
        if (!profile.trustOnFirstUse()) return new OpenSSHKnownHosts(kh);
        return new OpenSSHKnownHosts(kh) {
            @Override
            protected boolean hostKeyUnverifiableAction(String hostname, PublicKey key) {
                try {
                    HostEntry entry = new HostEntry(null, hostname, KeyType.fromKey(key), key);
                    entries().add(entry);
                    write(entry);
                    LOG.warn(
                            "{}: trusted the unknown host key {} on first use and recorded it in {}",
                            address(),
                            entry.getFingerprint(),
                            kh);
                    return true;
                } catch (IOException e) {
                    LOG.error("{}: could not record the host key in {}: {}", address(), kh, e.getMessage());
                    return false;
                }
            }
        };
    }

    private void pause(String reason) {
        pauseReason = reason;
        lastError = reason;
        pausedUntil = System.currentTimeMillis() + policy.pauseMs();
        LOG.error("{}: host paused for {} s: {}", address(), policy.pauseMs() / 1000, reason);
    }

    private void checkPaused() {
        long until = pausedUntil;
        if (until != 0 && System.currentTimeMillis() < until) {
            throw new HostPausedException(address(), pauseReason, until);
        }
    }

    public boolean isPaused() {
        return pausedUntil != 0 && System.currentTimeMillis() < pausedUntil;
    }

    public String pauseReason() {
        return isPaused() ? pauseReason : null;
    }

    @Override
    public void resume() {
        pausedUntil = 0;
        pauseReason = null;
    }

    @Override
    public HostStats stats() {
        return new HostStats(
                connectionsOpened.get(),
                commandsRun.get(),
                transfers.get(),
                connectFailures.get(),
                isPaused(),
                lastError,
                client != null && client.isConnected() ? 1 : 0);
    }

    @Override
    public void close() {
        closed = true;
        synchronized (connectLock) {
            SSHClient c = client;
            client = null;
            if (c != null) closeQuietly(c);
        }
    }

    private static void closeQuietly(SSHClient c) {
        try {
            c.disconnect();
        } catch (IOException | RuntimeException ignored) {
            // already gone
        }
    }

    private static String readQuietly(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static void sleepMs(long ms) {
        if (ms <= 0) return;
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HpcException("interrupted while waiting", e);
        }
    }
}
