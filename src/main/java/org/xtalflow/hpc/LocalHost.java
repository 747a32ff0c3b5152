package org.xtalflow.hpc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** This machine as a "host": commands run through bash, files are copied. Used by the local scheduler. */
public final class LocalHost implements RemoteHost {
    private final long commandTimeoutMs;
    private final AtomicLong commands = new AtomicLong();
    private final AtomicLong transfers = new AtomicLong();

    public LocalHost(long commandTimeoutMs) {
        this.commandTimeoutMs = commandTimeoutMs;
    }

    @Override
    public ExecResult exec(String command) {
        commands.incrementAndGet();
        try {
            Process p = new ProcessBuilder("bash", "-c", command)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
            String out = read(p.getInputStream());
            if (!p.waitFor(commandTimeoutMs, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new HpcException("local: command timed out after " + commandTimeoutMs + " ms");
            }
            return new ExecResult(p.exitValue(), out, err.join());
        } catch (IOException e) {
            throw new HpcException("local: cannot run bash: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HpcException("local: interrupted", e);
        }
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void upload(Path local, String remotePath) {
        copy(local, Path.of(remotePath));
    }

    @Override
    public void download(String remotePath, Path local) {
        copy(Path.of(remotePath), local);
    }

    private void copy(Path from, Path to) {
        transfers.incrementAndGet();
        try {
            if (to.getParent() != null) Files.createDirectories(to.getParent());
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new HpcException("local: cannot copy " + from + " to " + to + ": " + e.getMessage(), e);
        }
    }

    @Override
    public HostStats stats() {
        return new HostStats(0, commands.get(), transfers.get(), 0, false, null, 0);
    }

    @Override
    public void resume() {}

    @Override
    public String address() {
        return "local";
    }

    @Override
    public void close() {}
}
