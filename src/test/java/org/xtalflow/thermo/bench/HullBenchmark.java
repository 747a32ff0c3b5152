package org.xtalflow.thermo.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.xtalflow.thermo.ComputedEntry;
import org.xtalflow.thermo.PhaseDiagram;

/**
 * Phase diagram + e_above_hull of every entry of a synthetic Li-Fe-P-O set (the same entries
 * scripts/bench_hull_pymatgen.py times in pymatgen). One op = build the diagram and query all
 * entries, on one thread.
 *
 * <pre>
 * mvn -o -q test-compile
 * java -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) \
 *     org.openjdk.jmh.Main HullBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HullBenchmark {

    @Param({"1000", "10000"})
    int entries;

    List<ComputedEntry> set;

    @Setup
    public void setUp() {
        set = QuaternaryEntries.generate(entries, 42);
    }

    @Benchmark
    public double phaseDiagramAndEAboveHull() {
        PhaseDiagram pd = new PhaseDiagram(set);
        double s = 0;
        for (ComputedEntry e : set) {
            s += pd.eAboveHull(e);
        }
        return s;
    }
}
