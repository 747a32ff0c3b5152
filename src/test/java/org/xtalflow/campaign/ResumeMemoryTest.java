package org.xtalflow.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.crystal.Element;
import org.xtalflow.crystal.Lattice;
import org.xtalflow.crystal.Site;
import org.xtalflow.crystal.Structure;
import org.xtalflow.crystal.io.CifWriter;

/**
 * A restart reads a prepare-only campaign's PREPARED candidates only to mark them ended: without
 * their CIFs. Found by the 10^7-sample soak (a kill -9 and restart at 5.3·10^6 samples): the restart
 * read every PREPARED row whole (≈ 10^5 of them by the end, a CIF each), enough to fill a 512 MB heap.
 * Here 400 PREPARED candidates of a 2,000-site cell (≈ 120 KB of CIF text each, ≈ 48 MB if read)
 * and the bytes the restart allocates on its thread.
 */
class ResumeMemoryTest {

    @TempDir
    Path dir;

    @Test
    void aRestartDoesNotReadThePreparedCandidatesCifs() {
        Random r = new Random(3);
        List<Site> sites = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            sites.add(new Site(
                    Element.of(i % 2 == 0 ? "Sr" : "O"),
                    new double[] {r.nextDouble(), r.nextDouble(), r.nextDouble()}));
        }
        String cif = CifWriter.p1(new Structure(Lattice.cubic(40.0), sites));
        assertThat(cif.length()).isGreaterThan(100_000);
        String id;
        try (CandidateStore store = CandidateStore.openSqlite(dir.resolve("xtalflow.db"))) {
            CampaignService campaigns = new CampaignService(dir.resolve("campaigns"), store, (c, folder) -> folder);
            id = campaigns
                    .start(new CampaignSpec(
                            "resume",
                            List.of(List.of("Sr", "O")),
                            List.of(),
                            400,
                            "random",
                            Map.of(),
                            "MPRelaxSet",
                            null,
                            0,
                            "test",
                            1L))
                    .id();
            List<CandidateChange> rows = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                rows.add(CandidateChange.none().withStructure("SrO", 1, sites.size(), cif));
            }
            List<CandidateStore.Move> moves = new ArrayList<>();
            for (Candidate c : store.addCandidates(id, rows)) {
                moves.add(new CandidateStore.Move(c.id(), CandidateState.GENERATED, CandidateState.SCREENED, null));
                moves.add(new CandidateStore.Move(c.id(), CandidateState.SCREENED, CandidateState.PREPARED, null));
            }
            store.transitionAll(moves);
        }
        // the application starts again on that store
        try (CandidateStore store = CandidateStore.openSqlite(dir.resolve("xtalflow.db"))) {
            CampaignService restarted = new CampaignService(dir.resolve("campaigns"), store, (c, folder) -> folder);
            com.sun.management.ThreadMXBean threads =
                    (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long before = threads.getCurrentThreadAllocatedBytes();
            List<Handoff> work = restarted.resumeFromStore(c -> null, (cid, c) -> List.of());
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertThat(work).extracting(Handoff::stage).containsExactly(Stage.GENERATE); // its system is not done
            assertThat(allocated).as("bytes the restart allocated").isLessThan(16L << 20);
        }
    }
}
