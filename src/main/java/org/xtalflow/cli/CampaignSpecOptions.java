package org.xtalflow.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.xtalflow.campaign.AppSettings;
import org.xtalflow.campaign.CampaignSpec;
import org.xtalflow.campaign.CampaignSpecParser;
import org.xtalflow.crystal.io.BadInputException;
import picocli.CommandLine.Option;

/**
 * The options that describe one campaign on the command line ({@code run --once},
 * {@code campaign start}), turned into a spec with the same parser and checks as the inbox.
 */
final class CampaignSpecOptions {

    @Option(
            names = "--elements",
            paramLabel = "SYSTEM",
            split = ";",
            description = "Chemical system(s), e.g. Ba,Ru,O or \"Ba Ru O;Sr Ti O\".")
    List<String> elements;

    @Option(
            names = "--spec",
            paramLabel = "FILE",
            description = "A campaign spec file (text, YAML or JSON, as for the inbox).")
    Path specFile;

    @Option(names = "--samples", paramLabel = "N", description = "Generator samples per system (default from conf).")
    Integer samples;

    @Option(
            names = "--generator",
            paramLabel = "NAME",
            description =
                    "pgcgm (the product's model), random (symmetric random baseline) or a model folder (default from conf).")
    String generator;

    @Option(
            names = "--cluster",
            paramLabel = "NAME",
            description = "Cluster profile to submit to (default: prepare into the outbox only).")
    String cluster;

    @Option(
            names = "--seed",
            paramLabel = "N",
            description =
                    "Sampling seed 0..2^63-1 (default: the spec's, conf's application.defaults.seed, else derived from the campaign id).")
    Long seed;

    @Option(
            names = "--engine",
            paramLabel = "vasp|gpaw",
            description = "DFT engine (default: the spec's, else the cluster profile's engine, else vasp).")
    String engine;

    @Option(
            names = "--input-set",
            paramLabel = "NAME",
            description =
                    "Input set of the engine: VASP relax/static/MPRelaxSet/a yaml; GPAW relax (GpawRelaxSet), test (GpawTestSet) or a yaml.")
    String inputSet;

    /** Whether any of these options was given. */
    boolean anyGiven() {
        return elements != null
                || specFile != null
                || samples != null
                || generator != null
                || cluster != null
                || seed != null
                || engine != null
                || inputSet != null;
    }

    /** {@link #toSpec}, with a bad spec or contradicting options as a usage error (exit 2). */
    CampaignSpec toSpecOrUsageError(AppSettings settings) {
        try {
            return toSpec(settings);
        } catch (BadInputException | IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }

    /**
     * The campaign these options describe.
     *
     * @throws BadInputException        for a spec file that cannot be read or parsed (names file and line)
     * @throws IllegalArgumentException for options that contradict each other or name unknown things
     */
    CampaignSpec toSpec(AppSettings settings) {
        CampaignSpecParser parser = new CampaignSpecParser(settings.defaults());
        CampaignSpec s;
        if (specFile != null) {
            if (elements != null) {
                throw new IllegalArgumentException("give --elements or --spec, not both");
            }
            try {
                // --generator reaches the parser: the random baseline takes elements the model does not know
                s = parser.parse(specFile.toString(), Files.readString(specFile), generator);
            } catch (IOException e) {
                throw new BadInputException(specFile.toString(), 0, "cannot read: " + e.getMessage(), e);
            }
        } else if (elements != null && !elements.isEmpty()) {
            s = parser.parse("--elements", String.join("\n", elements), generator);
            s = new CampaignSpec(
                    String.join("_", s.systemLabels()),
                    s.systems(),
                    s.spaceGroups(),
                    s.samples(),
                    s.generator(),
                    s.screening(),
                    s.inputSet(),
                    s.cluster(),
                    s.priority(),
                    "cli",
                    s.seed());
        } else {
            throw new IllegalArgumentException("give --elements (e.g. Ba,Ru,O) or --spec FILE");
        }
        if (samples != null && samples < 1) {
            throw new IllegalArgumentException("--samples must be at least 1, got " + samples);
        }
        if (seed != null && seed < 0) {
            throw new IllegalArgumentException("--seed must be a whole number 0.." + Long.MAX_VALUE + ", got " + seed);
        }
        if (cluster != null && !settings.defaults().clusters().contains(cluster)) {
            throw new IllegalArgumentException("unknown cluster '" + cluster + "'; configured: "
                    + settings.defaults().clusters());
        }
        if (generator != null
                && !settings.defaults().elementsPerGenerator().containsKey(generator)
                && !Files.isDirectory(Path.of(generator))) {
            throw new IllegalArgumentException("unknown generator '" + generator + "'; known: "
                    + settings.defaults().elementsPerGenerator().keySet() + " or a model folder");
        }
        // an element the shipped model does not know is refused by the parser (with the 63 it knows)
        return new CampaignSpec(
                        s.name(),
                        s.systems(),
                        s.spaceGroups(),
                        samples != null ? samples : s.samples(),
                        generator != null ? generator : s.generator(),
                        s.screening(),
                        s.inputSet(),
                        cluster != null ? cluster : s.cluster(),
                        s.priority(),
                        s.source(),
                        seed != null ? seed : s.seed(),
                        engine != null ? org.xtalflow.dft.Engine.parse(engine).configName() : s.engine())
                .withEngine(
                        engine != null ? org.xtalflow.dft.Engine.parse(engine).configName() : s.engine(),
                        inputSet != null ? inputSet : s.inputSet());
    }
}
