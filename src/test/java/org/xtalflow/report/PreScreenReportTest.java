package org.xtalflow.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.campaign.CandidatePrediction;
import org.xtalflow.campaign.CandidateState;

class PreScreenReportTest {

    static CandidatePrediction row(String id, CandidateState s, double ef, double eh, Double dftEf, Double dftEh) {
        return new CandidatePrediction(
                id,
                s,
                "BaRuO3",
                ef,
                eh,
                "{\"formation_energy_per_atom\":" + ef + ",\"band_gap\":1.25,\"metal_probability\":0.4}",
                dftEf,
                dftEh);
    }

    @Test
    void harvestedCandidatesGetAParityPlotMaeAndRecall() throws Exception {
        Path dir = java.nio.file.Files.createDirectories(Path.of("target", "prescreen-report-test")); // kept to look at
        List<CandidatePrediction> rows = List.of(
                row("c-1", CandidateState.HARVESTED, -1.60, -0.02, -1.70, 0.0),
                row("c-2", CandidateState.HARVESTED, -1.20, 0.30, -1.45, 0.0), // DFT-stable, predicted above 0.25
                row("c-3", CandidateState.HARVESTED, -0.90, 0.20, -0.80, 0.40),
                row("c-4", CandidateState.REJECTED, -0.10, 0.90, null, null));
        String md = PreScreenReport.section(rows, 0.25, dir);
        assertThat(md)
                .contains("## Pre-screen predictions (CGCNN)")
                .contains("3 harvested: MAE of the predicted formation energy 0.150 eV/atom")
                .contains("Of 2 DFT-stable")
                .contains("keeps 1 (recall 0.50), dropping 1")
                .contains("| c-4 | REJECTED | BaRuO3 | -0.100 | 0.900 | 1.250 | 0.400 |  |  |")
                .contains("![prescreen_parity.png](prescreen_parity.png)");
        BufferedImage png = ImageIO.read(dir.resolve(PreScreenReport.FIGURE).toFile());
        assertThat(png.getWidth()).isGreaterThanOrEqualTo(800);
    }

    @Test
    void beforeHarvestOnlyThePredictionsAndNoPlot(@TempDir Path dir) throws Exception {
        String md =
                PreScreenReport.section(List.of(row("c-1", CandidateState.PREPARED, -1.6, 0.0, null, null)), 0.25, dir);
        assertThat(md).contains("No pre-screened candidate harvested yet").contains("| c-1 | PREPARED |");
        assertThat(dir.resolve(PreScreenReport.FIGURE)).doesNotExist();
        assertThat(PreScreenReport.section(List.of(), 0.25, dir)).isEmpty();
    }
}
