package org.xtalflow.camel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import org.xtalflow.campaign.CampaignSpec;
import org.xtalflow.campaign.CampaignSpecParser;
import org.xtalflow.crystal.io.BadInputException;

/**
 * Bean {@code nightly}: builds the spec of tonight's campaign from the element list named in
 * conf (application.nightly.elements_file, same text format as the inbox). The file is read at
 * each firing, so edits take effect the next night without a restart.
 */
public final class NightlyBean {

    private final CampaignSpecParser parser;
    private final Path elementsFile;
    private final int samples;
    private final ZoneId zone;

    public NightlyBean(CampaignSpecParser parser, Path elementsFile, int samples, ZoneId zone) {
        this.parser = parser;
        this.elementsFile = elementsFile;
        this.samples = samples;
        this.zone = zone;
    }

    /** Tonight's spec; a missing or bad list raises {@link BadInputException} (recorded by the route). */
    public CampaignSpec spec() {
        String text;
        try {
            text = Files.readString(elementsFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException(
                    elementsFile.toString(), 0, "cannot read the nightly element list: " + e.getMessage(), e);
        }
        CampaignSpec s = parser.parse(elementsFile.toString(), text);
        return new CampaignSpec(
                "nightly-" + LocalDate.now(zone),
                s.systems(),
                s.spaceGroups(),
                samples,
                s.generator(),
                s.screening(),
                s.inputSet(),
                s.cluster(),
                s.priority(),
                "nightly",
                s.seed());
    }
}
