package org.xtalflow.screen.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import org.xtalflow.screen.Cell;
import org.xtalflow.screen.ScreeningConfig;
import org.xtalflow.screen.ScreeningPipeline;
import org.xtalflow.screen.Verdict;

/**
 * Throughput of expansion + merge + filters on one thread, on generator-like candidates
 * ({@link RandomCandidates}), and heap use along the way (flat memory over many candidates).
 *
 * <pre>
 * mvn -o -q test-compile
 * java -Xmx512m -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
 *   org.xtalflow.screen.bench.ScreenBenchmark [candidates=1000000] [warmup=50000] [seed=1] [no-FILTER]
 * </pre>
 *
 * <p>{@code no-FILTER} leaves one filter of the default configuration out ({@code no-duplicate},
 * {@code no-density}), to show what it costs.
 */
public final class ScreenBenchmark {

    public static void main(String[] args) throws Exception {
        long total = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000L;
        long warmup = args.length > 1 ? Long.parseLong(args[1]) : 50_000L;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 1L;
        ScreeningConfig cfg = ScreeningConfig.defaults();
        if (args.length > 3 && args[3].startsWith("no-")) {
            // no-duplicate shows that everything but the duplicate index (which holds unique survivors) is flat
            String left = args[3].substring(3);
            if (!cfg.filters.remove(left)) {
                throw new IllegalArgumentException("no filter '" + left + "' in " + cfg.filters);
            }
        }
        System.out.println("filters: " + cfg.filters);
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        // warm-up on its own pipeline so the measured funnel starts at zero
        try (ScreeningPipeline p = ScreeningPipeline.fromConfig(cfg)) {
            run(p, new RandomCandidates(seed + 1000), warmup, 0, mem);
        }
        try (ScreeningPipeline p = ScreeningPipeline.fromConfig(cfg)) {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long t0 = System.nanoTime();
            long c0 = threads.getCurrentThreadCpuTime();
            run(p, new RandomCandidates(seed), total, Math.max(1, total / 10), mem);
            double s = (System.nanoTime() - t0) / 1e9;
            double cpu = (threads.getCurrentThreadCpuTime() - c0) / 1e9;
            System.out.printf(
                    Locale.ROOT,
                    "%d candidates in %.2f s wall, %.2f s CPU of the screening thread: "
                            + "%.0f candidates/s wall, %.0f candidates per CPU-second (one core)%n",
                    total,
                    s,
                    cpu,
                    total / s,
                    total / cpu);
            for (var f : p.filters()) {
                if (f instanceof org.xtalflow.screen.SpaceGroupFilter sg) {
                    System.out.printf(
                            Locale.ROOT,
                            "space-group filter: %d settled by the supergroup search, %d asked spglib%n",
                            sg.decidedBySearch(),
                            sg.spglibCalls());
                }
            }
            System.out.println(p.funnel().toJson());
        }
    }

    private static void run(ScreeningPipeline p, RandomCandidates src, long count, long reportEvery, MemoryMXBean mem) {
        RandomCandidates.Flat f = new RandomCandidates.Flat();
        long passed = 0;
        long sites = 0;
        for (long i = 1; i <= count; i++) {
            src.next(f);
            sites += f.n;
            // the pipeline merges in place: give it its own copy of the reusable buffers
            Cell cell = new Cell(f.lattice, Arrays.copyOf(f.species, f.n), Arrays.copyOf(f.frac, 3 * f.n), f.n);
            Verdict v = p.screen("c" + i, cell, f.spaceGroup);
            if (v.passed()) {
                passed++;
            }
            if (reportEvery > 0 && i % reportEvery == 0) {
                System.gc();
                long used = mem.getHeapMemoryUsage().getUsed();
                System.out.printf(
                        Locale.ROOT,
                        "%,d candidates: %,d passed, mean %.1f sites before merge, heap after GC %.1f MiB%n",
                        i,
                        passed,
                        (double) sites / i,
                        used / 1048576.0);
            }
        }
    }
}
