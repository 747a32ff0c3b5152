package org.xtalflow.predict.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.xtalflow.crystal.Structure;
import org.xtalflow.crystal.io.CifReader;
import org.xtalflow.predict.CgcnnPredictor;
import org.xtalflow.predict.CgcnnProperty;
import org.xtalflow.predict.CrystalGraph;
import org.xtalflow.predict.PropertyPrediction;

/**
 * CGCNN throughput on one core: crystal-graph building, inference of the formation-energy model
 * and of all eight models (batched), and structures to formation energy end to end, on the same
 * CIFs as scripts/bench-cgcnn-original.py (sorted by name, the first {@code files} of them, cycled
 * up to {@code structures}). CPU time is the calling thread's (libtorch runs on it with one
 * intra-op thread); heap after GC is printed along the end-to-end run to show it stays flat.
 *
 * <pre>
 * mvn -o -q test-compile
 * java -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 -Xmx1g \
 *   -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
 *   org.xtalflow.predict.bench.PredictBenchmark [structures=10000] [files=1000] [cif-dir=../shared/data/mp_groundstates/cifs] [atoms-per-pass=4096]
 * </pre>
 */
public final class PredictBenchmark {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) throws Exception {
        int total = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int fileCount = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        Path dir = Path.of(args.length > 2 ? args[2] : "../shared/data/mp_groundstates/cifs");
        int pass = args.length > 3 ? Integer.parseInt(args[3]) : CgcnnPredictor.MAX_ATOMS_PER_PASS;
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".cif"))
                    .sorted()
                    .limit(fileCount)
                    .toList();
        }
        CifReader reader = new CifReader();
        List<Structure> distinct = new ArrayList<>();
        for (Path f : files) {
            distinct.add(reader.readStructure(f));
        }
        List<Structure> structures = new ArrayList<>(total);
        long atoms = 0;
        for (int i = 0; i < total; i++) {
            Structure s = distinct.get(i % distinct.size());
            structures.add(s);
            atoms += s.size();
        }
        System.out.printf(
                Locale.ROOT,
                "%d structures (%d distinct CIFs from %s), %.1f atoms on average, %d atoms per pass%n",
                total,
                distinct.size(),
                dir,
                (double) atoms / total,
                pass);

        // warm-up: JIT and libtorch's first passes
        List<CrystalGraph> graphs = build(structures.subList(0, Math.min(500, total)));
        try (CgcnnPredictor all = CgcnnPredictor.open(EnumSet.allOf(CgcnnProperty.class), pass)) {
            all.predict(graphs);
        }

        long c0 = cpu();
        graphs = build(structures);
        double graphCpu = seconds(c0);
        report("crystal graphs", total, graphCpu);

        try (CgcnnPredictor one = CgcnnPredictor.open(EnumSet.of(CgcnnProperty.FORMATION_ENERGY), pass)) {
            one.predict(graphs.subList(0, Math.min(500, total)));
            c0 = cpu();
            one.predict(graphs);
            report("inference, formation energy", total, seconds(c0));
        }
        try (CgcnnPredictor all = CgcnnPredictor.open(EnumSet.allOf(CgcnnProperty.class), pass)) {
            c0 = cpu();
            all.predict(graphs);
            report("inference, all eight models", total, seconds(c0));
        }
        graphs = null;

        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        try (CgcnnPredictor one = CgcnnPredictor.open(EnumSet.of(CgcnnProperty.FORMATION_ENERGY), pass)) {
            int step = Math.max(1, total / 10);
            double sum = 0;
            c0 = cpu();
            long wall = System.nanoTime();
            double gcCpu = 0;
            for (int start = 0; start < total; start += step) {
                List<PropertyPrediction> p =
                        one.predictStructures(structures.subList(start, Math.min(total, start + step)));
                sum += p.get(0).get(CgcnnProperty.FORMATION_ENERGY);
                long g0 = cpu();
                System.gc();
                gcCpu += seconds(g0);
                System.out.printf(
                        Locale.ROOT,
                        "  %,d structures: heap after GC %.1f MiB, process RSS %s%n",
                        Math.min(total, start + step),
                        mem.getHeapMemoryUsage().getUsed() / 1048576.0,
                        rss());
            }
            double cpu = seconds(c0) - gcCpu;
            report("end to end (graph + formation energy)", total, cpu);
            System.out.printf(Locale.ROOT, "  wall %.2f s (checksum %.4f)%n", (System.nanoTime() - wall) / 1e9, sum);
        }
    }

    /** Resident set size of the process (Java heap + libtorch's native memory), from /proc. */
    private static String rss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return String.format(
                            Locale.ROOT, "%.0f MiB", Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0);
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            return "?";
        }
        return "?";
    }

    private static List<CrystalGraph> build(List<Structure> structures) {
        List<CrystalGraph> out = new ArrayList<>(structures.size());
        for (Structure s : structures) {
            out.add(CrystalGraph.of(s));
        }
        return out;
    }

    private static long cpu() {
        return THREADS.getCurrentThreadCpuTime();
    }

    private static double seconds(long c0) {
        return (THREADS.getCurrentThreadCpuTime() - c0) / 1e9;
    }

    private static void report(String what, int n, double cpu) {
        System.out.printf(Locale.ROOT, "%-40s %7.2f s CPU  %8.0f structures per CPU-second%n", what, cpu, n / cpu);
    }
}
