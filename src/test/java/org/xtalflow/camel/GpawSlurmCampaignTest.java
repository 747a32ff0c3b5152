package org.xtalflow.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.campaign.AppSettings;
import org.xtalflow.campaign.CampaignRun;
import org.xtalflow.campaign.CampaignSpec;
import org.xtalflow.campaign.Candidate;
import org.xtalflow.campaign.CandidateState;
import org.xtalflow.campaign.CandidateStore;
import org.xtalflow.campaign.EngineReferences;
import org.xtalflow.gpaw.GpawInputSet;
import org.xtalflow.testing.TestCluster;
import org.xtalflow.thermo.ComputedEntry;
import org.xtalflow.thermo.EntryJson;

/**
 * The whole loop with a real DFT code and no VASP anywhere: a campaign on the Li-Na-Al system
 * (the product's PGCGM model in four tetragonal and cubic groups, cells of at most 4 sites, the
 * CGCNN pre-screen keeping the one lowest candidate) on a cluster profile with {@code engine:
 * gpaw}, through SSH to the local test Slurm. bcc Li, bcc Na and fcc Al are computed in the
 * background as Slurm jobs of their own (xf-ref-el-Li, ...; none on the application's machine) with the
 * same engine and settings (GpawTestSet, its relaxation capped at 6 steps here: the cap is not a
 * locked key, so the settings hash is GpawTestSet's) and cached in the store; the candidate runs as
 * a real GPAW job under sbatch, is fetched, harvested into a computed entry carrying the engine
 * and the settings hash, and placed on the same-engine hull; the report names those references
 * and the known phases left out as too large. The density filter is off (PGCGM's few small cells
 * of this system are loose ones). Needs GPAW (scripts/install-deps.sh) and scripts/testenv-up.sh.
 */
@Tag("cluster")
class GpawSlurmCampaignTest {

    @TempDir
    Path root;

    @Test
    void gpawCampaignThroughSlurmHarvestsRealEnergiesOnTheSameEngineHull() throws Exception {
        Map<String, String> env = TestCluster.require();
        Path conf = Files.createDirectories(root.resolve("conf"));
        String work = Path.of(env.get("XTALFLOW_TEST_WORK_ROOT"))
                .resolve("gpaw-" + UUID.randomUUID().toString().substring(0, 8))
                .toString();
        Files.writeString(conf.resolve("xtalflow.yaml"), """
                prescreen: {enabled: true, max_e_above_hull: 10, top_n_per_system: 1}
                screening: {filters: [size, distance, charge, spacegroup, duplicate, novelty]}
                clusters:
                %s
                application:
                  routes_dir: %s
                  templates_dir: %s
                  nightly: {enabled: false}
                  poll_interval_ms: 1000
                  defaults: {reference_max_sites: 4}
                """.formatted(
                        TestCluster.profileYaml("testenv", env, work, """
                                engine: gpaw
                                gpaw_python: /usr/bin/python3
                                mpi_ranks: 1
                                resources: {ntasks: "1", time: "00:20:00"}
                                max_queued_jobs: 2
                                poll_interval_s: 2
                                ssh: {min_connect_interval_s: 0.2, commands_per_minute: 6000}"""),
                        Path.of("routes").toAbsolutePath(),
                        Path.of("templates").toAbsolutePath()));
        Files.copy(Path.of("conf/application.properties"), conf.resolve("application.properties"));
        AppSettings settings = AppSettings.load(conf.resolve("xtalflow.yaml"));
        Path set = Files.writeString(root.resolve("GpawCiSet.yaml"), """
                PARENT: GpawTestSet
                name: GpawCiSet
                relax: {max_steps: 6}
                """);
        // no engine in the spec: the cluster profile's (gpaw) decides
        CampaignSpec spec = new CampaignSpec(
                "li-na-al-gpaw",
                List.of(List.of("Li", "Na", "Al")),
                List.of(123, 221, 229, 139),
                20,
                "pgcgm",
                Map.of("max_sites", 4),
                set.toString(),
                "testenv",
                0,
                "test",
                7L);
        String hash = GpawInputSet.bundled("test").settingsHash();
        assertThat(GpawInputSet.fromFile(set).settingsHash()).isEqualTo(hash);
        long t0 = System.nanoTime();
        long localJobs = org.xtalflow.campaign.LocalReferenceRunner.jobsRun();
        try (XtalflowApplication app = new XtalflowApplication(settings).start()) {
            String id = app.startCampaign(spec);
            double startS = (System.nanoTime() - t0) / 1e9;
            CampaignRun run = app.campaigns().require(id);
            await().atMost(Duration.ofMinutes(15))
                    .pollInterval(Duration.ofSeconds(2))
                    .until(run::isReported);
            System.out.printf(
                    "GPAW campaign %s through Slurm: %.0f s (application start + campaign start %.1f s)%n",
                    id, (System.nanoTime() - t0) / 1e9, startS);
            // the references ran as Slurm jobs (squeue keeps ended jobs for MinJobAge, 600 s here), none here
            assertThat(org.xtalflow.campaign.LocalReferenceRunner.jobsRun())
                    .as("reference jobs run on the application's machine")
                    .isEqualTo(localJobs);
            ProcessBuilder squeue = new ProcessBuilder("squeue", "--states=all", "-h", "-o", "%j|%i|%T");
            squeue.environment().put("SLURM_CONF", env.get("XTALFLOW_TEST_SLURM_CONF"));
            Process q = squeue.redirectErrorStream(true).start();
            String queue = new String(q.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(q.waitFor()).as("squeue: " + queue).isZero();
            assertThat(queue)
                    .as("reference jobs in Slurm's list")
                    .contains("xf-ref-el-Li|", "xf-ref-el-Na|", "xf-ref-el-Al|");
            assertThat(Files.list(Path.of(work, "references"))
                            .map(p -> p.getFileName().toString()))
                    .as("reference job folders on the cluster")
                    .anyMatch(n -> n.startsWith("el-Li-"));
            try (CandidateStore store = CandidateStore.open(settings.storeConfig())) {
                List<ComputedEntry> refs = new EngineReferences(store, (a) -> {}).cachedEntries("gpaw", hash);
                assertThat(refs)
                        .extracting(e -> e.composition().reducedFormula())
                        .contains("Li", "Na", "Al");
                List<Candidate> harvested = store.byState(id, CandidateState.HARVESTED);
                assertThat(harvested)
                        .as("candidates harvested from real GPAW jobs")
                        .isNotEmpty();
                for (Candidate c : harvested) {
                    assertThat(c.jobId()).as(c.id() + " ran under Slurm").matches("[0-9]+");
                    assertThat(c.formationEnergyPerAtomEv()).isFinite();
                    assertThat(c.eAboveHullEv()).isFinite();
                    ComputedEntry e = EntryJson.fromDict(EntryJson.mapper().readTree(c.entryJson()), c.id());
                    assertThat(e.parameters().path("engine").asText()).isEqualTo("gpaw");
                    assertThat(e.parameters().path("settings_hash").asText()).isEqualTo(hash);
                    assertThat(e.runType()).isEqualTo("GPAW-PBE");
                }
            }
            String report = Files.readString(app.campaigns().campaignDir(id).resolve("report.md"));
            assertThat(report).contains("gpaw references computed with settings " + hash.substring(0, 12));
            // the known phases the hull could not include, as the reference chooser lists them
            org.xtalflow.dft.ReferencePhases phases = org.xtalflow.dft.ReferencePhases.of(
                    java.util.Set.of(
                            org.xtalflow.crystal.Element.of("Li"),
                            org.xtalflow.crystal.Element.of("Na"),
                            org.xtalflow.crystal.Element.of("Al")),
                    4,
                    org.xtalflow.screen.KnownStructures.builtin()::forEachStructure,
                    8.0);
            if (phases.leftOut().isEmpty()) {
                assertThat(report).contains("no known phase left out");
            } else {
                assertThat(report)
                        .contains("known phases left out (more than 4 sites): "
                                + phases.leftOut().get(0));
            }
        }
    }
}
