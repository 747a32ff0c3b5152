package org.xtalflow.gpaw;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.xtalflow.config.BatchSystem;
import org.xtalflow.config.JobResources;
import org.xtalflow.crystal.Structure;
import org.xtalflow.vasp.inputs.JobBundle;

/**
 * Runs a real GPAW job bundle on this machine the way a workstation runs it: {@code bash job.sh}
 * in the bundle directory (the Slurm script's #SBATCH lines are comments there), one MPI rank,
 * niced, one BLAS thread. Needs Debian's gpaw under /usr/bin/python3 (scripts/install-deps.sh).
 */
public final class LocalGpawRun {

    static final Path PYTHON = Path.of("/usr/bin/python3");

    private LocalGpawRun() {}

    /** Fails with what to do when GPAW is not installed, instead of a confusing job failure. */
    public static void requireGpaw() throws Exception {
        Process p = new ProcessBuilder(
                        PYTHON.toString(), "-c", "import gpaw, ase; print(gpaw.__version__, ase.__version__)")
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0)
                .as("GPAW must import under /usr/bin/python3 (run scripts/install-deps.sh): " + out)
                .isTrue();
    }

    /** Writes the bundle, runs it, and reads its result. */
    public static GpawResult run(Path outDir, String id, Structure s, GpawJobSettings settings)
            throws IOException, InterruptedException {
        return run(outDir, id, s, settings, "02:00:00");
    }

    /** As {@link #run(Path, String, Structure, GpawJobSettings)} with the job's walltime (HH:MM:SS). */
    public static GpawResult run(Path outDir, String id, Structure s, GpawJobSettings settings, String walltime)
            throws IOException, InterruptedException {
        JobResources res = new JobResources("", "", 1, 1, walltime, List.of(), "unused", "", java.util.Map.of());
        JobBundle b = new GpawBundleWriter(Path.of("templates"), BatchSystem.SLURM, res, PYTHON.toString())
                .write(outDir, id, s, settings);
        ProcessBuilder pb = new ProcessBuilder("nice", "-n", "5", "bash", JobBundle.JOB_SCRIPT)
                .directory(b.directory().toFile())
                .redirectErrorStream(true)
                .redirectOutput(b.directory().resolve("job.out").toFile());
        pb.environment().put("XTALFLOW_GPAW_RANKS", "1");
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("GPAW job " + b.directory() + " ran over an hour");
        }
        return GpawResultReader.readDirectory(b.directory());
    }

    /** For messages: the driver's log tail. */
    static String logTail(Path jobDir) throws IOException {
        Path log = jobDir.resolve("gpaw.out");
        if (!Files.exists(log)) {
            return "(no gpaw.out)";
        }
        String t = Files.readString(log);
        return t.substring(Math.max(0, t.length() - 2000));
    }
}
