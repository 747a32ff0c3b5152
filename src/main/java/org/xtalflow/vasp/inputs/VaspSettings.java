package org.xtalflow.vasp.inputs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

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
public record VaspSettings(String inputSet, Map<String, Map<String, Object>> overrides, Path potcarDir,
                           Scheduler scheduler, JobResources job) {

    private static final List<String> KEYS = List.of("input_set", "overrides", "potcar_dir", "scheduler", "job",
            "workflow", "lock", "corrections"); // the last three: org.xtalflow.vasp.errors.RunPolicy

    public VaspSettings {
        overrides = overrides == null ? Map.of() : Map.copyOf(overrides);
    }

    public static VaspSettings defaults() {
        return new VaspSettings("relax", Map.of(), null, Scheduler.SLURM, JobResources.defaults());
    }

    /** Reads the vasp section; a file without one gives the defaults. */
    @SuppressWarnings("unchecked")
    public static VaspSettings load(Path confFile) {
        Map<String, Object> root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readValue(Files.readAllBytes(confFile), Map.class);
        } catch (IOException e) {
            throw new VaspInputException(confFile + ": cannot read configuration: " + e.getMessage(), e);
        }
        if (root == null || !(root.get("vasp") instanceof Map<?, ?> section)) {
            return defaults();
        }
        Map<String, Object> v = (Map<String, Object>) section;
        for (String k : v.keySet()) {
            if (!KEYS.contains(k)) {
                throw new VaspInputException(confFile + ": unknown key vasp." + k + " (known: " + KEYS + ")");
            }
        }
        try {
            VaspSettings d = defaults();
            Object potcar = v.get("potcar_dir");
            Object overrides = v.get("overrides");
            if (overrides != null && !(overrides instanceof Map)) {
                throw new VaspInputException("vasp.overrides must map set names to overrides");
            }
            return new VaspSettings(v.get("input_set") == null ? d.inputSet() : v.get("input_set").toString(),
                    (Map<String, Map<String, Object>>) overrides,
                    potcar == null || potcar.toString().isBlank() ? null : Path.of(potcar.toString()),
                    v.get("scheduler") == null ? d.scheduler() : Scheduler.of(v.get("scheduler").toString()),
                    JobResources.fromMap((Map<String, ?>) v.get("job")));
        } catch (VaspInputException | ClassCastException e) {
            throw new VaspInputException(confFile + ": vasp section: " + e.getMessage(), e);
        }
    }

    /**
     * The input set named by {@code nameOrFile} (relax, static, MPRelaxSet, MPStaticSet or a yaml
     * file) with this configuration's overrides for that name applied.
     */
    public VaspInputSet inputSet(String nameOrFile) {
        Path p = Path.of(nameOrFile);
        InputSetConfig base = (nameOrFile.endsWith(".yaml") || nameOrFile.endsWith(".yml") || Files.isRegularFile(p))
                ? InputSetConfig.fromFile(p) : InputSetConfig.bundled(nameOrFile);
        Map<String, Object> o = overrides.get(nameOrFile);
        return new VaspInputSet(base.withOverrides(o));
    }
}
