package org.xtalflow.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.xtalflow.crystal.io.CifReader;
import org.xtalflow.crystal.io.CifStructure;
import org.xtalflow.screen.Candidate;
import org.xtalflow.screen.ScreeningConfig;
import org.xtalflow.screen.ScreeningPipeline;
import org.xtalflow.testing.SharedData;

class PipelineFunnelTest {

    /** A campaign-shaped funnel: 30 samples of one system through every stage. */
    static PipelineFunnel campaign() {
        return PipelineFunnel.builder("Ba-Ru-O")
                .start(PipelineFunnel.SAMPLES, 30)
                .expand(PipelineFunnel.STRUCTURES, 90)
                .stage(PipelineFunnel.MERGED, 90, Map.of(), 0)
                .stage("size", 74, Map.of("size.too_many_sites", 16L), 0)
                .stage("density", 62, Map.of("density.too_low", 12L), 0)
                .stage("distance", 51, Map.of("distance.too_close", 11L), 0)
                .stage("charge", 51, Map.of(), 0)
                .stage("spacegroup", 51, Map.of(), 0)
                .stage("duplicate", 1, Map.of("duplicate.this_run", 50L), 0)
                .stage("novelty", 1, Map.of(), 0)
                .stage(PipelineFunnel.PREPARED, 1, Map.of(), 0)
                .stage(PipelineFunnel.SUBMITTED, 1, Map.of(), 0)
                .stage(PipelineFunnel.FINISHED, 0, Map.of(), 1)
                .build();
    }

    @Test
    void stagesStayInPipelineOrderAndEveryStageAddsUp() {
        PipelineFunnel f = campaign();
        assertThat(f.stages())
                .extracting(PipelineFunnel.Stage::name)
                .containsExactly(
                        "samples",
                        "structures",
                        "merged",
                        "size",
                        "density",
                        "distance",
                        "charge",
                        "spacegroup",
                        "duplicate",
                        "novelty",
                        "prepared",
                        "submitted",
                        "finished");
        PipelineFunnel.Stage prev = null;
        for (PipelineFunnel.Stage s : f.stages()) {
            if (prev != null) {
                assertThat(s.in()).as(s.name()).isEqualTo(prev.out());
            }
            if (!s.expansion()) {
                assertThat(s.in()).as(s.name()).isEqualTo(s.out() + s.rejected() + s.pending());
            }
            prev = s;
        }
        assertThat(f.base()).isEqualTo(90);
        assertThat(f.shareLeft(f.stage("density"))).isEqualTo(62 / 90.0);
        assertThat(f.markdown()).contains("| density | 74 | 62 | 12 | 0 | 69% | density.too_low 12 |");
        assertThat(f.text().lines().count()).isEqualTo(14);
        assertThat(f.toMap().get("stages").toString()).contains("stage=finished, in=1, out=0, rejected=0, pending=1");
    }

    @Test
    void countsThatDoNotAddUpAreRefusedWithTheStageNamed() {
        assertThatThrownBy(() -> PipelineFunnel.builder("total")
                        .start("structures", 10)
                        .stage("size", 8, Map.of("size.too_many_sites", 5L), 0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("stage size")
                .hasMessageContaining("in 10 != out 8 + rejected 5 + pending 0");
    }

    @Test
    void theScreeningCountersGiveTheFiltersInTheirConfiguredOrder() {
        ScreeningConfig cfg = ScreeningConfig.defaults();
        cfg.spglib = "off";
        cfg.filters = List.of("novelty", "charge", "density", "size");
        CifReader reader = new CifReader();
        try (ScreeningPipeline p = ScreeningPipeline.fromConfig(cfg)) {
            for (String id : List.of("mp-22526", "mp-3597", "mp-841", "mp-1106367", "mp-18337")) {
                CifStructure cs = reader.read(SharedData.path("mp_groundstates", "cifs", id + ".cif"))
                        .get(0);
                p.screen(new Candidate(id, cs.structure(), cs.declaredSpaceGroup()));
            }
            PipelineFunnel f = PipelineFunnel.fromScreening("total", p.funnel(), 0);
            assertThat(f.stages())
                    .extracting(PipelineFunnel.Stage::name)
                    .containsExactly("structures", "merged", "novelty", "charge", "density", "size");
            assertThat(f.stage("structures").out()).isEqualTo(5);
            assertThat(f.stage("novelty").reasons()).containsEntry("novelty.known", 5L); // all real, all known
            assertThat(f.survivors()).isZero();
        }
    }

    @Test
    void everyReasonCodeTheFiltersEmitHasAGlossaryLine() throws Exception {
        Pattern code = Pattern.compile("new Rejection\\(\\s*\"([a-z_]+\\.[a-z_]+)\"");
        int found = 0;
        try (Stream<Path> files = Files.list(Path.of("src/main/java/org/xtalflow/screen"))) {
            for (Path p : files.toList()) {
                Matcher m = code.matcher(Files.readString(p));
                while (m.find()) {
                    found++;
                    assertThat(ReasonGlossary.known(m.group(1)))
                            .as(m.group(1) + " in " + p.getFileName())
                            .isTrue();
                }
            }
        }
        assertThat(found).isGreaterThanOrEqualTo(10);
        assertThat(ReasonGlossary.explain("density.too_low")).contains("volume");
        assertThat(ReasonGlossary.explain("charge.cannot_check")).contains("charge filter");
        // the pre-screen's codes (org.xtalflow.predict.PreScreen)
        for (String c : List.of(
                "prescreen.predicted_unstable",
                "prescreen.outside_window:band_gap",
                "prescreen.not_top_n",
                "prescreen.no_prediction")) {
            assertThat(ReasonGlossary.known(c)).as(c).isTrue();
        }
    }

    @Test
    void theReadmeGlossaryIsTheCodesGlossary() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        for (Map.Entry<String, String> e : ReasonGlossary.all().entrySet()) {
            assertThat(readme).contains("- `" + e.getKey() + "`: " + e.getValue() + "\n");
        }
    }

    @Test
    void thePictureIsAFunnelWithALogScaleWhenSurvivorsAreFew() throws Exception {
        PipelineFunnel f = campaign();
        assertThat(FunnelPicture.logScale(f)).isTrue(); // 0 of 90 after the last stage
        Path png = Path.of("target", "test-artefacts", "funnel-campaign.png");
        assertThat(FunnelPicture.write(f, "Funnel — campaign c-test", png)).isTrue();
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isEqualTo(1250);
        // the structures bar is wider than the duplicate survivors' bar
        assertThat(FunnelPicture.halfWidth(90, 90, true)).isGreaterThan(FunnelPicture.halfWidth(1, 90, true));
        assertThat(FunnelPicture.halfWidth(1, 90, true)).isGreaterThan(FunnelPicture.halfWidth(1, 90, false));
        assertThat(FunnelPicture.write(PipelineFunnel.builder("empty").build(), "x", png.resolveSibling("none.png")))
                .isFalse();
    }

    @Test
    void longReasonListsAreShortenedToFitThePictureNotCutAtItsEdge() throws Exception {
        // the spacegroup row of a real Ba-Ru-O run: two long codes ran past the right edge
        PipelineFunnel f = PipelineFunnel.builder("Ba-Ru-O")
                .start(PipelineFunnel.SAMPLES, 300)
                .expand(PipelineFunnel.STRUCTURES, 900)
                .stage(
                        "spacegroup",
                        889,
                        Map.of(
                                "spacegroup.operation_broken",
                                5L,
                                "spacegroup.spglib_mismatch",
                                3L,
                                "spacegroup.cannot_check",
                                3L),
                        0)
                .stage("size", 800, Map.of("size.too_many_sites", 89L), 0)
                .build();
        BufferedImage img = FunnelPicture.render(f, "Funnel — long reasons");
        Path png = Path.of("target", "test-artefacts", "funnel-long-reasons.png");
        Files.createDirectories(png.getParent());
        ImageIO.write(img, "png", png.toFile());
        int white = Color.WHITE.getRGB();
        for (int x = img.getWidth() - 10; x < img.getWidth(); x++) {
            for (int y = 0; y < img.getHeight(); y++) {
                assertThat(img.getRGB(x, y))
                        .as("pixel %d,%d at the right edge", x, y)
                        .isEqualTo(white);
            }
        }
        Graphics2D g = img.createGraphics();
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        FontMetrics fm = g.getFontMetrics();
        PipelineFunnel.Stage sg = f.stage("spacegroup");
        String text = FunnelPicture.lostText(sg, fm, 400);
        assertThat(fm.stringWidth(text)).isLessThanOrEqualTo(400);
        assertThat(text).startsWith("−11: spacegroup.operation_broken 5").endsWith("more");
        assertThat(FunnelPicture.lostText(sg, fm, 10_000))
                .isEqualTo(
                        "−11: spacegroup.operation_broken 5, spacegroup.cannot_check 3, spacegroup.spglib_mismatch 3");
        assertThat(FunnelPicture.lostText(sg, fm, 20)).isEqualTo("−11 (3 reasons)");
        assertThat(FunnelPicture.lostText(f.stage("size"), fm, 10_000)).isEqualTo("−89 size.too_many_sites");
        g.dispose();
    }

    @Test
    void theTextTableStaysAlignedAtTheCountsOfATenMillionSampleCampaign() {
        PipelineFunnel f = PipelineFunnel.builder("Sr-Ti-O")
                .start(PipelineFunnel.SAMPLES, 10_000_000)
                .expand(PipelineFunnel.STRUCTURES, 30_000_000)
                .stage(PipelineFunnel.MERGED, 29_997_000, Map.of(), 3_000)
                .stage("size", 9_800_000, Map.of("size.too_many_sites", 20_197_000L), 0)
                .stage("duplicate", 160_000, Map.of("duplicate.this_run", 9_640_000L), 0)
                .build();
        List<String> lines = f.text().lines().toList();
        // every column ends where the header's does: the counts never push the next column along
        String header = lines.get(0);
        int outEnd = header.indexOf("OUT") + "OUT".length();
        int leftEnd = header.indexOf("LEFT") + "LEFT".length();
        for (String line : lines.subList(1, lines.size())) {
            assertThat(line.charAt(outEnd - 1)).as(line).isNotEqualTo(' ');
            assertThat(line.charAt(outEnd)).as(line).isEqualTo(' ');
            assertThat(line.substring(leftEnd - 8, leftEnd).strip()).as(line).matches("|[0-9.]+%");
        }
        assertThat(lines.get(3)).contains("29,997,000").contains("3,000");
    }
}
