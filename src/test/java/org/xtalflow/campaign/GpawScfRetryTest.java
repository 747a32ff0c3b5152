package org.xtalflow.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.config.BatchSystem;
import org.xtalflow.config.JobResources;
import org.xtalflow.crystal.Element;
import org.xtalflow.crystal.Lattice;
import org.xtalflow.crystal.Site;
import org.xtalflow.crystal.Structure;
import org.xtalflow.crystal.io.CifWriter;
import org.xtalflow.crystal.io.Poscar;
import org.xtalflow.dft.GpawEngine;
import org.xtalflow.gpaw.GpawError;
import org.xtalflow.gpaw.GpawInputSet;
import org.xtalflow.gpaw.GpawJobSettings;
import org.xtalflow.gpaw.GpawNextAttempt;
import org.xtalflow.gpaw.GpawResult;
import org.xtalflow.gpaw.GpawResultReader;
import org.xtalflow.gpaw.LocalGpawRun;
import org.xtalflow.hpc.ClusterProfile;
import org.xtalflow.hpc.SshPolicy;
import org.xtalflow.thermo.ComputedEntry;
import org.xtalflow.thermo.ElementalReferences;
import org.xtalflow.thermo.EntryJson;
import org.xtalflow.thermo.HullAnalysis;
import org.xtalflow.vasp.errors.RunPolicy;

/**
 * A real SCF failure, provoked and recovered by the attempt mechanism (issue 18), with real GPAW
 * on this machine through hpc's {@code local} scheduler (the job script runs here as under sbatch)
 * and the campaign's own classes, driven as routes/poll.yaml drives them: {@link ClusterWork}
 * submits, polls, fetches, and its {@link RetryLoop} with {@link AttemptReview} reviews the failed
 * job and writes the next attempt ({@link NextAttemptBundle}); {@link Pipeline#harvest} harvests it.
 *
 * <p>The physics: two Na atoms 0.8 Å apart in a 4 Å cube (the Na-Na distance of the metal is 3.7
 * Å): their overlapping cores need about 15 SCF iterations with GPAW's default mixer where bcc Na needs about
 * 10. The candidate's input set caps the SCF at 12 iterations (GpawRetryCiSet plus
 * {@code scf.maxiter: 12}; the cap is not a locked key, so its settings hash is the set's), so
 * attempt 1 ends with GPAW's own KohnShamConvergenceError; the review doubles the iterations and
 * gentles the mixer, attempt 2 converges, and the candidate gets its energy (far above bcc Na
 * computed with the same settings, which is the reference of its hull). The same through SSH and the
 * local test Slurm: {@link #theSameThroughSshAndSlurm} (tag cluster). A real walltime cut, recovered
 * the same way: {@link #aRealWalltimeCutRestartsFromTheLastGeometryWithTwiceTheWalltime}. Measured:
 * BENCHMARKS.md "GPAW engine".
 */
class GpawScfRetryTest {

    private static final String CLUSTER = "local-gpaw";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path root;

    private static Structure squeezedNa2() {
        return new Structure(
                Lattice.cubic(4.0),
                List.of(
                        new Site(Element.of("Na"), new double[] {0, 0, 0}),
                        new Site(Element.of("Na"), new double[] {0.2, 0, 0})));
    }

    private static Structure bccNa() {
        return new Structure(
                Lattice.cubic(4.23),
                List.of(
                        new Site(Element.of("Na"), new double[] {0, 0, 0}),
                        new Site(Element.of("Na"), new double[] {0.5, 0.5, 0.5})));
    }

    @Test
    @Tag("gpaw")
    void aRealScfFailureIsCorrectedByTheNextAttemptAndHarvested() throws Exception {
        LocalGpawRun.requireGpaw();
        recovered(localGpaw(), "local");
    }

    /** The same through real OpenSSH to the real local Slurm of scripts/testenv-up.sh (sbatch, squeue, fetch over SSH). */
    @Test
    @Tag("cluster")
    void theSameThroughSshAndSlurm() throws Exception {
        Map<String, String> env = org.xtalflow.testing.TestCluster.require();
        LocalGpawRun.requireGpaw();
        String work = Path.of(env.get("XTALFLOW_TEST_WORK_ROOT"))
                .resolve("gpaw-retry-" + java.util.UUID.randomUUID().toString().substring(0, 8))
                .toString();
        Path yaml = Files.writeString(
                root.resolve("clusters.yaml"),
                "clusters:\n" + org.xtalflow.testing.TestCluster.profileYaml(CLUSTER, env, work, """
                                engine: gpaw
                                gpaw_python: /usr/bin/python3
                                mpi_ranks: 1
                                resources: {ntasks: "1", time: "00:20:00"}
                                poll_interval_s: 1
                                ssh: {min_connect_interval_s: 0.2, commands_per_minute: 6000}"""));
        recovered(org.xtalflow.hpc.ClusterProfiles.load(yaml).get(CLUSTER), "slurm");
    }

    /**
     * Attempt 1 of the squeezed Na2 fails its SCF on the cluster, attempt 2 converges and is
     * harvested; every step checked.
     *
     * @param how "local" or "slurm", for the printed figures
     */
    private void recovered(ClusterProfile profile, String how) throws Exception {
        long t0 = System.nanoTime();
        // CI-sized: a static run (no relaxation) on a sparse k-mesh, GpawTestSet's cutoff and physics
        Path base = Files.writeString(root.resolve("GpawRetryCiSet.yaml"), """
                PARENT: GpawTestSet
                name: GpawRetryCiSet
                kpoint_density: 100
                relax: {max_steps: 0}
                """);
        Path capped = Files.writeString(root.resolve("GpawRetryCiCapped.yaml"), """
                PARENT: GpawRetryCiSet.yaml
                name: GpawRetryCiSet
                scf: {maxiter: 12}
                """);
        String hash = GpawInputSet.fromFile(base).settingsHash();
        assertThat(GpawInputSet.fromFile(capped).settingsHash()).isEqualTo(hash);

        // the reference with the same settings (bcc Na converges within the cap; run without it)
        GpawResult ref = LocalGpawRun.run(
                root.resolve("refs"),
                "ref-Na",
                bccNa(),
                GpawInputSet.fromFile(base).forCrystal(bccNa()));
        assertThat(ref.ok()).as("bcc Na reference: %s", ref.errors()).isTrue();
        ComputedEntry naRef = ref.toComputedEntry("ref-Na");

        JobResources job = new JobResources("", "", 1, 1, "00:20:00", List.of(), "unused", "", Map.of());
        GpawEngine engine = GpawEngine.of(Path.of("templates"), BatchSystem.SLURM, job, "/usr/bin/python3");
        Path results = root.resolve("results");
        try (CandidateStore store = CandidateStore.openSqlite(root.resolve("xtalflow.db"))) {
            CampaignService campaigns = new CampaignService(root.resolve("campaigns"), store, (id, folder) -> folder);
            Structure na2 = squeezedNa2();
            Candidate c = prepared(store, campaigns, engine, "na2-scf-retry", capped, na2);
            Path bundle = Path.of(c.bundlePath());

            List<WorkItem> toHarvest = drive(profile, store, campaigns, results, c, na2, bundle, work -> {
                assertThat(work.attemptsRetried(CLUSTER)).isEqualTo(1);
                // JMX's view: a GPAW error, named as one, and no VASP error
                assertThat(work.lastDftError(CLUSTER))
                        .startsWith("gpaw " + c.id() + " attempt 1")
                        .containsIgnoringCase("scf_not_converged");
                assertThat(work.lastVaspError(CLUSTER)).isEmpty();
            });

            // attempt 1: GPAW's SCF stopped at its 12 iterations
            Path failedResults = results.resolve(c.id() + ".a1.failed");
            GpawResult first = GpawResultReader.readDirectory(failedResults);
            assertThat(first.errors()).containsExactly(GpawError.SCF_NOT_CONVERGED);
            assertThat(first.errorDetail()).contains("within 12 iterations");
            // the next bundle: more iterations, a gentler mixer, the same physics, from the geometry reached
            Path next = NextAttemptBundle.folder(store.get(c.id()), 2);
            assertThat(store.get(c.id()).bundlePath()).isEqualTo(next.toString());
            JsonNode before =
                    JSON.readTree(bundle.resolve(GpawJobSettings.FILE_NAME).toFile());
            JsonNode after =
                    JSON.readTree(next.resolve(GpawJobSettings.FILE_NAME).toFile());
            assertThat(after.path("scf").path("maxiter").asInt()).isEqualTo(24);
            assertThat(after.path("scf").path("mixer").path("beta").asDouble()).isEqualTo(0.025);
            assertThat(after.path("scf").path("mixer").path("weight").asDouble())
                    .isEqualTo(100.0);
            for (String locked :
                    List.of("xc", "setups", "ecut_ev", "kpoints", "smearing", "spinpol", "settings_hash")) {
                assertThat(after.get(locked)).as(locked).isEqualTo(before.get(locked));
            }
            assertThat(Poscar.read(next.resolve("POSCAR")).structure().size()).isEqualTo(2);
            assertThat(Files.readString(next.resolve(GpawNextAttempt.LOG)))
                    .startsWith("1\tscf_not_converged\tscf.maxiter 12 -> 24; scf.mixer beta 0.05 -> 0.025");

            // attempt 2 converged, with more SCF iterations than attempt 1 was allowed
            Candidate finished = store.get(c.id());
            assertThat(finished.state()).as("%s", finished.reason()).isEqualTo(CandidateState.FINISHED);
            assertThat(finished.submitAttempts()).isEqualTo(2);
            assertThat(toHarvest).hasSize(1);
            Path finishedResults = toHarvest.get(0).bundle();
            GpawResult second = GpawResultReader.readDirectory(finishedResults);
            assertThat(second.ok()).as("%s", second.errors()).isTrue();
            assertThat(second.scfIterations()).isGreaterThan(12);

            Pipeline pipeline = new Pipeline(
                    campaigns,
                    store,
                    root.resolve("outbox"),
                    null,
                    null,
                    null,
                    new HarvestStage()
                            .withEngines(
                                    List.of(engine),
                                    (settings, entry) -> new HullAnalysis(
                                            HullAnalysis.Correction.NONE,
                                            ElementalReferences.of(List.of(naRef), "bcc Na, GpawRetryCiSet"))));
            pipeline.harvest(toHarvest.get(0));
            Candidate harvested = store.get(c.id());
            assertThat(harvested.state()).isEqualTo(CandidateState.HARVESTED);
            assertThat(harvested.finalEnergyEv()).isEqualTo(second.finalEnergyEv());
            // two atoms pressed together are far above the metal computed with the same settings
            double aboveMetal = harvested.energyPerAtomEv() - naRef.energyPerAtom();
            assertThat(aboveMetal).isGreaterThan(1.0);
            // and the hull measures it against bcc Na (an elemental candidate is not its own reference)
            assertThat(harvested.eAboveHullEv()).isCloseTo(aboveMetal, within(1e-6));
            assertThat(harvested.formationEnergyPerAtomEv()).isCloseTo(aboveMetal, within(1e-6));
            ComputedEntry e = EntryJson.fromDict(EntryJson.mapper().readTree(harvested.entryJson()), c.id());
            assertThat(e.parameters().path("settings_hash").asText()).isEqualTo(hash);

            // the attempts table: both attempts, the first with its correction
            List<StoredAttempt> attempts = store.attempts(c.id());
            assertThat(attempts)
                    .extracting(StoredAttempt::attempt, StoredAttempt::errors, StoredAttempt::outcome)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(1, "scf_not_converged", AttemptReview.FIXABLE),
                            org.assertj.core.groups.Tuple.tuple(2, "", AttemptReview.OK));
            assertThat(attempts.get(0).actions())
                    .contains("scf.maxiter 12 -> 24", "scf.mixer beta 0.05 -> 0.025, weight 50 -> 100");
            assertThat(attempts.get(0).locked()).isEqualTo("smearing (locked)");
            assertThat(attempts.get(1).jobId())
                    .as("attempt 2 ran as a job of its own")
                    .matches("[0-9]+")
                    .isNotEqualTo(attempts.get(0).jobId());
            System.out.printf(
                    "GPAW SCF retry (%s): %d attempts, attempt 2 converged in %d SCF iterations, %.3f eV/atom above"
                            + " bcc Na, %.0f s%n",
                    how, attempts.size(), second.scfIterations(), aboveMetal, (System.nanoTime() - t0) / 1e9);
        }
    }

    /**
     * The campaign's cluster work as the poll route drives it: submit, poll (which fetches,
     * reviews, retries), submit what comes back PREPARED, until the job to harvest is there or the
     * candidate ended; {@code check} sees the cluster work before it closes.
     */
    private static List<WorkItem> drive(
            ClusterProfile profile,
            CandidateStore store,
            CampaignService campaigns,
            Path results,
            Candidate c,
            Structure s,
            Path bundle,
            java.util.function.Consumer<ClusterWork> check) {
        List<WorkItem> toHarvest = new java.util.ArrayList<>();
        List<String> system = List.of("Na");
        try (ClusterWork work = new ClusterWork(
                Map.of(CLUSTER, profile),
                store,
                campaigns,
                results,
                x -> WorkItem.forSystem(x.campaignId(), system, CLUSTER)
                        .withCandidate(x.id(), s, null)
                        .withBundle(Path.of(x.bundlePath())),
                RunPolicy.defaults())) {
            assertThat(work.submit(WorkItem.forSystem(c.campaignId(), system, CLUSTER)
                            .withCandidate(c.id(), s, null)
                            .withBundle(bundle)))
                    .isNotNull();
            await().atMost(Duration.ofMinutes(8))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        ClusterWork.PollWork w = work.poll();
                        w.toSubmit().forEach(work::submit);
                        toHarvest.addAll(w.toHarvest());
                        return !toHarvest.isEmpty()
                                || CandidateState.ENDED.contains(
                                        store.get(c.id()).state());
                    });
            check.accept(work);
        }
        return toHarvest;
    }

    /** A one-candidate Na campaign on the cluster whose candidate is PREPARED with the engine's bundle of {@code s}. */
    private Candidate prepared(
            CandidateStore store,
            CampaignService campaigns,
            GpawEngine engine,
            String name,
            Path inputSet,
            Structure s) {
        String id = campaigns
                .start(new CampaignSpec(
                        name,
                        List.of(List.of("Na")),
                        List.of(),
                        1,
                        "random",
                        Map.of(),
                        inputSet.toString(),
                        CLUSTER,
                        0,
                        "test",
                        7L))
                .id();
        Candidate c = store.addCandidate(id, CandidateChange.none().withStructure("Na", 1, s.size(), CifWriter.p1(s)));
        store.transition(c.id(), CandidateState.GENERATED, CandidateState.SCREENED, null);
        Path bundle = engine.prepare(c.id(), s, null, inputSet.toString(), root.resolve("outbox"));
        store.transition(
                c.id(),
                CandidateState.SCREENED,
                CandidateState.PREPARED,
                CandidateChange.none().withBundlePath(bundle.toString()));
        return store.get(c.id());
    }

    /** The local scheduler as GPAW's cluster: jobs run on this machine as under sbatch. */
    private ClusterProfile localGpaw() {
        return new ClusterProfile(
                CLUSTER,
                null,
                22,
                null,
                null,
                null,
                false,
                BatchSystem.LOCAL,
                root.resolve("cluster-work").toString(),
                new JobResources(null, null, null, null, null, List.of(), "unused", null, Map.of()),
                2,
                1,
                false,
                SshPolicy.defaults(),
                "gpaw",
                "/usr/bin/python3",
                1);
    }

    /**
     * A real walltime cut, recovered: bcc Na with a 4.7 Å cell (metal: 4.23 Å) relaxes its cell
     * under a walltime of 61 s, of which the driver keeps 60 s as its margin for writing results
     * (and twice its longest step), so GPAW's own driver stops the relaxation at its first check
     * and reports {@code walltime}, whatever the machine's speed; the
     * review restarts from the last geometry with twice the walltime (the next bundle's
     * xtalflow-walltime-s), and a later attempt finishes the relaxation. Real GPAW, real clock; no
     * recorded failure re-marked.
     */
    @Test
    @Tag("gpaw")
    void aRealWalltimeCutRestartsFromTheLastGeometryWithTwiceTheWalltime() throws Exception {
        LocalGpawRun.requireGpaw();
        long t0 = System.nanoTime();
        Path set = Files.writeString(root.resolve("GpawWalltimeCiSet.yaml"), """
                PARENT: GpawTestSet
                name: GpawWalltimeCiSet
                kpoint_density: 100
                relax: {max_steps: 40, fmax_ev_per_a: 0.05}
                """);
        Structure stretched = new Structure(
                Lattice.cubic(4.7),
                List.of(
                        new Site(Element.of("Na"), new double[] {0, 0, 0}),
                        new Site(Element.of("Na"), new double[] {0.5, 0.5, 0.5})));
        JobResources job = new JobResources("", "", 1, 1, "00:01:01", List.of(), "unused", "", Map.of());
        GpawEngine engine = GpawEngine.of(Path.of("templates"), BatchSystem.SLURM, job, "/usr/bin/python3");
        Path results = root.resolve("results");
        try (CandidateStore store = CandidateStore.openSqlite(root.resolve("xtalflow.db"))) {
            CampaignService campaigns = new CampaignService(root.resolve("campaigns"), store, (id, folder) -> folder);
            Candidate c = prepared(store, campaigns, engine, "na-walltime", set, stretched);
            Path bundle = Path.of(c.bundlePath());

            List<WorkItem> toHarvest = drive(localGpaw(), store, campaigns, results, c, stretched, bundle, work -> {
                assertThat(work.lastDftError(CLUSTER)).startsWith("gpaw " + c.id() + " attempt 1: walltime");
            });

            // attempt 1: the driver stopped at the walltime, after at least one BFGS step
            GpawResult first = GpawResultReader.readDirectory(results.resolve(c.id() + ".a1.failed"));
            assertThat(first.errors()).containsExactly(GpawError.WALLTIME);
            List<StoredAttempt> attempts = store.attempts(c.id());
            assertThat(attempts.get(0).errors()).isEqualTo("walltime");
            assertThat(attempts.get(0).outcome()).isEqualTo(AttemptReview.FIXABLE);
            assertThat(attempts.get(0).actions()).contains("walltime x2");
            // attempt 2's bundle: twice the walltime, from the geometry attempt 1 reached
            Path second = NextAttemptBundle.folder(store.get(c.id()), 2);
            assertThat(Files.readString(second.resolve("xtalflow-walltime-s")).trim())
                    .isEqualTo("122");
            Structure restart = Poscar.read(second.resolve("POSCAR")).structure();
            Structure reached = first.lastStructure() != null ? first.lastStructure() : stretched;
            assertThat(restart.lattice().volume())
                    .as("the restart is the geometry attempt 1 reached (%d BFGS steps)", first.relaxSteps())
                    .isCloseTo(reached.lattice().volume(), within(1e-3));
            // every later walltime cut doubled again; the last attempt relaxed the cell to its end
            for (StoredAttempt a : attempts) {
                if (a.errors().equals("walltime")) {
                    assertThat(a.actions()).contains("walltime x2");
                }
            }
            Candidate finished = store.get(c.id());
            assertThat(finished.state()).as("%s", finished.reason()).isEqualTo(CandidateState.FINISHED);
            assertThat(toHarvest).hasSize(1);
            GpawResult last = GpawResultReader.readDirectory(toHarvest.get(0).bundle());
            assertThat(last.ok()).as("%s", last.errors()).isTrue();
            assertThat(last.relaxConverged()).isTrue();
            double a = Math.cbrt(last.finalStructure().lattice().volume());
            assertThat(a).as("relaxed bcc Na lattice constant, Å").isBetween(4.0, 4.4);
            System.out.printf(
                    "GPAW walltime retry: %d attempts (%s), bcc Na relaxed from a = 4.70 to %.3f Å, %.0f s%n",
                    attempts.size(),
                    attempts.stream().map(StoredAttempt::errors).toList(),
                    a,
                    (System.nanoTime() - t0) / 1e9);
        }
    }
}
