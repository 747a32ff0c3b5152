package org.xtalflow.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.xtalflow.campaign.XtalflowConfig;
import org.xtalflow.config.ConfigurationException;
import org.xtalflow.generate.Condition;
import org.xtalflow.generate.ConditionSampler;
import org.xtalflow.generate.Generator;
import org.xtalflow.generate.Generators;
import org.xtalflow.predict.CgcnnPredictor;
import org.xtalflow.predict.CgcnnProperty;
import org.xtalflow.predict.PredictedHull;
import org.xtalflow.predict.PredictedStability;
import org.xtalflow.screen.KnownStructures;
import org.xtalflow.screen.ScreeningConfig;
import org.xtalflow.screen.ScreeningPipeline;
import org.xtalflow.train.GeneratorEvaluation;
import org.xtalflow.train.TrainingMaterial;
import org.xtalflow.train.TrainingSet;
import org.xtalflow.train.WganTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * PGCGM's Table 1 metrics for one or more generators on identical conditions (same element
 * triples and space groups, same seed), against held-out real structures of the training split.
 */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        footer = {"%nExample:", "  bin/xtalflow evaluate --generator pgcgm,random --samples 50"},
        description =
                "Generator metrics (PGCGM Table 1): merge survival, space-group retention, distance and charge "
                        + "validity, composition diversity, survival after screening, Wasserstein distances to held-out real structures.")
public final class EvaluateCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--generator",
            split = ",",
            defaultValue = "pgcgm,random",
            paramLabel = "pgcgm|random|DIR",
            description = "Generators to compare (comma-separated or repeated). Default: ${DEFAULT-VALUE}")
    List<String> generators;

    @Option(
            names = "--samples",
            defaultValue = "200",
            description = "Samples per generator (3 structures each). Default: ${DEFAULT-VALUE}")
    int samples;

    @Option(names = "--seed", defaultValue = "1", description = "Seed. Default: ${DEFAULT-VALUE}")
    long seed;

    @Option(
            names = "--data",
            paramLabel = "FILE",
            description = "Training set whose validation split is the real reference (default: the shipped set).")
    Path data;

    @Option(
            names = "--validation-fraction",
            defaultValue = "0.1",
            description = "Validation fraction of the split. Default: ${DEFAULT-VALUE}")
    double validationFraction;

    @Option(
            names = "--config",
            paramLabel = "YAML",
            defaultValue = "conf/xtalflow.yaml",
            description = "Configuration (screening section).")
    Path config;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON.")
    Path json;

    @Option(
            names = "--no-predict",
            description = "Skip the PREDICTED stable share and S.U.N. rate of the merged structures (CGCNN formation "
                    + "energy against the predicted hull of the bundled MP ground states; on by default).")
    boolean noPredict;

    @Override
    public Integer call() throws IOException {
        try {
            List<TrainingMaterial> set = data != null ? TrainingSet.read(data) : TrainingSet.readDefault();
            List<TrainingMaterial> held = new ArrayList<>();
            for (TrainingMaterial m : set) {
                if (WganTrainer.isValidation(m.id(), validationFraction)) {
                    held.add(m);
                }
            }
            var real = GeneratorEvaluation.structures(held);
            ScreeningConfig sc =
                    Files.isRegularFile(config) ? XtalflowConfig.load(config).screening() : ScreeningConfig.defaults();
            // Conditions come from the first generator's vocabulary so every generator sees the same ones.
            List<Condition> conds = null;
            List<GeneratorEvaluation.Result> results = new ArrayList<>();
            try (CgcnnPredictor predictor =
                    noPredict ? null : CgcnnPredictor.open(java.util.Set.of(CgcnnProperty.FORMATION_ENERGY))) {
                PredictedStability stability = predictor == null
                        ? null
                        : new PredictedStability(predictor, new PredictedHull(predictor, KnownStructures.builtin()));
                for (String name : generators) {
                    try (Generator g = Generators.open(name);
                            ScreeningPipeline p = ScreeningPipeline.fromConfig(sc)) {
                        if (conds == null) {
                            conds = new ConditionSampler(g.spec()).draw(samples, null, null, seed);
                        }
                        try (ProgressBar bar =
                                ProgressBar.start("evaluating " + name, 3L * conds.size(), "structures")) {
                            results.add(GeneratorEvaluation.evaluate(g, conds, seed, p, real, bar::set, stability));
                        }
                    }
                }
            }
            print(results, spec.commandLine().getOut());
            if (json != null) {
                ArrayNode arr = new ObjectMapper().createArrayNode();
                results.forEach(r -> arr.add(r.toJson()));
                new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(json.toFile(), arr);
            }
            return Main.EXIT_OK;
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage(), e); // e.g. an unknown generator: exit 3
        }
    }

    private static void print(List<GeneratorEvaluation.Result> rs, java.io.PrintWriter out) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "| %-34s |", "metric"));
        rs.forEach(r -> sb.append(String.format(Locale.ROOT, " %-18s |", r.generator())));
        sb.append('\n').append("|").append("-".repeat(36)).append("|");
        rs.forEach(r -> sb.append("-".repeat(20)).append("|"));
        sb.append('\n');
        row(sb, rs, "structures (3 per sample)", r -> String.valueOf(r.structures()));
        row(sb, rs, "merge survival", r -> pct(r.mergeSurvival()));
        row(sb, rs, "space-group retention", r -> pct(r.spaceGroupRetention()));
        row(sb, rs, "distance validity (min d > 0.5 Å)", r -> pct(r.distanceValidity()));
        row(sb, rs, "charge validity", r -> pct(r.chargeValidity()));
        row(sb, rs, "composition diversity", r -> pct(r.compositionDiversity()));
        row(sb, rs, "survival after screening", r -> pct(r.screeningSurvival()) + " (" + r.survivors() + ")");
        row(sb, rs, "W1 min distance (Å)", r -> num(r.wMinDistance()));
        row(sb, rs, "W1 max distance (Å)", r -> num(r.wMaxDistance()));
        row(sb, rs, "W1 density (g/cm³)", r -> num(r.wDensity()));
        row(sb, rs, "held-out real structures", r -> String.valueOf(r.realStructures()));
        row(sb, rs, "unique (of merged; screen matcher)", r -> pct(r.uniqueRate()));
        row(sb, rs, "novel (of merged; vs known)", r -> pct(r.novelRate()));
        row(sb, rs, "PREDICTED stable (≤ 0.1 eV/atom)", r -> predicted(r, false));
        row(sb, rs, "PREDICTED S.U.N.", r -> predicted(r, true));
        sb.append("predicted stable / S.U.N. (CGCNN, of merged): ")
                .append(
                        rs.isEmpty()
                                ? GeneratorEvaluation.NO_PREDICTION
                                : rs.get(0).stability())
                .append('\n');
        out.print(sb);
        out.flush();
    }

    private static void row(
            StringBuilder sb,
            List<GeneratorEvaluation.Result> rs,
            String name,
            java.util.function.Function<GeneratorEvaluation.Result, String> f) {
        sb.append(String.format(Locale.ROOT, "| %-34s |", name));
        rs.forEach(r -> sb.append(String.format(Locale.ROOT, " %-18s |", f.apply(r))));
        sb.append('\n');
    }

    private static String predicted(GeneratorEvaluation.Result r, boolean sun) {
        PredictedStability.Result p = r.predicted();
        if (p == null) {
            return "n/a";
        }
        return PredictedStability.Result.share(sun ? p.sun() : p.stable(), p.structures());
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
    }
}
