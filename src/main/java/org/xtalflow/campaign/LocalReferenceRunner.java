package org.xtalflow.campaign;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.xtalflow.dft.LocalJobRunner;

/**
 * References computed on this machine, one bundle after the other ({@link LocalJobRunner}): only
 * for a campaign without a cluster profile, whose candidates are prepared and never submitted.
 */
public final class LocalReferenceRunner implements ReferenceRunner {

    private static final AtomicLong JOBS_RUN = new AtomicLong();

    private final LocalJobRunner runner;

    public LocalReferenceRunner(LocalJobRunner runner) {
        this.runner = runner;
    }

    /** Reference jobs this process ran on its own machine (the cluster tests assert none). */
    public static long jobsRun() {
        return JOBS_RUN.get();
    }

    @Override
    public Map<String, Path> run(Map<String, Path> bundles, Map<String, String> failed) {
        Map<String, Path> out = new LinkedHashMap<>();
        bundles.forEach((id, bundle) -> {
            JOBS_RUN.incrementAndGet();
            try {
                runner.run(bundle);
                out.put(id, bundle);
            } catch (RuntimeException e) {
                failed.put(id, e.getMessage());
            }
        });
        return out;
    }

    @Override
    public String where() {
        return "this machine";
    }
}
