package org.xtalflow.vasp.inputs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.xtalflow.config.BatchSystem;
import org.xtalflow.config.ConfigFile;
import org.xtalflow.config.ConfigKeys;
import org.xtalflow.config.ConfigurationException;
import org.xtalflow.config.JobResources;

/**
 * The {@code vasp:} section of conf/xtalflow.yaml:
 * <pre>
 * vasp:
 *   input_set: relax          # relax | static | path to a set yaml (e.g. templates/vasp/relax-tight.yaml)
 *   overrides:                # per set name, same schema as a set yaml (INCAR, KPOINTS, POTCAR, ...)
 *     relax: {INCAR: {NCORE: 4}}
 *   potcar_dir: null          # local POTCAR library root; null writes POTCAR.spec instead
 *   scheduler: slurm          # slurm | pbs
 *   job: {partition: ..., account: ..., nodes: 1, ntasks: 16, walltime: "24:00:00",
 *         modules: [...], vasp_command: "srun vasp_std", potcar_library: /cluster/potcars}
 * </pre>
 */
public record VaspSettings(
        String inputSet,
        Map<String, Map<String, Object>> overrides,
        Path potcarDir,
        BatchSystem scheduler,
        JobResources job) {

    /**
     * The keys of the section and of {@code vasp.job}; workflow, lock and corrections are read by
     * {@code org.xtalflow.vasp.errors.RunPolicy}.
     */
    public static final List<String> KEYS =
            List.of("input_set", "overrides", "potcar_dir", "scheduler", "job", "workflow", "lock", "corrections");

    public static final List<String> JOB_KEYS = JobResources.KEYS;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public VaspSettings {
        overrides = overrides == null ? Map.of() : Map.copyOf(overrides);
    }

    public static VaspSettings defaults() {
        return new VaspSettings("relax", Map.of(), null, BatchSystem.SLURM, JobResources.defaults());
    }

    /** Reads the vasp section; a file without one gives the defaults. */
    public static VaspSettings load(Path confFile) {
        return of(ConfigFile.read(confFile).get("vasp"), confFile);
    }

    /**
     * The section from the configuration's tree ({@code section} may be null: the defaults). Unknown
     * keys and bad values are a {@link ConfigurationException} naming the file and the key.
     */
    @SuppressWarnings("unchecked")
    public static VaspSettings of(JsonNode section, Path confFile) {
        if (section == null || !section.isObject()) {
            return defaults();
        }
        ConfigKeys.requireKnown(confFile, "vasp", section, KEYS);
        ConfigKeys.requireKnown(confFile, "vasp.job", section.get("job"), JOB_KEYS);
        Map<String, Object> v = MAPPER.convertValue(section, Map.class);
        try {
            VaspSettings d = defaults();
            Object potcar = v.get("potcar_dir");
            Object overrides = v.get("overrides");
            if (overrides != null && !(overrides instanceof Map)) {
                throw new VaspInputException("vasp.overrides must map set names to overrides");
            }
            return new VaspSettings(
                    v.get("input_set") == null
                            ? d.inputSet()
                            : v.get("input_set").toString(),
                    (Map<String, Map<String, Object>>) overrides,
                    potcar == null || potcar.toString().isBlank() ? null : Path.of(potcar.toString()),
                    v.get("scheduler") == null
                            ? d.scheduler()
                            : scheduler(v.get("scheduler").toString()),
                    JobResources.fromMap((Map<String, ?>) v.get("job")));
        } catch (VaspInputException | ClassCastException | ConfigurationException e) {
            throw new ConfigurationException(confFile + ": vasp section: " + e.getMessage(), e);
        }
    }

    /** {@code vasp.scheduler}: the job-script flavour, slurm or pbs. */
    public static BatchSystem scheduler(String name) {
        BatchSystem b = BatchSystem.parse(name);
        if (b == null || b == BatchSystem.LOCAL) {
            throw new VaspInputException("unknown scheduler '" + name + "' (known: slurm, pbs)");
        }
        return b;
    }

    /**
     * The input set named by {@code nameOrFile} (relax, static, MPRelaxSet, MPStaticSet or a yaml
     * file) with this configuration's overrides for that name applied.
     */
    public VaspInputSet inputSet(String nameOrFile) {
        Path p = Path.of(nameOrFile);
        InputSetConfig base = (nameOrFile.endsWith(".yaml") || nameOrFile.endsWith(".yml") || Files.isRegularFile(p))
                ? InputSetConfig.fromFile(p)
                : InputSetConfig.bundled(nameOrFile);
        Map<String, Object> o = overrides.get(nameOrFile);
        return new VaspInputSet(base.withOverrides(o));
    }
}
