package org.xtalflow.hpc;

import java.nio.file.Path;
import java.util.function.Function;

/**
 * A real host (e.g. {@link SshHost} to the test cluster) whose commands a test can look at or change
 * on their way (run a real sbatch against another slurm.conf, stop before a command): everything
 * else goes to the real host unchanged.
 */
class InterceptedHost implements RemoteHost {

    private final RemoteHost host;
    private final Function<String, ExecResult> exec;

    /** @param exec runs one command, usually through {@code host.exec} after a look at it */
    InterceptedHost(RemoteHost host, Function<String, ExecResult> exec) {
        this.host = host;
        this.exec = exec;
    }

    @Override
    public ExecResult exec(String command) {
        return exec.apply(command);
    }

    @Override
    public void upload(Path local, String remotePath) {
        host.upload(local, remotePath);
    }

    @Override
    public void download(String remotePath, Path local) {
        host.download(remotePath, local);
    }

    @Override
    public HostStats stats() {
        return host.stats();
    }

    @Override
    public void resume() {
        host.resume();
    }

    @Override
    public String address() {
        return host.address();
    }

    @Override
    public void close() {
        host.close();
    }
}
