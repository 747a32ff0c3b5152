package org.xtalflow.vasp.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.xtalflow.config.BatchSystem;
import org.xtalflow.config.JobResources;
import org.xtalflow.crystal.io.CifReader;
import org.xtalflow.crystal.io.CifStructure;
import org.xtalflow.testing.SharedData;
import org.xtalflow.vasp.inputs.JobBundle;
import org.xtalflow.vasp.inputs.JobBundleWriter;
import org.xtalflow.vasp.inputs.SiteDecorations;
import org.xtalflow.vasp.inputs.VaspInput;
import org.xtalflow.vasp.inputs.VaspInputSet;

/**
 * Bundle preparation rate on the first 100 Materials Project ground states (index.csv order):
 * inputs only (sort, INCAR, KPOINTS, POSCAR text), bundle directories (POTCAR.spec, job script,
 * manifest), and bundles plus tar.gz. Scores are structures per second (ops = structures).
 *
 * <pre>
 * mvn -o -q test-compile &amp;&amp; mvn -o -q dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) org.openjdk.jmh.Main PrepareBench
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PrepareBench {

    static final int N = 100;
    private List<CifStructure> structures;
    private VaspInputSet relax;
    private JobBundleWriter writer;
    private Path out;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Path dir = SharedData.path("mp_groundstates");
        List<String> lines = Files.readAllLines(dir.resolve("index.csv"));
        CifReader reader = new CifReader();
        structures = new ArrayList<>();
        for (String line : lines.subList(1, N + 1)) {
            structures.add(reader.read(dir.resolve("cifs").resolve(line.split(",")[0] + ".cif"))
                    .get(0));
        }
        relax = VaspInputSet.bundled("relax");
        writer = new JobBundleWriter(Path.of("templates"), BatchSystem.SLURM, JobResources.defaults(), null);
        out = Files.createTempDirectory("xtalflow-bench");
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        try (Stream<Path> w = Files.walk(out)) {
            w.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private VaspInput inputs(CifStructure cs) {
        return relax.inputs(cs.structure(), cs.declaredSpaceGroup(), SiteDecorations.none());
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public void inputsOnly(Blackhole bh) {
        for (CifStructure cs : structures) {
            VaspInput in = inputs(cs);
            bh.consume(in.incar().toText());
            bh.consume(in.kpoints().toText());
            bh.consume(in.poscarText());
        }
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public void bundles(Blackhole bh) {
        int i = 0;
        for (CifStructure cs : structures) {
            bh.consume(writer.write(out, "c" + i++, inputs(cs)));
        }
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public void bundlesAndTarGz(Blackhole bh) {
        int i = 0;
        for (CifStructure cs : structures) {
            String id = "p" + i++;
            JobBundle b = writer.write(out, id, inputs(cs));
            bh.consume(b.pack(out.resolve(id + ".tar.gz")));
        }
    }
}
