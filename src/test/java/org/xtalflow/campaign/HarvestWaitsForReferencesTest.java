package org.xtalflow.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A harvest whose same-engine references are still being computed leaves the candidate FINISHED
 * (never FAILED for that reason), says what it waits for, and a later harvest of the same
 * candidate (handed again when the references arrive) takes it to HARVESTED. Real SQLite store and
 * pipeline; the harvest stage is a test double that is told to wait the first time, as the
 * application's same-engine hull is while {@link ReferenceWork} holds the references.
 */
class HarvestWaitsForReferencesTest {

    @TempDir
    Path dir;

    @Test
    void aHarvestWaitingForReferencesStaysFinishedAndIsHarvestedWhenHandedAgain() {
        AtomicInteger calls = new AtomicInteger();
        Stages.Harvest waitingOnce = (candidateId, results) -> {
            if (calls.incrementAndGet() == 1) {
                throw new ReferencesPendingException(candidateId, "gpaw", List.of("el-Li", "el-Na"));
            }
            return new Stages.Harvest.Outcome(-7.0, -1.75, 0.07, 0.07, true, null);
        };
        try (CandidateStore store = CandidateStore.openSqlite(dir.resolve("s.db"))) {
            CampaignService campaigns = new CampaignService(dir.resolve("campaigns"), store, (id, folder) -> folder);
            Pipeline pipeline = new Pipeline(campaigns, store, dir.resolve("outbox"), null, null, null, waitingOnce);
            store.createCampaign("c1", "li-na", "testenv", 0, "{}");
            String id = store.addCandidate("c1", CandidateChange.none().withStructure("LiNa", 1, 2, null))
                    .id();
            FinalHullUpdaterTest.walkToFinished(store, id);
            WorkItem item = new WorkItem("c1", List.of("Li", "Na"), id, null, null, dir, "testenv", "1");

            pipeline.harvest(item);
            Candidate waiting = store.get(id);
            assertThat(waiting.state()).isEqualTo(CandidateState.FINISHED);
            assertThat(store.events(id).stream().map(StoreEvent::message))
                    .anyMatch(m -> m != null && m.contains("waiting for gpaw references being computed: el-Li, el-Na"));

            pipeline.harvest(item); // handed again once they arrived
            Candidate harvested = store.get(id);
            assertThat(harvested.state()).isEqualTo(CandidateState.HARVESTED);
            assertThat(harvested.formationEnergyPerAtomEv()).isEqualTo(0.07);
            assertThat(calls).hasValue(2);
        }
    }
}
