package org.xtalflow.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.xtalflow.crystal.io.CifReader;
import org.xtalflow.crystal.io.CifStructure;
import org.xtalflow.testing.SharedData;

/**
 * CIF parse + symmetry expansion over the 5,557 Materials Project ground-state CIFs, one thread.
 * One operation = all 5,557 files; files/s = 5557 / (seconds per op).
 * Run: scripts/bench.sh CifParseBenchmark
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CifParseBenchmark {

    private List<String> texts;
    private List<Path> paths;
    private final CifReader reader = new CifReader();

    @Setup
    public void load() throws Exception {
        texts = new ArrayList<>();
        paths = new ArrayList<>();
        try (Stream<Path> s = Files.list(SharedData.path("mp_groundstates", "cifs"))) {
            s.sorted().forEach(paths::add);
        }
        for (Path p : paths) {
            texts.add(Files.readString(p));
        }
        if (texts.size() != 5557) {
            throw new IllegalStateException("expected 5557 CIFs, found " + texts.size());
        }
    }

    /** From text already in memory: parsing + expansion only. */
    @Benchmark
    public void parseAndExpandFromMemory(Blackhole bh) {
        for (int i = 0; i < texts.size(); i++) {
            for (CifStructure cs : reader.read(texts.get(i), "bench")) {
                bh.consume(cs.structure().size());
            }
        }
    }

    /** From disk (page cache warm): what `cif info` on a folder costs. */
    @Benchmark
    public void readParseAndExpandFromFiles(Blackhole bh) {
        for (Path p : paths) {
            for (CifStructure cs : reader.read(p)) {
                bh.consume(cs.structure().size());
            }
        }
    }
}
