package org.xtalflow.screen;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import org.xtalflow.screen.bench.RandomCandidates;

/**
 * CPU time of the merge alone ({@link Merger}) on expanded generator-like candidates ({@link
 * RandomCandidates}), one thread, best of several rounds. The figures of the algorithm before h20
 * in BENCHMARKS.md were taken with its source (screen/Merger.java of commit c214e5d) in place of
 * today's; {@link MergerIdentityTest} holds what both merge to.
 *
 * <pre>
 * mvn -o -q test-compile
 * java -Xmx1g -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
 *   org.xtalflow.screen.MergerBenchmark [candidates=20000] [rounds=5] [seed=1]
 * </pre>
 */
public final class MergerBenchmark {

    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 1L;
        Cell[] cells = MergerIdentityTest.expandedCandidates(seed, count);
        long sites = 0;
        for (Cell c : cells) {
            sites += c.size();
        }
        Merger merger = new Merger();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double best = Double.MAX_VALUE;
        long removed = 0;
        for (int r = 0; r < rounds + 1; r++) { // round 0 warms up
            Cell[] work = new Cell[cells.length];
            for (int i = 0; i < cells.length; i++) {
                work[i] = cells[i].copy();
            }
            long c0 = threads.getCurrentThreadCpuTime();
            long rem = 0;
            for (Cell c : work) {
                rem += merger.merge(c);
            }
            double cpu = (threads.getCurrentThreadCpuTime() - c0) / 1e9;
            if (r > 0) {
                best = Math.min(best, cpu);
            }
            removed = rem;
        }
        System.out.printf(
                Locale.ROOT,
                "%d candidates (seed %d, mean %.1f sites before merge, %d sites removed), best of %d rounds:"
                        + " %.3f CPU s of this thread (%.1f µs per candidate)%n",
                count,
                seed,
                (double) sites / count,
                removed,
                rounds,
                best,
                best / count * 1e6);
    }
}
