package org.xtalflow.hpc;

/**
 * Counters of one host since it was opened.
 *
 * @param connectionsOpened SSH connections established (1 for a healthy campaign)
 * @param commandsRun remote commands executed (each scheduler call is one)
 * @param transfers SFTP uploads + downloads
 * @param connectFailures failed connection attempts
 * @param paused whether the host is paused now
 * @param lastError the last error message, or null
 * @param openConnections SSH connections open now (0 or 1: one shared connection per host)
 */
public record HostStats(
        long connectionsOpened,
        long commandsRun,
        long transfers,
        long connectFailures,
        boolean paused,
        String lastError,
        int openConnections) {}
