package org.xtalflow.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xtalflow.campaign.Candidate;
import org.xtalflow.campaign.CandidateState;

class CampaignFunnelTest {

    private static final List<String> FILTERS =
            List.of("size", "density", "distance", "charge", "spacegroup", "duplicate", "novelty");
    private int seq;

    private Candidate row(String formula, CandidateState state, String reason, String jobId, Double eHull) {
        seq++;
        return new Candidate(
                "c-" + seq,
                "c",
                seq,
                state,
                reason,
                formula,
                221,
                5,
                null,
                null,
                "t",
                jobId,
                null,
                0,
                1,
                1,
                0,
                0,
                state == CandidateState.FAILED ? 5 : 0,
                0,
                null,
                null,
                null,
                eHull,
                null);
    }

    private List<Candidate> campaign() {
        List<Candidate> cs = new ArrayList<>();
        for (int i = 0; i < 4; i++)
            cs.add(row("Ba2RuO4", CandidateState.REJECTED, "size.too_many_sites: 40 sites > 32", null, null));
        cs.add(row(
                "BaRuO3",
                CandidateState.REJECTED,
                "density.too_low: 0.480 g/cm³, volume ratio 3.76, 85.0 Å³/atom > 70.0",
                null,
                null));
        cs.add(row("BaRuO3", CandidateState.REJECTED, "duplicate.this_run: same as c-3", null, null));
        cs.add(row("BaRuO3", CandidateState.GENERATED, null, null, null));
        cs.add(row("BaRuO3", CandidateState.PREPARED, null, null, null));
        cs.add(row("BaRuO3", CandidateState.RUNNING, null, "17", null));
        cs.add(row("Ba3RuO5", CandidateState.FAILED, "sbatch: error: invalid partition", null, null));
        cs.add(row("SrTiO3", CandidateState.HARVESTED, null, "18", 0.0));
        cs.add(row("Sr2TiO4", CandidateState.HARVESTED, null, "19", 0.12));
        return cs;
    }

    @Test
    void everyCandidateStopsAtOneStageAndTheTotalIsTheSumOfTheSystems() {
        CampaignFunnel cf = new CampaignFunnel(FILTERS, true, false, 0.0);
        CampaignFunnel.Result r =
                cf.build(campaign(), new java.util.LinkedHashMap<>(Map.of("Ba-Ru-O", 3L, "Sr-Ti-O", 1L)));
        PipelineFunnel t = r.total();
        assertThat(t.stages())
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
                        "finished",
                        "harvested",
                        "stable");
        assertThat(t.stage("structures").out()).isEqualTo(12);
        assertThat(t.stage("samples").out()).isEqualTo(4);
        assertThat(t.stage("merged").pending()).isEqualTo(1); // not screened yet
        assertThat(t.stage("size").reasons()).containsEntry("size.too_many_sites", 4L);
        assertThat(t.stage("density").reasons()).containsEntry("density.too_low", 1L);
        assertThat(t.stage("submitted").pending()).isEqualTo(1);
        assertThat(t.stage("submitted").reasons()).containsEntry("submit.refused", 1L);
        assertThat(t.stage("finished").pending()).isEqualTo(1);
        assertThat(t.stage("stable").reasons()).containsEntry("stable.above_hull", 1L);
        assertThat(t.survivors()).isEqualTo(1); // SrTiO3 on the hull
        for (String stage : cf.order()) {
            long sum = 0;
            long rejected = 0;
            for (PipelineFunnel f : r.perSystem().values()) {
                sum += f.stage(stage).out();
                rejected += f.stage(stage).rejected();
            }
            assertThat(sum).as(stage).isEqualTo(t.stage(stage).out());
            assertThat(rejected).as(stage).isEqualTo(t.stage(stage).rejected());
        }
        assertThat(r.perSystem()).containsOnlyKeys("Ba-Ru-O", "Sr-Ti-O");
        assertThat(r.perSystem().get("Sr-Ti-O").stage("structures").out()).isEqualTo(2);
        @SuppressWarnings("unchecked")
        Map<String, String> glossary = (Map<String, String>) r.document().get("glossary");
        assertThat(glossary)
                .containsKeys("size.too_many_sites", "density.too_low", "submit.refused", "stable.above_hull");
    }

    @Test
    void withoutAClusterTheFunnelEndsAtPrepared() {
        CampaignFunnel cf = new CampaignFunnel(FILTERS, false, false, 0.0);
        PipelineFunnel f = cf.funnel(
                "total",
                List.of(
                        row("BaRuO3", CandidateState.PREPARED, null, null, null),
                        row("BaRuO3", CandidateState.SCREENED, null, null, null)),
                1);
        assertThat(f.stages().get(f.stages().size() - 1).name()).isEqualTo("prepared");
        assertThat(f.survivors()).isEqualTo(1);
        assertThat(f.stage("prepared").pending()).isEqualTo(1);
    }

    /** A cancelled campaign's candidates (issue 16): rejected with reason cancelled at the stage each waited for. */
    @Test
    void cancelledCandidatesStopWhereTheyWaited() {
        List<Candidate> cs = new ArrayList<>();
        cs.add(row("BaRuO3", CandidateState.REJECTED, "size.too_many_sites: 40 sites > 32", null, null));
        cs.add(row("BaRuO3", CandidateState.REJECTED, "cancelled: was GENERATED", null, null));
        cs.add(row("BaRuO3", CandidateState.REJECTED, "cancelled: was SCREENED", null, null));
        cs.add(row("BaRuO3", CandidateState.FAILED, "cancelled: was PREPARED", null, null));
        cs.add(row(
                "BaRuO3",
                CandidateState.FAILED,
                "cancelled: was SUBMITTED (the scheduler reported CANCELLED)",
                "17",
                null));
        cs.add(row("BaRuO3", CandidateState.HARVESTED, null, "18", 0.0));
        PipelineFunnel t = new CampaignFunnel(FILTERS, true, false, 0.0)
                .build(cs, new java.util.LinkedHashMap<>(Map.of("Ba-Ru-O", 2L)))
                .total();
        assertThat(t.stage("merged").reasons()).containsEntry("cancelled", 1L);
        assertThat(t.stage("prepared").reasons()).containsEntry("cancelled", 1L);
        assertThat(t.stage("submitted").reasons())
                .containsEntry("cancelled", 1L)
                .doesNotContainKey("submit.refused");
        assertThat(t.stage("finished").reasons()).containsEntry("cancelled", 1L).doesNotContainKey("run.failed");
        for (PipelineFunnel.Stage st : t.stages()) {
            if (!st.expansion()) {
                assertThat(st.in()).as(st.name()).isEqualTo(st.out() + st.rejected() + st.pending());
            }
        }
        assertThat(ReasonGlossary.explain("cancelled")).contains("campaign was cancelled");
    }
}
