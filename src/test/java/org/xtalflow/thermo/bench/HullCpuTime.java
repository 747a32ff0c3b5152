package org.xtalflow.thermo.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.xtalflow.thermo.ComputedEntry;
import org.xtalflow.thermo.EntryCsv;
import org.xtalflow.thermo.PhaseDiagram;

/**
 * CPU time (this thread) of PhaseDiagram + e_above_hull for every entry: the figure comparable
 * to pymatgen's {@code time.process_time()} in scripts/bench_hull_pymatgen.py, and robust on a
 * shared machine where wall time (JMH's {@link HullBenchmark}) depends on the load.
 *
 * <pre>
 * java -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) \
 *     org.xtalflow.thermo.bench.HullCpuTime 10000 [ENTRIES.json]
 * </pre>
 * Without a file, the synthetic Li-Fe-P-O set of {@link QuaternaryEntries} (seed 42) is used.
 */
public final class HullCpuTime {

    private HullCpuTime() {}

    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        List<ComputedEntry> es =
                args.length > 1 ? EntryCsv.readAny(Path.of(args[1])) : QuaternaryEntries.generate(n, 42);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        int repeats = 15;
        double[] cpu = new double[repeats];
        int stable = 0;
        for (int r = 0; r < repeats; r++) {
            long c0 = mx.getCurrentThreadCpuTime();
            PhaseDiagram pd = new PhaseDiagram(es);
            double s = 0;
            for (ComputedEntry e : es) {
                s += pd.eAboveHull(e);
            }
            cpu[r] = (mx.getCurrentThreadCpuTime() - c0) / 1e9;
            stable = pd.stableEntries().size() + (s < 0 ? 1 : 0);
        }
        double[] warm = Arrays.copyOfRange(cpu, 5, repeats); // the first runs include JIT compilation
        Arrays.sort(warm);
        double med = warm[warm.length / 2];
        System.out.printf(
                Locale.ROOT,
                "xtalflow: %d entries, %d stable; PhaseDiagram + e_above_hull of all: first run %.3f s CPU, "
                        + "median of runs 6-%d %.3f s CPU = %.4f s per 1000 entries%n",
                es.size(),
                stable,
                cpu[0],
                repeats,
                med,
                med / es.size() * 1000);
    }
}
