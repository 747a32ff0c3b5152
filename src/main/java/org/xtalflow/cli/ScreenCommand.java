package org.xtalflow.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.xtalflow.campaign.XtalflowConfig;
import org.xtalflow.crystal.SpaceGroup;
import org.xtalflow.crystal.Structure;
import org.xtalflow.crystal.io.BadInputException;
import org.xtalflow.crystal.io.CifReader;
import org.xtalflow.crystal.io.CifStructure;
import org.xtalflow.crystal.io.CifWriter;
import org.xtalflow.predict.CgcnnPredictor;
import org.xtalflow.predict.CgcnnProperty;
import org.xtalflow.predict.PreScreen;
import org.xtalflow.predict.PreScreenConfig;
import org.xtalflow.predict.PredictedHull;
import org.xtalflow.report.PipelineFunnel;
import org.xtalflow.screen.Candidate;
import org.xtalflow.screen.Funnel;
import org.xtalflow.screen.KnownStructures;
import org.xtalflow.screen.ScreeningConfig;
import org.xtalflow.screen.ScreeningConfigException;
import org.xtalflow.screen.ScreeningPipeline;
import org.xtalflow.screen.Verdict;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Screens a folder of CIFs: merge, filters, survivors written as CIF to OUT_DIR with funnel.json.
 * A CIF that cannot be read is counted as an error in the funnel and named on stderr; the others
 * go on (exit 1 if any failed to read, 3 for a bad configuration).
 */
@Command(
        name = "screen",
        mixinStandardHelpOptions = true,
        footer = {
            "%nExample:",
            "  # (var/generated as written by: bin/xtalflow generate --samples 20 --out var/generated)",
            "  bin/xtalflow screen var/generated --out var/screened --keep-rejected"
        },
        subcommands = {ScreenCalibrateCommand.class},
        description = {
            "Screen CIFs: merge overlapping atoms, run the validity filters, de-duplicate, check novelty.",
            "Survivors are written to OUT_DIR as CIF, with funnel.json (counts per stage and reason)."
        })
public final class ScreenCommand implements Callable<Integer> {

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "IN_DIR",
            description = "Folder of CIF files (searched recursively).")
    Path in;

    @Option(names = "--out", paramLabel = "OUT_DIR", description = "Output folder.")
    Path out;

    @Option(
            names = "--keep-rejected",
            description = "Also write rejected structures to OUT_DIR/rejected/ with their reason.")
    boolean keepRejected;

    @Option(
            names = "--spacegroup-from-cif",
            description = {
                "Intended space group = the group the CIF declares "
                        + "(default; PGCGM's CIFs declare the group they were generated in).",
                "Files declaring none are errors."
            },
            defaultValue = "true")
    boolean spacegroupFromCif;

    @Option(
            names = "--spacegroup",
            paramLabel = "SG",
            description = "Intended space group for every file (symbol or number); overrides the CIF's.")
    String spacegroup;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "Configuration (default conf/xtalflow.yaml when present).")
    Path config;

    @Option(
            names = "--seen",
            paramLabel = "FILE",
            description = "Duplicate store carried across runs (overrides screening.duplicate.store).")
    Path seen;

    @Option(
            names = "--prescreen",
            description = {
                "Then the ML pre-screen (conf's prescreen section: CGCNN predictions, "
                        + "predicted E_above_hull, windows, top_n_per_system) on the survivors; only those that pass are written.",
                "Every survivor's predictions and verdict go to OUT_DIR/prescreen.jsonl."
            })
    boolean prescreen;

    @Override
    public Integer call() throws IOException {
        if (in == null || out == null) {
            throw new UsageException("screen needs IN_DIR and --out OUT_DIR (see xtalflow screen --help)");
        }
        ScreeningConfig cfg = loadConfig(config);
        SpaceGroup forced = null;
        if (spacegroup != null) {
            forced = SpaceGroup.find(spacegroup)
                    .orElseThrow(() ->
                            new ScreeningConfigException("--spacegroup: unknown space group '" + spacegroup + "'"));
        }
        if (seen != null) {
            cfg.duplicateStore = seen;
        }
        cfg.keepRejected = keepRejected;
        if (!Files.isDirectory(in)) {
            throw new UsageException(in + " is not a folder");
        }
        Files.createDirectories(out);
        Path rejectedDir = out.resolve("rejected");
        if (keepRejected) {
            Files.createDirectories(rejectedDir);
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(in)) {
            files = s.filter(p -> p.toString().toLowerCase(Locale.ROOT).endsWith(".cif"))
                    .sorted()
                    .toList();
        }
        CifReader reader = new CifReader();
        int failed = 0;
        List<PreScreen.Input> survivors = new ArrayList<>();
        try (ScreeningPipeline pipeline = ScreeningPipeline.fromConfig(cfg)) {
            Funnel funnel = pipeline.funnel();
            ProgressBar bar = ProgressBar.start("screening", files.size(), "files");
            for (Path f : files) {
                bar.step(1);
                List<CifStructure> blocks;
                try {
                    blocks = reader.read(f);
                } catch (BadInputException e) {
                    funnel.error("input.unreadable_cif");
                    System.err.println("error: " + e.getMessage());
                    failed++;
                    continue;
                }
                String base = in.relativize(f).toString().replace('/', '_');
                base = base.substring(0, base.length() - 4);
                for (CifStructure cs : blocks) {
                    String id = blocks.size() == 1 ? base : base + "_" + cs.blockName();
                    SpaceGroup sg = forced != null ? forced : cs.declaredSpaceGroup();
                    if (sg == null) {
                        funnel.error("input.no_spacegroup");
                        System.err.println("error: " + f + ": declares no space group; pass --spacegroup");
                        failed++;
                        continue;
                    }
                    Verdict v = pipeline.screen(new Candidate(id, cs.structure(), sg));
                    if (v.passed() && prescreen) {
                        survivors.add(new PreScreen.Input(id, v.structure()));
                    } else if (v.passed()) {
                        Files.writeString(out.resolve(id + ".cif"), CifWriter.p1(v.structure()));
                    } else if (keepRejected && v.structure() != null) {
                        Files.writeString(
                                rejectedDir.resolve(id + ".cif"),
                                "# rejected by " + v.filter() + " (" + v.reason() + "): "
                                        + v.detail().replace('\n', ' ') + "\n" + CifWriter.p1(v.structure()));
                    }
                }
            }
            if (prescreen) {
                writePreScreened(survivors, loadPreScreenConfig(config), rejectedDir);
            }
            bar.close();
            funnel.note("input", in.toString());
            // the counters as before, and the pipeline-order funnel the campaign report shows too
            Map<String, Object> doc = new LinkedHashMap<>(funnel.toMap());
            doc.put("funnel", PipelineFunnel.document(PipelineFunnel.fromScreening("total", funnel, 0), Map.of()));
            Files.writeString(
                    out.resolve("funnel.json"),
                    new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(doc) + "\n");
            System.out.printf(
                    Locale.ROOT,
                    "%d received, %d passed, %d rejected, %d errors; %s%n",
                    funnel.getReceived(),
                    funnel.getPassed(),
                    funnel.getRejected(),
                    funnel.getErrors(),
                    out.resolve("funnel.json"));
        }
        return failed == 0 ? Main.EXIT_OK : Main.EXIT_INPUT_FAILED;
    }

    /**
     * Pre-screens the survivors (one batch, so top_n_per_system counts over the whole folder):
     * passing ones written as CIF, every one's predictions and verdict in prescreen.jsonl.
     */
    private void writePreScreened(List<PreScreen.Input> survivors, PreScreenConfig pc, Path rejectedDir)
            throws IOException {
        java.util.Map<String, Long> counts = new java.util.TreeMap<>();
        StringBuilder lines = new StringBuilder();
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        try (CgcnnPredictor predictor = CgcnnPredictor.open(java.util.EnumSet.allOf(CgcnnProperty.class))) {
            PreScreen ps = new PreScreen(pc, predictor, new PredictedHull(predictor, KnownStructures.builtin()));
            List<PreScreen.Outcome> outcomes = ps.check(survivors);
            for (int i = 0; i < outcomes.size(); i++) {
                PreScreen.Outcome o = outcomes.get(i);
                Structure st = survivors.get(i).structure();
                counts.merge(o.passed() ? "prescreen.passed" : o.reason(), 1L, Long::sum);
                com.fasterxml.jackson.databind.node.ObjectNode n = json.createObjectNode();
                n.put("id", o.id());
                n.put("passed", o.passed());
                if (!o.passed()) {
                    n.put("reason", o.reason());
                    n.put("detail", o.detail());
                }
                if (o.prediction() != null) {
                    o.prediction().values().forEach((k, v) -> n.put(k.key(), v));
                    n.put("e_above_hull_predicted", o.hull().eAboveHull());
                    n.putPOJO("predicted_decomposition", o.hull().decomposition());
                }
                lines.append(n).append('\n');
                if (o.passed()) {
                    Files.writeString(out.resolve(o.id() + ".cif"), CifWriter.p1(st));
                } else if (keepRejected) {
                    Files.writeString(
                            rejectedDir.resolve(o.id() + ".cif"),
                            "# rejected by prescreen (" + o.reason() + "): "
                                    + o.detail().replace('\n', ' ') + "\n" + CifWriter.p1(st));
                }
            }
        }
        Files.writeString(out.resolve("prescreen.jsonl"), lines.toString());
        System.out.println("pre-screen: " + survivors.size() + " screened, " + counts);
    }

    /** conf's prescreen section (as {@link #loadConfig}), or the defaults. */
    static PreScreenConfig loadPreScreenConfig(Path config) {
        if (config != null) {
            return XtalflowConfig.load(config).prescreen();
        }
        Path def = Path.of("conf", "xtalflow.yaml");
        return Files.isRegularFile(def) ? XtalflowConfig.load(def).prescreen() : PreScreenConfig.defaults();
    }

    /** The given file (all of it checked), else conf/xtalflow.yaml when it exists, else the defaults. */
    static ScreeningConfig loadConfig(Path config) {
        if (config != null) {
            return XtalflowConfig.load(config).screening();
        }
        Path def = Path.of("conf", "xtalflow.yaml");
        return Files.isRegularFile(def) ? XtalflowConfig.load(def).screening() : ScreeningConfig.defaults();
    }
}
