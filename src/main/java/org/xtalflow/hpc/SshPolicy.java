package org.xtalflow.hpc;

/**
 * How politely one host is treated. Login nodes ban chatty clients, so: one shared connection per
 * host, at most {@code maxChannels} sessions on it at once, at least {@code minConnectIntervalMs}
 * between new connections, at most {@code commandsPerMinute} commands, and on connection loss an
 * exponential backoff from {@code reconnectInitialMs} doubling up to {@code reconnectMaxMs}; after
 * {@code reconnectAttempts} failed attempts the host is paused for {@code pauseMs}.
 *
 * @param keepaliveSeconds SSH keepalive interval (0 = off)
 * @param connectTimeoutMs TCP connect and SSH handshake timeout
 * @param commandTimeoutMs how long one remote command may run
 */
public record SshPolicy(
        int maxChannels,
        long minConnectIntervalMs,
        int commandsPerMinute,
        int keepaliveSeconds,
        long reconnectInitialMs,
        long reconnectMaxMs,
        int reconnectAttempts,
        long pauseMs,
        int connectTimeoutMs,
        long commandTimeoutMs) {

    public SshPolicy {
        if (maxChannels < 1) throw new ClusterConfigException("ssh.max_channels must be >= 1");
        if (commandsPerMinute < 1) throw new ClusterConfigException("ssh.commands_per_minute must be >= 1");
        if (reconnectAttempts < 1) throw new ClusterConfigException("ssh.reconnect_attempts must be >= 1");
        if (reconnectInitialMs < 0 || reconnectMaxMs < reconnectInitialMs) {
            throw new ClusterConfigException("ssh.reconnect_initial_s must be >= 0 and <= ssh.reconnect_max_s");
        }
    }

    /** Defaults for a shared login node. */
    public static SshPolicy defaults() {
        return new SshPolicy(4, 10_000, 30, 30, 5_000, 300_000, 6, 900_000, 20_000, 300_000);
    }
}
