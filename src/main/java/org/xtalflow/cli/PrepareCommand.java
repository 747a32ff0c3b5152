package org.xtalflow.cli;

import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.xtalflow.campaign.XtalflowConfig;
import org.xtalflow.config.BatchSystem;
import org.xtalflow.config.ConfigurationException;
import org.xtalflow.crystal.io.BadInputException;
import org.xtalflow.crystal.io.CifReader;
import org.xtalflow.crystal.io.CifStructure;
import org.xtalflow.crystal.io.StructureFiles;
import org.xtalflow.vasp.errors.RunPolicy;
import org.xtalflow.vasp.inputs.BundlePreparer;
import org.xtalflow.vasp.inputs.JobBundle;
import org.xtalflow.vasp.inputs.JobBundleWriter;
import org.xtalflow.vasp.inputs.PotcarLibrary;
import org.xtalflow.vasp.inputs.VaspInputException;
import org.xtalflow.vasp.inputs.VaspInputSet;
import org.xtalflow.vasp.inputs.VaspSettings;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Writes one VASP job bundle per structure (INCAR, KPOINTS, POSCAR, POTCAR or POTCAR.spec, job
 * script, manifest) and, with --pack, its deterministic tar.gz. A structure that fails is named on
 * stderr and the others go on (exit 1); a configuration or template problem stops everything (exit 3).
 */
@Command(
        name = "prepare",
        mixinStandardHelpOptions = true,
        footer = {
            "%nExample:",
            "  bin/xtalflow prepare src/main/resources/xtalflow/examples/BaTe_mp-1000.cif --out var/bundles"
        },
        description =
                "Prepare MP-compatible VASP job bundles (one directory per structure) from CIF or POSCAR/CONTCAR files.")
public final class PrepareCommand implements Callable<Integer> {

    @Parameters(
            arity = "1..*",
            paramLabel = "FILE",
            description = "CIF files (each data block becomes one candidate) "
                    + "or POSCAR/CONTCAR files (by name: POSCAR*, CONTCAR*, *.vasp)")
    List<Path> cifs;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for the bundles")
    Path out;

    @Option(
            names = "--set",
            paramLabel = "relax|static|FILE",
            description =
                    "Input set: relax (MPRelaxSet), static, or a yaml set file (default: vasp.input_set, else relax)")
    String set;

    static final class PotcarChoice {
        @Option(
                names = "--potcar-dir",
                paramLabel = "D",
                description =
                        "POTCAR library root holding POT_GGA_PAW_PBE/<symbol>/POTCAR[.gz|.Z] (default: vasp.potcar_dir)")
        Path potcarDir;

        @Option(
                names = "--no-potcar",
                description = "Write POTCAR.spec (assembled on the cluster) even if a library is configured")
        boolean noPotcar;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    PotcarChoice potcar;

    @Option(names = "--pack", description = "Also write <candidate>.tar.gz next to each bundle directory")
    boolean pack;

    @Option(
            names = "--scheduler",
            paramLabel = "slurm|pbs",
            description = "Job script flavour (default: vasp.scheduler, else slurm)")
    String scheduler;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "Configuration (default: conf/xtalflow.yaml when present)")
    Path config;

    @Option(
            names = "--templates",
            paramLabel = "DIR",
            description = "Templates directory holding jobs/ (default: ./templates, else the installation's)")
    Path templates;

    @Override
    public Integer call() {
        VaspSettings settings;
        VaspInputSet inputSet;
        JobBundleWriter writer;
        try {
            settings = loadSettings();
            inputSet = settings.inputSet(set != null ? set : settings.inputSet());
            PotcarLibrary library = null;
            if (potcar == null || !potcar.noPotcar) {
                Path dir = potcar != null && potcar.potcarDir != null ? potcar.potcarDir : settings.potcarDir();
                if (dir != null) {
                    if (!Files.isDirectory(dir)) {
                        throw new VaspInputException("POTCAR library " + dir + " is not a directory");
                    }
                    library = new PotcarLibrary(dir);
                }
            }
            BatchSystem sched = scheduler != null ? VaspSettings.scheduler(scheduler) : settings.scheduler();
            writer = new JobBundleWriter(
                    templatesDir(), sched, settings.job(), library, loadPolicy().jobFlow());
        } catch (VaspInputException | BadInputException e) {
            throw new ConfigurationException(e.getMessage(), e); // input set, POTCAR library, templates: exit 3
        }

        // the set was resolved above (a bad one is a configuration error, exit 3): the preparer uses it for every
        // structure
        VaspInputSet chosen = inputSet;
        String setName = set != null ? set : settings.inputSet();
        BundlePreparer preparer = new BundlePreparer(writer, name -> chosen, pack, false);
        CifReader reader = new CifReader();
        Map<String, Path> seen = new HashMap<>();
        int failed = 0;
        int written = 0;
        for (Path cif : cifs) {
            List<CifStructure> blocks;
            try {
                blocks = StructureFiles.read(cif, reader);
            } catch (BadInputException e) {
                System.err.println("error: " + e.getMessage());
                failed++;
                continue;
            }
            for (CifStructure cs : blocks) {
                String id = candidateId(cif, cs, blocks.size());
                Path earlier = seen.putIfAbsent(id, cif);
                if (earlier != null) {
                    // two inputs with one name would overwrite each other's bundle
                    System.err.println("error: " + cif + ": candidate id " + id + " is already taken by " + earlier
                            + " in this run; rename one of the files");
                    failed++;
                    continue;
                }
                try {
                    JobBundle b = preparer.prepare(id, cs.structure(), cs.declaredSpaceGroup(), setName, out);
                    written++;
                    System.out.println(
                            b.directory() + "  " + cs.structure().composition().reducedFormula() + "  "
                                    + String.join(" ", b.manifest().potcarSymbols()));
                } catch (BadInputException e) {
                    // a template problem hits every structure alike: stop
                    throw new ConfigurationException(e.getMessage(), e);
                } catch (VaspInputException | UncheckedIOException e) {
                    System.err.println("error: " + cif + " (" + id + "): " + e.getMessage());
                    failed++;
                }
            }
        }
        System.err.printf("prepare: %d bundle(s) written, %d failed%n", written, failed);
        return failed == 0 ? Main.EXIT_OK : Main.EXIT_INPUT_FAILED;
    }

    private VaspSettings loadSettings() {
        if (config != null) {
            return XtalflowConfig.load(config).vasp();
        }
        Path dflt = Path.of("conf", "xtalflow.yaml");
        return Files.isRegularFile(dflt) ? XtalflowConfig.load(dflt).vasp() : VaspSettings.defaults();
    }

    /** vasp.workflow and the walltime margin of the same configuration file. */
    private RunPolicy loadPolicy() {
        Path file = config != null ? config : Path.of("conf", "xtalflow.yaml");
        return config != null || Files.isRegularFile(file) ? RunPolicy.load(file) : RunPolicy.defaults();
    }

    private Path templatesDir() {
        if (templates != null) {
            return templates;
        }
        Path local = Path.of("templates");
        if (Files.isDirectory(local.resolve("jobs"))) {
            return local;
        }
        try {
            // the installation's templates/: target/classes (or the jar's folder) lies two levels below it
            Path code = Path.of(PrepareCommand.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            for (Path p = code; p != null; p = p.getParent()) {
                if (Files.isDirectory(p.resolve("templates").resolve("jobs"))) {
                    return p.resolve("templates");
                }
            }
        } catch (URISyntaxException | SecurityException e) {
            // fall through to the relative path, whose absence the writer reports by name
        }
        return local;
    }

    /**
     * The CIF's file stem; with several data blocks, stem_blockname. A file named just POSCAR or
     * CONTCAR takes its folder's name in front (run-12/CONTCAR → run-12_CONTCAR).
     */
    static String candidateId(Path cif, CifStructure cs, int blocks) {
        String name = cif.getFileName().toString();
        String stem = name.replaceFirst("\\.[A-Za-z]+$", "");
        Path parent = cif.toAbsolutePath().getParent();
        if ((name.equals("POSCAR") || name.equals("CONTCAR")) && parent != null && parent.getFileName() != null) {
            stem = parent.getFileName() + "_" + name;
        }
        String id = blocks > 1 ? stem + "_" + cs.blockName() : stem;
        id = id.replaceAll("[^A-Za-z0-9._-]", "_");
        return id.isEmpty() || !Character.isLetterOrDigit(id.charAt(0)) ? "c" + id : id;
    }
}
