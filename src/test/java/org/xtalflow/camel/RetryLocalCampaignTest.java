package org.xtalflow.camel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.campaign.AppSettings;
import org.xtalflow.campaign.Candidate;
import org.xtalflow.campaign.CandidateState;
import org.xtalflow.campaign.CandidateStore;
import org.xtalflow.campaign.StoredAttempt;
import org.xtalflow.testing.SharedData;

/**
 * The retry loop through the whole application with hpc's `local` scheduler (job scripts run on
 * this machine; VASP is the stand-in TEST DOUBLE playing recorded real failures from
 * ../shared/data/vasp_errors per candidate, see {@link RetryScenarios}): a ZBRENT in the first
 * relaxation and an EDDDAV in the second are corrected and end HARVESTED with the finished step
 * never run again; an out-of-memory whose only fix (more nodes) is beyond vasp.corrections.max_nodes
 * and a ZBRENT that keeps coming back until max_attempts end FAILED, the reason naming the key.
 * The same over real Slurm and SSH, with charge sloshing and a walltime cut: {@link
 * RetrySlurmCampaignTest}.
 */
class RetryLocalCampaignTest {

    @TempDir
    Path root;

    @Test
    void failedJobsAreCorrectedAndSubmittedAgainOrEndWithTheirReason() throws Exception {
        Path standin = Path.of("src/test/resources/hpc/vasp-standin.sh").toAbsolutePath();
        Path potcars = org.xtalflow.testing.FakePotcarLibrary.write(root.resolve("potcars"));
        Map<String, List<String>> pool = new LinkedHashMap<>();
        pool.put("1-zbrent", List.of("relax1 vasp.zbrent"));
        pool.put("2-edddav", List.of("relax2 vasp.edddav2"));
        pool.put("3-oom", List.of("relax1 std_err.txt.oom"));
        pool.put("4-exhausted", List.of("relax1 vasp.zbrent", "relax1 vasp.zbrent", "relax1 vasp.zbrent"));
        pool.put("5-sloshing", List.of("relax1 OSZICAR.nonconverging"));
        RetryScenarios scenarios = new RetryScenarios(root.resolve("scenarios"), pool);
        AppSettings settings = AppFixture.settings(
                root,
                """
                nightly: {enabled: false}
                poll_interval_ms: 300
                """,
                "prescreen: {enabled: false}\n"
                        + "screening: {filters: [size, distance, charge, spacegroup, duplicate, novelty]}\n"
                        + "thermo: {correction: none}\n"
                        // the recorded charge sloshing ran with NELM = 10 (custodian's test): so do these runs
                        + "vasp: {overrides: {MPRelaxSet: {INCAR: {NELM: 10}}}, corrections: {max_attempts: 3, max_nodes: 1}}");
        Path conf = settings.configFile();
        Files.writeString(
                conf,
                Files.readString(conf)
                        .replaceFirst(
                                "local-slurm: \\{[^}]*}",
                                "local-slurm: {scheduler: local, work_root: " + root.resolve("cluster-work")
                                        + ", max_queued_jobs: 3, poll_interval_s: 1, potcar_library: " + potcars
                                        + ", vasp_command: \\\"bash " + standin + " "
                                        + SharedData.path("vasp_outputs", "outputs") + " "
                                        + SharedData.path("vasp_errors", "files") + " " + scenarios.dir() + "\\\"}"));
        AppSettings local = AppSettings.load(conf);
        try (XtalflowApplication app = new XtalflowApplication(local).start()) {
            String id = scenarios.runCampaign(app, "local-slurm", 30, Duration.ofSeconds(240));
            CandidateStore store = app.campaigns().store();
            List<Candidate> ran = RetryScenarios.ran(app, id);
            Map<String, Candidate> claims = scenarios.claims(ran);
            for (Candidate c : ran) {
                scenarios.checkRoad(c, store.attempts(c.id()));
            }
            Candidate zbrent = claims.get("1-zbrent");
            assertThat(zbrent.state()).as("%s", zbrent.reason()).isEqualTo(CandidateState.HARVESTED);
            assertThat(store.attempts(zbrent.id()))
                    .extracting(StoredAttempt::errors, StoredAttempt::outcome)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("zbrent", "FIXABLE"),
                            org.assertj.core.groups.Tuple.tuple("", "OK"));
            assertThat(store.attempts(zbrent.id()).get(0).actions()).contains("restart from CONTCAR");

            Candidate edddav = claims.get("2-edddav");
            assertThat(edddav.state()).as("%s", edddav.reason()).isEqualTo(CandidateState.HARVESTED);
            assertThat(store.attempts(edddav.id()).get(0).step()).isEqualTo("relax2");
            // relax1 finished in the first job and is not run by the second
            assertThat(scenarios.runs(edddav.id()))
                    .extracting(r -> r.split(" ")[1])
                    .containsExactly("relax1", "relax2", "relax2", "static");

            Candidate oom = claims.get("3-oom");
            assertThat(oom.state()).isEqualTo(CandidateState.FAILED);
            assertThat(oom.reason()).contains("out_of_memory").contains("max_nodes 1");
            assertThat(store.attempts(oom.id())).hasSize(1);

            Candidate exhausted = claims.get("4-exhausted");
            assertThat(exhausted.state()).isEqualTo(CandidateState.FAILED);
            assertThat(exhausted.reason()).contains("zbrent").contains("no attempts left");
            assertThat(store.attempts(exhausted.id()))
                    .extracting(StoredAttempt::outcome)
                    .containsExactly("FIXABLE", "FIXABLE", "UNFIXABLE");

            Candidate sloshing = claims.get("5-sloshing");
            assertThat(sloshing.state()).as("%s", sloshing.reason()).isEqualTo(CandidateState.HARVESTED);
            assertThat(store.attempts(sloshing.id()).get(0).errors()).contains("non_converging");

            // JMX: the cluster's attempts and its last VASP error
            javax.management.MBeanServer mbs = java.lang.management.ManagementFactory.getPlatformMBeanServer();
            javax.management.ObjectName cluster = ClusterMonitor.objectName("local-slurm");
            long rows =
                    ran.stream().mapToLong(c -> store.attempts(c.id()).size()).sum();
            assertThat(mbs.getAttribute(cluster, "AttemptsReviewed")).isEqualTo(rows);
            // retried: zbrent, edddav and sloshing once each, the exhausted zbrent twice
            assertThat(mbs.getAttribute(cluster, "AttemptsRetried")).isEqualTo(5L);
            assertThat((String) mbs.getAttribute(cluster, "LastVaspError"))
                    .containsPattern("zbrent|edddav|out_of_memory|non_converging");
            assertThat((String) mbs.getAttribute(cluster, "LastDftError"))
                    .isEqualTo("vasp " + mbs.getAttribute(cluster, "LastVaspError"));

            String report = Files.readString(app.campaigns().campaignDir(id).resolve("report.md"));
            assertThat(report).contains("zbrent").contains("out_of_memory").contains("no attempts left");
        }
    }
}
