package org.xtalflow.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.xtalflow.campaign.XtalflowConfig;
import org.xtalflow.crystal.Element;
import org.xtalflow.crystal.SpaceGroup;
import org.xtalflow.crystal.Structure;
import org.xtalflow.crystal.io.CifWriter;
import org.xtalflow.generate.Condition;
import org.xtalflow.generate.ConditionSampler;
import org.xtalflow.generate.GeneratedSample;
import org.xtalflow.generate.Generator;
import org.xtalflow.generate.Generators;
import org.xtalflow.generate.LatticePattern;
import org.xtalflow.generate.PgcgmTables;
import org.xtalflow.generate.SymmetryExpander;
import org.xtalflow.screen.Cell;
import org.xtalflow.screen.ScreeningConfig;
import org.xtalflow.screen.ScreeningPipeline;
import org.xtalflow.screen.Verdict;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Samples the generator, expands every coordinate set by its space group, optionally screens
 * (merge + filters), and writes one symmetrized CIF per structure plus summary.json.
 */
@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        footer = {"%nExample:", "  bin/xtalflow generate --elements Ba,Ru,O --samples 20 --screen --out var/generated"},
        description =
                "Sample crystals from a generator (the shipped PGCGM model, the random baseline or a model directory) and write "
                        + "symmetrized CIFs (3 per sample, PGCGM's _0/_1/_2 coordinate sets) and summary.json.")
public final class GenerateCommand implements Callable<Integer> {

    @Option(
            names = "--elements",
            split = ",",
            paramLabel = "A,B,C",
            description =
                    "Three distinct elements (default: drawn from the model's vocabulary per sample, as PGCGM does).")
    List<String> elements;

    @Option(
            names = "--space-group",
            paramLabel = "SYMBOL|NUMBER",
            description = "Space group, e.g. Pnma or 62 (default: drawn with the model's probabilities).")
    String spaceGroup;

    @Option(
            names = "--samples",
            defaultValue = "100",
            description = "Generator samples (each gives 3 structures). Default: ${DEFAULT-VALUE}")
    int samples;

    @Option(
            names = "--seed",
            defaultValue = "1",
            description = "Seed; the same seed gives the same output. Default: ${DEFAULT-VALUE}")
    long seed;

    @Option(
            names = "--generator",
            defaultValue = "pgcgm",
            paramLabel = "pgcgm|random|DIR",
            description = "pgcgm (the shipped model; 'default' is an alias), random (baseline) or a model directory. "
                    + "Default: ${DEFAULT-VALUE}")
    String generator;

    @Option(
            names = "--screen",
            description = "Merge near-duplicate atoms and run the screening filters; write survivors only.")
    boolean screen;

    @Option(
            names = "--config",
            paramLabel = "YAML",
            defaultValue = "conf/xtalflow.yaml",
            description = "Configuration (screening section for --screen). Default: ${DEFAULT-VALUE}")
    Path config;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (created).")
    Path out;

    @Override
    public Integer call() throws IOException {
        if (samples < 1) {
            throw new UsageException("--samples must be at least 1");
        }
        List<Element> triple = null;
        SpaceGroup sg = null;
        try {
            if (elements != null) {
                if (elements.size() != 3) {
                    throw new UsageException("--elements needs exactly 3 elements, got " + elements);
                }
                triple = new ArrayList<>();
                for (String e : elements) {
                    Element el = Element.of(e.trim());
                    PgcgmTables.get().features(el);
                    triple.add(el);
                }
            }
            if (spaceGroup != null) {
                sg = SpaceGroup.of(spaceGroup);
                LatticePattern.require(sg);
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        }
        long t0 = System.nanoTime();
        try (Generator g = Generators.open(generator)) {
            List<Condition> conds;
            try {
                conds = new ConditionSampler(g.spec()).draw(samples, triple, sg, seed);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage(), e);
            }
            List<GeneratedSample> gen;
            try (ProgressBar bar = ProgressBar.start("sampling", samples, "samples")) {
                gen = g.sample(conds, seed, bar::set);
            }
            double sampleSeconds = (System.nanoTime() - t0) / 1e9;
            Files.createDirectories(out);
            ScreeningPipeline pipeline = null;
            if (screen) {
                ScreeningConfig sc = Files.isRegularFile(config)
                        ? XtalflowConfig.load(config).screening()
                        : ScreeningConfig.defaults();
                pipeline = ScreeningPipeline.fromConfig(sc);
            }
            SymmetryExpander expander = new SymmetryExpander();
            int structures = 0;
            int written = 0;
            Map<String, Integer> writeFailures = new LinkedHashMap<>();
            ProgressBar bar = ProgressBar.start(screen ? "screening" : "writing", 3L * gen.size(), "structures");
            for (int k = 0; k < 3; k++) {
                SymmetryExpander.Batch batch = expander.expandBatch(gen, k);
                for (int i = 0; i < gen.size(); i++) {
                    structures++;
                    bar.step(1);
                    GeneratedSample s = gen.get(i);
                    SpaceGroup group = s.condition().spaceGroup();
                    Element[] sp = s.species();
                    int n = batch.atoms(i);
                    Element[] species = new Element[n];
                    int off = batch.offsets()[i];
                    for (int a = 0; a < n; a++) {
                        species[a] = sp[batch.element()[off + a]];
                    }
                    double[] frac = Arrays.copyOfRange(batch.frac(), 3 * off, 3 * (off + n));
                    Cell cell = new Cell(s.lattice(), species, frac, n);
                    String formula = cell.toStructure().composition().reducedFormula();
                    String id = String.format("%s_%d_%05d_%d", formula, group.number(), i + 1, k);
                    Structure toWrite;
                    if (pipeline != null) {
                        Verdict v = pipeline.screen(id, cell, group);
                        if (!v.passed()) {
                            continue;
                        }
                        toWrite = v.structure();
                    } else {
                        toWrite = cell.toStructure();
                    }
                    try {
                        Files.writeString(out.resolve(id + ".cif"), CifWriter.symmetrized(toWrite, group));
                        written++;
                    } catch (IllegalArgumentException e) {
                        writeFailures.merge("not symmetric in " + group.symbol(), 1, Integer::sum);
                    }
                }
            }
            bar.close();
            ObjectMapper om = new ObjectMapper();
            ObjectNode sum = om.createObjectNode();
            sum.put("generator", g.name());
            sum.put("seed", seed);
            sum.put("samples", samples);
            sum.put("structures", structures);
            sum.put("written", written);
            sum.put("screened", screen);
            if (triple != null) {
                sum.put(
                        "elements",
                        String.join(",", triple.stream().map(Element::symbol).toList()));
            }
            if (sg != null) {
                sum.put("space_group", sg.symbol() + " (" + sg.number() + ")");
            }
            Map<String, Integer> bySg = new LinkedHashMap<>();
            for (Condition c : conds) {
                bySg.merge(c.spaceGroup().symbol(), 1, Integer::sum);
            }
            sum.set("samples_by_space_group", om.valueToTree(bySg));
            if (pipeline != null) {
                sum.set("funnel", om.valueToTree(pipeline.funnel().toMap()));
                pipeline.close();
            }
            sum.set("write_failures", om.valueToTree(writeFailures));
            sum.put("sampling_seconds", sampleSeconds);
            sum.put("total_seconds", (System.nanoTime() - t0) / 1e9);
            om.writerWithDefaultPrettyPrinter()
                    .writeValue(out.resolve("summary.json").toFile(), sum);
            System.out.printf(
                    "%d samples -> %d structures -> %d CIFs in %s (%s)%n", samples, structures, written, out, g.name());
            return Main.EXIT_OK;
        }
    }
}
