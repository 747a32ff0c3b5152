package org.xtalflow.fuzz;

import java.nio.charset.StandardCharsets;
import org.xtalflow.campaign.CampaignDefaults;
import org.xtalflow.campaign.CampaignSpecParser;
import org.xtalflow.crystal.io.BadInputException;

/**
 * Jazzer target: the campaign spec parser (an element list or a YAML/JSON spec as dropped into
 * the inbox), under the name "spec.yaml" or "systems.txt" by the first byte. Any input either
 * reads or ends in the reader's typed error; anything else (another exception, an
 * OutOfMemoryError, a hang) is a finding. Run with {@code scripts/fuzz.sh CampaignSpecFuzz}; its
 * corpus and crashes replay in {@link FuzzRegressionTest}.
 */
public final class CampaignSpecFuzz {
    private static final CampaignSpecParser PARSER = new CampaignSpecParser(CampaignDefaults.standard());

    private CampaignSpecFuzz() {}

    /** Called by Jazzer once before fuzzing, outside the per-input timeout. */
    public static void fuzzerInitialize() {
        FuzzFiles.warmUp();
    }

    public static void fuzzerTestOneInput(byte[] data) {
        if (data.length == 0) {
            return;
        }
        String name = (data[0] & 1) == 0 ? "spec.yaml" : "systems.txt";
        try {
            PARSER.parse(name, new String(data, 1, data.length - 1, StandardCharsets.UTF_8));
        } catch (BadInputException expected) {
            // the one exception a bad file may raise
        }
    }
}
