package org.xtalflow.gpaw;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.xtalflow.config.BatchSystem;
import org.xtalflow.config.JobResources;
import org.xtalflow.crystal.Structure;
import org.xtalflow.crystal.io.BadInputException;
import org.xtalflow.crystal.io.Poscar;
import org.xtalflow.vasp.inputs.BundleManifest;
import org.xtalflow.vasp.inputs.JobBundle;
import org.xtalflow.vasp.inputs.JobBundleWriter;
import org.xtalflow.vasp.inputs.Template;

/**
 * Writes one GPAW job bundle: POSCAR, gpaw-settings.json, the job driver gpaw_relax.py (copied
 * from {@code <templatesDir>/jobs/}, so the bundle runs on a cluster without xtalflow), job.sh
 * from {@code <templatesDir>/jobs/gpaw-<scheduler>.sh} (scheduler directives) with
 * {@code gpaw-run.sh} (the run itself, placeholder gpaw_run) and manifest.json. The files are written
 * at once by {@link JobBundleWriter#writeAtomically} (no partial bundle on error); the manifest is
 * the VASP bundles' {@link BundleManifest} with the engine's vocabulary in its "potcar" block:
 * functional = xc, symbols = "Element:setups" per element, mode = "gpaw-setups".
 *
 * <p>Job-script placeholders: those of {@link JobBundleWriter#schedulerPlaceholders}, plus
 * walltime_seconds, gpaw_python and gpaw_run. A local cluster runs
 * the Slurm script as a plain shell script (its #SBATCH lines are comments there).
 */
public final class GpawBundleWriter {

    public static final String DRIVER = "gpaw_relax.py";
    public static final String RESULT = "gpaw-result.json";
    public static final String EXIT_CODE = "gpaw-exit-code";
    public static final String SETUPS_MODE = "gpaw-setups";

    private final BatchSystem scheduler;
    private final JobResources resources;
    private final String python;
    private final Template jobTemplate;
    private final Template runTemplate;
    private final byte[] driver;

    /**
     * @param python the Python that imports gpaw on the cluster (Debian: /usr/bin/python3); the
     *               cluster profile may override it at submission (XTALFLOW_GPAW_PYTHON)
     */
    public GpawBundleWriter(Path templatesDir, BatchSystem scheduler, JobResources resources, String python) {
        if (!resources.complete()) {
            throw new GpawException(
                    "a GPAW job script needs every job resource set (vasp.job / the cluster profile), got "
                            + resources);
        }
        this.scheduler = scheduler;
        this.resources = resources;
        this.python = python == null || python.isBlank() ? "/usr/bin/python3" : python;
        if (this.python.contains("\n") || this.python.contains("'") || this.python.contains("\"")) {
            throw new GpawException("GPAW python command must be one line without quotes: '" + python + "'");
        }
        String flavour = scheduler == BatchSystem.PBS ? "pbs" : "slurm";
        this.jobTemplate = Template.load(templatesDir.resolve("jobs").resolve("gpaw-" + flavour + ".sh"));
        this.runTemplate = Template.load(templatesDir.resolve("jobs").resolve("gpaw-run.sh"));
        Path driverFile = templatesDir.resolve("jobs").resolve(DRIVER);
        try {
            this.driver = Files.readAllBytes(driverFile);
        } catch (IOException e) {
            throw new BadInputException(driverFile.toString(), 0, "cannot read the GPAW job driver: " + e, e);
        }
    }

    /** Writes {@code <outDir>/<candidateId>/} for the structure and its settings and returns it. */
    public JobBundle write(Path outDir, String candidateId, Structure structure, GpawJobSettings settings) {
        JobBundleWriter.requireSafeId(candidateId);
        if (structure.size() != settings.natoms()) {
            throw new GpawException("settings for " + settings.natoms() + " sites given for a structure of "
                    + structure.size() + " (candidate " + candidateId + ")");
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("POSCAR", utf8(new Poscar(candidateId, structure, null).toText()));
        files.put(GpawJobSettings.FILE_NAME, settings.toJson());
        files.put(DRIVER, driver);
        files.put(JobBundle.JOB_SCRIPT, utf8(jobScript(candidateId, settings)));
        Map<String, String> hashes = new HashMap<>();
        files.forEach((name, data) -> hashes.put(name, BundleManifest.sha256(data)));
        String setups = settings.json().path("setups").asText();
        List<String> symbols = new TreeSet<>(structure.composition().elements().stream()
                        .map(e -> e.symbol())
                        .toList())
                .stream().map(s -> s + ":" + setups).toList();
        BundleManifest manifest = new BundleManifest(
                candidateId,
                settings.inputSet(),
                scheduler.configName(),
                settings.json().path("xc").asText(),
                symbols,
                SETUPS_MODE,
                hashes);
        files.put(BundleManifest.FILE_NAME, manifest.toJson());
        return new JobBundle(JobBundleWriter.writeAtomically(outDir, candidateId, files), candidateId, manifest);
    }

    private String jobScript(String candidateId, GpawJobSettings settings) {
        Map<String, String> v = new HashMap<>(
                JobBundleWriter.schedulerPlaceholders(scheduler, resources, candidateId, settings.inputSet()));
        // the deadline is the walltime's end; the driver keeps its own margin (deadline_margin_s)
        v.put("walltime_seconds", Long.toString(walltimeSeconds(resources.walltime())));
        v.put("gpaw_python", python);
        v.put("gpaw_run", runTemplate.render(v).stripTrailing());
        return jobTemplate.render(v);
    }

    /** HH:MM:SS or D-HH:MM:SS as seconds. */
    static long walltimeSeconds(String walltime) {
        long days = 0;
        String hms = walltime;
        int dash = walltime.indexOf('-');
        if (dash > 0) {
            days = Long.parseLong(walltime.substring(0, dash));
            hms = walltime.substring(dash + 1);
        }
        String[] p = hms.split(":");
        return days * 86400 + Long.parseLong(p[0]) * 3600 + Long.parseLong(p[1]) * 60 + Long.parseLong(p[2]);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
