package org.xtalflow.cli;

import org.xtalflow.camel.AppSettings;
import org.xtalflow.camel.CampaignSpec;
import org.xtalflow.camel.CampaignSpecParser;
import org.xtalflow.crystal.io.BadInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Builds a campaign spec from CLI options with the same parser and checks as the inbox. */
final class CampaignSpecs {
    private CampaignSpecs() {}

    static CampaignSpec fromOptions(AppSettings settings, List<String> elements, Path specFile, Integer samples, String generator,
                                     String cluster, Long seed) {
        CampaignSpecParser parser = new CampaignSpecParser(settings.defaults());
        CampaignSpec s;
        if (specFile != null) {
            if (elements != null) {
                throw new IllegalArgumentException("give --elements or --spec, not both");
            }
            try {
                s = parser.parse(specFile.toString(), Files.readString(specFile));
            } catch (IOException e) {
                throw new BadInputException(specFile.toString(), 0, "cannot read: " + e.getMessage(), e);
            }
        } else if (elements != null && !elements.isEmpty()) {
            s = parser.parse("--elements", String.join("\n", elements));
            s = new CampaignSpec(String.join("_", s.systemLabels()), s.systems(), s.spaceGroups(), s.samples(), s.generator(),
                    s.screening(), s.inputSet(), s.cluster(), s.priority(), "cli", s.seed());
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
            throw new IllegalArgumentException("unknown cluster '" + cluster + "'; configured: " + settings.defaults().clusters());
        }
        if (generator != null && !settings.defaults().elementsPerGenerator().containsKey(generator)
                && !java.nio.file.Files.isDirectory(Path.of(generator))) {
            throw new IllegalArgumentException("unknown generator '" + generator + "'; known: "
                    + settings.defaults().elementsPerGenerator().keySet() + " or a model folder");
        }
        return new CampaignSpec(s.name(), s.systems(), s.spaceGroups(), samples != null ? samples : s.samples(),
                generator != null ? generator : s.generator(),
                s.screening(), s.inputSet(), cluster != null ? cluster : s.cluster(), s.priority(), s.source(), seed != null ? seed : s.seed());
    }
}
