package org.xtalflow.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.config.BatchSystem;
import org.xtalflow.config.JobResources;
import org.xtalflow.crystal.Element;
import org.xtalflow.dft.GpawEngine;
import org.xtalflow.hpc.ClusterConnection;
import org.xtalflow.hpc.ClusterProfiles;

/**
 * A workstation profile ({@code scheduler: local}, the README's {@code workstation}): its
 * references go the same submit / poll / fetch way as on a Slurm cluster, the job started by the
 * local scheduler (setsid, exit file), not by {@link LocalReferenceRunner}. Real GPAW, bcc Li with
 * GpawTestSet.
 */
@Tag("gpaw")
class WorkstationReferencesTest {

    @TempDir
    Path tmp;

    @Test
    void aWorkstationProfileRunsItsReferencesThroughTheLocalScheduler() throws Exception {
        Path yaml = Files.writeString(tmp.resolve("clusters.yaml"), """
                clusters:
                  workstation:
                    scheduler: local
                    work_root: %s
                    engine: gpaw
                    gpaw_python: /usr/bin/python3
                    mpi_ranks: 1
                    max_queued_jobs: 1
                """.formatted(tmp.resolve("work")));
        GpawEngine gpaw = GpawEngine.of(
                Path.of("templates"),
                BatchSystem.LOCAL,
                new JobResources("", "", 1, 1, "00:10:00", List.of(), "unused", "", Map.of()),
                "/usr/bin/python3");
        long localJobs = LocalReferenceRunner.jobsRun();
        try (CandidateStore store = CandidateStore.openSqlite(tmp.resolve("s.db"));
                ClusterConnection cluster =
                        ClusterConnection.open(ClusterProfiles.load(yaml).get("workstation"))) {
            EngineReferences refs =
                    new EngineReferences(store, org.xtalflow.screen.KnownStructures.builtin()::forEachStructure);
            ReferenceRunner runner = new ClusterReferenceRunner(
                    cluster, tmp.resolve("results"), Duration.ofSeconds(1), Duration.ofMinutes(10));
            assertThat(runner.where()).isEqualTo("cluster workstation (local)");
            Map<String, String> failed = refs.compute(
                    gpaw,
                    "test",
                    refs.phases(gpaw, "test", Set.of(Element.of("Li")), 1).phases().stream()
                            .filter(p -> p.id().equals("el-Li"))
                            .toList(),
                    tmp.resolve("refs"),
                    runner);
            assertThat(failed).isEmpty();
            assertThat(refs.cachedEntries("gpaw", gpaw.settingsHash("test")))
                    .extracting(e -> e.composition().reducedFormula())
                    .containsExactly("Li");
            try (var dirs = Files.list(tmp.resolve("work").resolve("references"))) {
                assertThat(dirs.map(d -> d.getFileName().toString())).anyMatch(n -> n.startsWith("el-Li-"));
            }
        }
        assertThat(LocalReferenceRunner.jobsRun()).isEqualTo(localJobs);
    }
}
