package org.xtalflow.cli;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.zip.GZIPInputStream;
import org.xtalflow.vasp.outputs.SyntheticVasprun;
import org.xtalflow.vasp.outputs.Vasprun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Benchmark of the vasprun.xml reader: throughput (MB/s of uncompressed XML, one thread) on real
 * files, and speed plus peak heap on a large synthetic file made by repeating a real file's ionic
 * steps (run with a small -Xmx, e.g. XTALFLOW_JAVA_OPTS=-Xmx64m, to show memory is flat).
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        footer = {
            "%nExample:",
            "  bin/xtalflow vasp bench ../shared/data/vasp_outputs/outputs/vasprun.xml.gz --repeat 3 --warmup 1"
        },
        description = "Measure vasprun.xml parsing speed (MB/s) and peak heap, on the given files and on a "
                + "synthetic file of --synthetic-mb MB built from the first one.")
public final class VaspBenchCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "real vasprun.xml[.gz] files")
    List<Path> files;

    @Option(
            names = "--repeat",
            defaultValue = "15",
            description = "timed reads per file after warm-up (default ${DEFAULT-VALUE})")
    int repeat;

    @Option(
            names = "--warmup",
            defaultValue = "10",
            description = "untimed reads per file first (default ${DEFAULT-VALUE})")
    int warmup;

    @Option(
            names = "--synthetic-mb",
            defaultValue = "0",
            description = "also build and read a synthetic file of this many MB (0: none)")
    long syntheticMb;

    @Option(
            names = "--dir",
            description = "where to write the uncompressed/synthetic files (default: a temp dir, deleted after)")
    Path dir;

    @Option(names = "--keep", description = "keep the written files (to time other tools on the same bytes)")
    boolean keep;

    @Override
    public Integer call() throws IOException {
        Path work = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("xtalflow-vasprun-bench");
        System.out.printf(
                Locale.ROOT,
                "java %s, %s, max heap %d MB, %d CPUs visible; one thread%n",
                System.getProperty("java.version"),
                System.getProperty("os.arch"),
                Runtime.getRuntime().maxMemory() >> 20,
                Runtime.getRuntime().availableProcessors());
        System.out.printf(
                Locale.ROOT,
                "%-34s %8s %7s %10s %10s %12s %10s%n",
                "file",
                "MB(xml)",
                "steps",
                "best MB/s",
                "median",
                "median MB/cpu-s",
                "peak heap");
        try {
            for (Path f : files) {
                Path plain = work.resolve(f.getFileName().toString().replaceAll("\\.gz$", ""));
                try (InputStream in = new GZIPInputStream(Files.newInputStream(f))) {
                    Files.copy(in, plain, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                } catch (java.util.zip.ZipException notGzip) {
                    Files.copy(f, plain, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
                measure(plain.getFileName().toString(), plain, warmup, repeat);
                if (f.toString().endsWith(".gz")) {
                    measure(f.getFileName() + " (gz)", f, warmup, repeat);
                }
                if (!keep) {
                    Files.deleteIfExists(plain);
                }
            }
            if (syntheticMb > 0) {
                Path big = work.resolve("vasprun.synthetic.xml");
                long n = SyntheticVasprun.write(files.get(0), big, syntheticMb << 20);
                System.out.printf(
                        Locale.ROOT,
                        "synthetic: %s, %.0f MB from %s%n",
                        big,
                        n / 1e6,
                        files.get(0).getFileName());
                measure("synthetic (" + (n >> 20) + " MiB)", big, 1, 3);
                if (!keep) {
                    Files.deleteIfExists(big);
                }
            }
        } finally {
            if (!keep && dir == null) {
                Files.deleteIfExists(work);
            }
        }
        return Main.EXIT_OK;
    }

    /** Throughput is over the uncompressed XML size, whatever the file's compression. */
    private static void measure(String label, Path f, int warmup, int repeat) throws IOException {
        long xmlBytes = uncompressedSize(f);
        Vasprun v = null;
        for (int i = 0; i < warmup; i++) {
            v = Vasprun.read(f);
        }
        System.gc();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP)
                .toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        double[] mbps = new double[repeat];
        double[] cpuMbps = new double[repeat];
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < repeat; i++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            v = Vasprun.read(f);
            long t1 = System.nanoTime();
            long c1 = threads.getCurrentThreadCpuTime();
            mbps[i] = xmlBytes / 1e6 / ((t1 - t0) / 1e9);
            cpuMbps[i] = xmlBytes / 1e6 / ((c1 - c0) / 1e9); // CPU time of this thread: immune to a busy machine
        }
        Arrays.sort(cpuMbps);
        long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        double[] sorted = mbps.clone();
        Arrays.sort(sorted);
        System.out.printf(
                Locale.ROOT,
                "%-34s %8.1f %7d %10.0f %10.0f %12.0f %7.0f MB   E=%.8f eV%n",
                label,
                xmlBytes / 1e6,
                v.nIonicSteps(),
                sorted[sorted.length - 1],
                sorted[sorted.length / 2],
                cpuMbps[cpuMbps.length / 2],
                peak / 1e6,
                v.finalEnergy());
    }

    private static long uncompressedSize(Path f) throws IOException {
        try (InputStream raw = Files.newInputStream(f)) {
            int b0 = raw.read();
            int b1 = raw.read();
            if (b0 != 0x1f || b1 != 0x8b) {
                return Files.size(f);
            }
        }
        long n = 0;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(f), 1 << 16)) {
            byte[] buf = new byte[1 << 16];
            int k;
            while ((k = in.read(buf)) > 0) {
                n += k;
            }
        }
        return n;
    }
}
