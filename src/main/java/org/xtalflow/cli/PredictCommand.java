package org.xtalflow.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.xtalflow.crystal.io.BadInputException;
import org.xtalflow.crystal.io.CifReader;
import org.xtalflow.crystal.io.CifStructure;
import org.xtalflow.predict.CgcnnPredictor;
import org.xtalflow.predict.CgcnnProperty;
import org.xtalflow.predict.CrystalGraph;
import org.xtalflow.predict.PredictedHull;
import org.xtalflow.predict.PropertyPrediction;
import org.xtalflow.screen.KnownStructures;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Predicts properties of CIF structures with the pretrained CGCNN models: one line per structure
 * (per data block). A file that fails is reported (with --json as {"file", "error"} in line) and
 * the others go on; the exit code is 1 if any failed.
 */
@Command(
        name = "predict",
        mixinStandardHelpOptions = true,
        footer = {"%nExample:", "  bin/xtalflow predict --json ../shared/data/mp_groundstates/cifs/mp-1000.cif"},
        description = {
            "Predict properties of crystals with the pretrained CGCNN models (Xie & Grossman 2018; "
                    + "trained on Materials Project 2017 ground states: a pre-screen, not a substitute for DFT).",
            "Keys: formation_energy_per_atom (eV/atom), energy_per_atom (eV/atom), band_gap (eV), efermi (eV), "
                    + "bulk_modulus_log10_gpa, shear_modulus_log10_gpa, poisson_ratio, metal_probability."
        })
public final class PredictCommand implements Callable<Integer> {

    /** Structures predicted per batch (keeps memory flat for long file lists). */
    private static final int CHUNK = 1024;

    @Parameters(arity = "1..*", paramLabel = "CIF", description = "CIF files")
    List<Path> files;

    @Option(names = "--json", description = "One JSON object per line and structure.")
    boolean json;

    @Option(
            names = "--models",
            paramLabel = "LIST",
            defaultValue = "all",
            description = "Comma-separated models: formation_energy, energy, band_gap, efermi, bulk_modulus, "
                    + "shear_modulus, poisson_ratio, metal, or all (default).")
    String models;

    @Option(
            names = "--hull",
            description = "Also the predicted energy above the hull (e_above_hull_predicted, eV/atom; "
                    + "negative below it) against the bundled Materials Project ground states of the structure's chemical "
                    + "system, predicted by the same model (adds the formation-energy model).")
    boolean hull;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private static final ObjectMapper JSON = new ObjectMapper();

    private PredictedHull predictedHull;

    private record Item(Path file, String block, CifStructure structure, CrystalGraph graph) {}

    @Override
    public Integer call() {
        Set<CgcnnProperty> chosen;
        try {
            chosen = CgcnnProperty.parseList(models);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--models: " + e.getMessage());
        }
        if (hull) {
            chosen = new java.util.HashSet<>(chosen);
            chosen.add(CgcnnProperty.FORMATION_ENERGY);
        }
        PrintStream out = System.out;
        int failed = 0;
        CifReader reader = new CifReader();
        try (CgcnnPredictor predictor = CgcnnPredictor.open(java.util.EnumSet.copyOf(chosen))) {
            predictedHull = hull ? new PredictedHull(predictor, KnownStructures.builtin()) : null;
            List<Item> chunk = new ArrayList<>();
            for (Path f : files) {
                List<Item> items = new ArrayList<>();
                try {
                    List<CifStructure> read = reader.read(f);
                    for (CifStructure cs : read) {
                        items.add(new Item(f, read.size() > 1 ? cs.blockName() : null, cs, graph(f, cs)));
                    }
                } catch (BadInputException e) {
                    failed++;
                    flush(out, predictor, chunk);
                    InputErrors.report(out, json, f, e);
                    continue;
                }
                chunk.addAll(items);
                if (chunk.size() >= CHUNK) {
                    flush(out, predictor, chunk);
                }
            }
            flush(out, predictor, chunk);
        }
        return failed == 0 ? Main.EXIT_OK : Main.EXIT_INPUT_FAILED;
    }

    private static CrystalGraph graph(Path f, CifStructure cs) {
        try {
            return CrystalGraph.of(cs.structure());
        } catch (IllegalArgumentException e) {
            String where = cs.blockName() == null ? "" : "data_" + cs.blockName() + ": ";
            throw new BadInputException(f.toString(), 0, where + e.getMessage(), e);
        }
    }

    /** Predicts and prints the pending items in file order. */
    private void flush(PrintStream out, CgcnnPredictor predictor, List<Item> chunk) {
        if (chunk.isEmpty()) {
            return;
        }
        List<CrystalGraph> graphs = new ArrayList<>(chunk.size());
        for (Item it : chunk) {
            graphs.add(it.graph());
        }
        List<PropertyPrediction> predictions = predictor.predict(graphs);
        for (int i = 0; i < chunk.size(); i++) {
            print(out, chunk.get(i), predictions.get(i));
        }
        chunk.clear();
    }

    private void print(PrintStream out, Item it, PropertyPrediction p) {
        PredictedHull.Estimate e = predictedHull == null
                ? null
                : predictedHull.estimate(
                        it.structure().structure().composition(), p.get(CgcnnProperty.FORMATION_ENERGY));
        if (json) {
            ObjectNode o = JSON.createObjectNode();
            o.put("file", it.file().toString());
            if (it.block() != null) {
                o.put("block", it.block());
            }
            o.put("formula", it.structure().structure().composition().reducedFormula());
            p.values().forEach((k, v) -> o.put(k.key(), v));
            if (e != null) {
                o.put("predicted_hull_energy_per_atom", e.hullEnergyPerAtom());
                o.put("e_above_hull_predicted", e.eAboveHull());
                o.putPOJO("predicted_decomposition", e.decomposition());
            }
            out.println(o);
        } else {
            StringBuilder sb = new StringBuilder();
            sb.append(it.file());
            if (it.block() != null) {
                sb.append('#').append(it.block());
            }
            sb.append("  ").append(it.structure().structure().composition().reducedFormula());
            p.values()
                    .forEach((k, v) -> sb.append(String.format(
                            Locale.ROOT,
                            "  %s=%.4f%s",
                            k.key(),
                            v,
                            k.unit().isEmpty() || k.unit().equals("probability") ? "" : " " + k.unit())));
            if (e != null) {
                sb.append(String.format(Locale.ROOT, "  e_above_hull_predicted=%.4f eV/atom", e.eAboveHull()));
            }
            out.println(sb);
        }
    }
}
