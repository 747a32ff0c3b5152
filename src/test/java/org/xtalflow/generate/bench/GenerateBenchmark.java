package org.xtalflow.generate.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.xtalflow.generate.Condition;
import org.xtalflow.generate.ConditionSampler;
import org.xtalflow.generate.DjlSetup;
import org.xtalflow.generate.GeneratedSample;
import org.xtalflow.generate.ModelSpec;
import org.xtalflow.generate.PgcgmGenerator;
import org.xtalflow.generate.PgcgmNetwork;
import org.xtalflow.generate.RandomSymmetricGenerator;
import org.xtalflow.generate.SymmetryExpander;

/**
 * Sampling throughput of the PGCGM generator through DJL (one batch of 1024 conditions per
 * operation, decoding included) at the shipped width and at the paper's width (random weights:
 * speed does not depend on them), and symmetry-expansion throughput (3 x 1024 structures per
 * operation through the batch path). Run:
 * {@code mvn -o -q test-compile && java -cp target/test-classes:target/classes:target/lib/* org.openjdk.jmh.Main GenerateBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 1, time = 3)
@Measurement(iterations = 3, time = 5)
public class GenerateBenchmark {

    @Param({"0.25", "1.0"})
    public double width;

    private PgcgmGenerator generator;
    private List<Condition> conditions;
    private List<GeneratedSample> samples;
    private final SymmetryExpander expander = new SymmetryExpander();

    @Setup(Level.Trial)
    public void setup() throws Exception {
        DjlSetup.offline();
        ModelSpec spec = ModelSpec.paper(ModelSpec.KIND_DJL, "generator.params", width);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            Block b = PgcgmNetwork.generator(width);
            b.initialize(m, DataType.FLOAT32, PgcgmNetwork.generatorInputShapes(2));
            b.saveParameters(new DataOutputStream(bytes));
        }
        generator = PgcgmGenerator.fromParameters("bench", spec, new ByteArrayInputStream(bytes.toByteArray()));
        conditions = new ConditionSampler(spec).draw(PgcgmGenerator.BATCH, null, null, 1);
        samples = new RandomSymmetricGenerator(spec).sample(conditions, 1);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        generator.close();
    }

    /** 1024 samples per call. */
    @Benchmark
    public List<GeneratedSample> sample1024() {
        return generator.sample(conditions, 7);
    }

    /** 3 x 1024 structures per call (all three coordinate sets). */
    @Benchmark
    public int expand3x1024() {
        int atoms = 0;
        for (int k = 0; k < 3; k++) {
            atoms += expander.expandBatch(samples, k).frac().length;
        }
        return atoms;
    }
}
