package org.xtalflow.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xtalflow.campaign.CandidateState.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.hpc.ClusterProfiles;

/**
 * The references' jobs and the candidates' jobs share one cluster's {@code max_queued_jobs}: a
 * reference takes a place only while candidates on the cluster plus references stay under it,
 * and gives it back when its job has left the queue.
 */
class ReferenceQueueSlotsTest {

    @TempDir
    Path tmp;

    @Test
    void referencesAndCandidatesTogetherKeepToMaxQueuedJobs() throws Exception {
        Path yaml = Files.writeString(tmp.resolve("clusters.yaml"), """
                clusters:
                  ws:
                    scheduler: local
                    work_root: %s
                    max_queued_jobs: 3
                """.formatted(tmp.resolve("work")));
        try (CandidateStore store = CandidateStore.openSqlite(tmp.resolve("s.db"))) {
            ClusterJobs jobs = ClusterJobs.open(ClusterProfiles.load(yaml).get("ws"), store);
            store.createCampaign("C-1", "c", "ws", 0, "{}");
            Candidate c = store.addCandidate("C-1", CandidateChange.none().withStructure("Li", 229, 1, "data_x\n"));
            store.transition(c.id(), GENERATED, SCREENED, null);
            store.transition(c.id(), SCREENED, PREPARED, CandidateChange.none().withBundlePath("/tmp/b"));
            store.transition(
                    c.id(), PREPARED, SUBMITTING, CandidateChange.none().withCluster("ws"));
            store.transition(
                    c.id(),
                    SUBMITTING,
                    SUBMITTED,
                    CandidateChange.none().withJobId("7").withRemoteDir("/w/7"));

            QueueSlots refs = jobs.referenceSlots();
            assertThat(refs.take()).as("1 candidate + 1 reference of 3").isTrue();
            assertThat(refs.take()).as("1 candidate + 2 references of 3").isTrue();
            assertThat(refs.take()).as("the queue is full").isFalse();
            refs.give();
            assertThat(refs.take()).as("a reference left the queue").isTrue();

            // the candidate's job ends: its place is free for a reference
            store.transition(c.id(), SUBMITTED, FINISHED, null);
            assertThat(refs.take()).isTrue();
            assertThat(refs.take()).isFalse();
        }
        QueueSlots alone = QueueSlots.upTo(1);
        assertThat(alone.take()).isTrue();
        assertThat(alone.take()).isFalse();
        alone.give();
        alone.give(); // a second give never makes room for two
        assertThat(alone.take()).isTrue();
        assertThat(alone.take()).isFalse();
    }
}
