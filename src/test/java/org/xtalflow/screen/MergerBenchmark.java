package org.xtalflow.screen;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import org.xtalflow.screen.bench.RandomCandidates;

/**
 * CPU time of the merge alone, {@link Merger} against the algorithm before h20 ({@link
 * MergerBeforeH20}), on the same expanded generator-like candidates ({@link RandomCandidates}),
 * one thread, rounds alternating so that load on a shared machine disturbs both alike.
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
        Merger now = new Merger();
        MergerBeforeH20 before = new MergerBeforeH20();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] best = {Double.MAX_VALUE, Double.MAX_VALUE};
        long removed = 0;
        for (int r = 0; r < rounds + 1; r++) { // round 0 warms up
            for (int which = 0; which < 2; which++) {
                Cell[] work = new Cell[cells.length];
                for (int i = 0; i < cells.length; i++) {
                    work[i] = cells[i].copy();
                }
                long c0 = threads.getCurrentThreadCpuTime();
                long rem = 0;
                for (Cell c : work) {
                    rem += which == 0 ? before.merge(c) : now.merge(c);
                }
                double cpu = (threads.getCurrentThreadCpuTime() - c0) / 1e9;
                if (r > 0) {
                    best[which] = Math.min(best[which], cpu);
                }
                if (which == 1) {
                    if (rem != removed) {
                        throw new IllegalStateException(
                                "the mergers removed different site counts: " + removed + " vs " + rem);
                    }
                } else {
                    removed = rem;
                }
            }
        }
        System.out.printf(
                Locale.ROOT,
                "%d candidates (seed %d, mean %.1f sites before merge, %d sites removed), best of %d rounds, CPU s of"
                        + " this thread:%n  before h20: %.3f s (%.1f µs per candidate)%n  now:        %.3f s (%.1f µs per"
                        + " candidate), %.2fx%n",
                count,
                seed,
                (double) sites / count,
                removed,
                rounds,
                best[0],
                best[0] / count * 1e6,
                best[1],
                best[1] / count * 1e6,
                best[0] / best[1]);
        System.out.println(Arrays.toString(best));
    }
}
