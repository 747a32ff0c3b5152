package org.xtalflow.hpc;

import java.nio.file.Path;

/**
 * Where a cluster's commands run and files go: a login node over SSH ({@link SshHost}) or this
 * machine ({@link LocalHost}). Implementations are thread-safe.
 */
public interface RemoteHost extends AutoCloseable {

    /**
     * Runs one shell command line (built only from {@link SafeName}-validated, quoted parts).
     * A non-zero exit is returned, not thrown.
     *
     * @throws RemoteConnectionException when the connection failed or broke (outcome unknown)
     * @throws HostPausedException when the host is paused
     */
    ExecResult exec(String command);

    /** Copies a local file to {@code remotePath}, creating its parent folders. */
    void upload(Path local, String remotePath);

    /** Copies {@code remotePath} to a local file. */
    void download(String remotePath, Path local);

    HostStats stats();

    /** Lifts a pause early (the operator's "resume"). */
    void resume();

    /** "user@host:port" or "local", for messages. */
    String address();

    @Override
    void close();
}
