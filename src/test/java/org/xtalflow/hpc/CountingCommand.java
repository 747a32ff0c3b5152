package org.xtalflow.hpc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/** Wraps a MINA command to count how many run at once on the server (test helper). */
final class CountingCommand implements Command {
    private final Command inner;
    private final AtomicInteger active;
    private final AtomicInteger maxActive;

    CountingCommand(Command inner, AtomicInteger active, AtomicInteger maxActive) {
        this.inner = inner;
        this.active = active;
        this.maxActive = maxActive;
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
        inner.setExitCallback(new ExitCallback() {
            @Override
            public void onExit(int exitValue, String exitMessage, boolean closeImmediately) {
                active.decrementAndGet();
                callback.onExit(exitValue, exitMessage, closeImmediately);
            }
        });
    }

    @Override
    public void setErrorStream(OutputStream err) {
        inner.setErrorStream(err);
    }

    @Override
    public void setInputStream(InputStream in) {
        inner.setInputStream(in);
    }

    @Override
    public void setOutputStream(OutputStream out) {
        inner.setOutputStream(out);
    }

    @Override
    public void start(ChannelSession channel, Environment env) throws IOException {
        maxActive.accumulateAndGet(active.incrementAndGet(), Math::max);
        inner.start(channel, env);
    }

    @Override
    public void destroy(ChannelSession channel) throws Exception {
        inner.destroy(channel);
    }
}
