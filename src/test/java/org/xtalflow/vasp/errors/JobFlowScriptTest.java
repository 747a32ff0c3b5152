package org.xtalflow.vasp.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.config.BatchSystem;
import org.xtalflow.config.JobResources;
import org.xtalflow.testing.SharedData;
import org.xtalflow.vasp.inputs.Incar;
import org.xtalflow.vasp.inputs.JobBundle;
import org.xtalflow.vasp.inputs.JobBundleWriter;
import org.xtalflow.vasp.inputs.JobFlow;
import org.xtalflow.vasp.inputs.PotcarLibrary;
import org.xtalflow.vasp.inputs.VaspInput;

/**
 * The real job script (templates/jobs/slurm.sh with the flow snippet) run by bash on this machine,
 * with the VASP stand-in TEST DOUBLE playing a scenario of recorded real outputs: between attempts
 * the checker and the corrections work on the failed step's folder, as the campaign will.
 */
class JobFlowScriptTest {

    @TempDir
    Path tmp;

    private JobBundle bundle(String id, String walltime, int marginS, String scenario) throws Exception {
        Path lib = tmp.resolve("potcars");
        for (String sym : PhysicsLockTest.mpRelax().potcarSymbols()) {
            Path d = Files.createDirectories(lib.resolve("POT_GGA_PAW_PBE").resolve(sym));
            Files.writeString(
                    d.resolve("POTCAR"),
                    "  PAW_PBE " + sym + " 01Jan2000\n 10.0\n   TITEL  = PAW_PBE " + sym
                            + " 01Jan2000\n   FAKE POTCAR FOR TESTS ONLY\n End of Dataset\n");
        }
        VaspInput input = PhysicsLockTest.mpRelax();
        Path standin = Path.of("src/test/resources/hpc/vasp-standin.sh").toAbsolutePath();
        JobResources r = JobResources.fromMap(Map.of(
                "walltime",
                walltime,
                "ntasks",
                1,
                "vasp_command",
                "bash " + standin + " " + SharedData.path("vasp_outputs", "outputs")));
        JobBundle b = new JobBundleWriter(
                        Path.of("templates"),
                        BatchSystem.SLURM,
                        r,
                        new PotcarLibrary(lib),
                        JobFlow.of("double_relax_static", marginS))
                .write(tmp.resolve("jobs"), id, input);
        Files.writeString(b.directory().resolve("STANDIN_SCENARIO"), scenario);
        return b;
    }

    private static int runJob(Path dir, StringBuilder log) throws Exception {
        ProcessBuilder pb =
                new ProcessBuilder("bash", "job.sh").directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().remove("SLURM_JOB_ID");
        Process p = pb.start();
        log.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        return p.waitFor();
    }

    /** What the campaign does between attempts: check the first unfinished step, correct it in place. */
    private static CorrectionPlan correct(Path job, int attempt) {
        Path step = JobSteps.firstUnfinished(job, JobFlow.defaults());
        assertThat(step).as("an unfinished step").isNotNull();
        Diagnosis d = new RunChecker().check(step);
        CorrectionPlan plan = new Corrector(PhysicsLock.defaults(), 5)
                .plan(
                        d,
                        NextAttempt.context(step, d, 1),
                        attempt,
                        NextAttempt.referenceIncar(step),
                        NextAttempt.referenceKpoints(step));
        if (plan.retry()) {
            NextAttempt.apply(step, plan, attempt);
        }
        return plan;
    }

    @Test
    void zbrentInTheFirstRelaxationIsCorrectedAndTheFlowFinishesWithoutRerunningFinishedSteps() throws Exception {
        JobBundle b = bundle("zb-1", "01:00:00", 300, "relax1 vasp.zbrent\nrelax1 ok\nrelax2 ok\nstatic ok\n");
        Path job = b.directory();
        StringBuilder log = new StringBuilder();
        assertThat(runJob(job, log)).as(log.toString()).isEqualTo(1);
        assertThat(Files.readString(job.resolve("relax1/vasp.out"))).contains("ZBRENT: fatal error in bracketing");

        CorrectionPlan p = correct(job, 1);
        assertThat(p.errors()).containsExactly("zbrent");
        assertThat(p.actions())
                .extracting(Action::describe)
                .contains("restart from CONTCAR", "EDIFF = 1e-06", "NELMIN = 8");
        assertThat(Incar.parse(Files.readString(job.resolve("relax1/INCAR")), "INCAR")
                        .getDouble("EDIFF"))
                .isEqualTo(1e-6);

        StringBuilder log2 = new StringBuilder();
        assertThat(runJob(job, log2)).as(log2.toString()).isZero();
        for (String s : new String[] {"relax1", "relax2", "static"}) {
            assertThat(job.resolve(s).resolve(NextAttempt.DONE_MARKER)).exists();
        }
        // each scenario line played once: relax1 twice, relax2 and static once each
        assertThat(Files.readAllLines(job.resolve(".standin-played"))).containsExactly("1", "2", "3", "4");
        // the static step ran with MPStaticSet's INCAR, from relax2's CONTCAR, and the harvest finds it at the top
        Incar st = Incar.parse(Files.readString(job.resolve("static/INCAR")), "INCAR");
        assertThat(st.get("NSW")).isEqualTo(0);
        assertThat(st.get("LCHARG")).isEqualTo(Boolean.TRUE);
        assertThat(job.resolve("static/POSCAR")).hasSameTextualContentAs(job.resolve("relax2/CONTCAR"));
        assertThat(job.resolve("vasprun.xml")).hasSameTextualContentAs(job.resolve("static/vasprun.xml"));
        // the report's volume change of the second relaxation, from relax2's vasprun.xml
        var recorded =
                org.xtalflow.vasp.outputs.Vasprun.read(SharedData.path("vasp_outputs", "outputs", "vasprun.xml.gz"));
        double v0 = recorded.initialStructure().lattice().volume();
        double v1 = recorded.finalStructure().lattice().volume();
        assertThat(JobSteps.secondRelaxationVolumeChange(job))
                .hasValueCloseTo((v1 - v0) / v0, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(JobSteps.firstUnfinished(job, JobFlow.defaults())).isNull();
        // the corrected step kept the set's INCAR as the lock's reference
        assertThat(job.resolve("relax1/INCAR.set")).exists();

        // a third run of the finished job runs nothing
        StringBuilder log3 = new StringBuilder();
        assertThat(runJob(job, log3)).isZero();
        assertThat(log3.toString()).doesNotContain("xtalflow: step");
    }

    @Test
    void theScriptStopsVaspBeforeTheWalltimeAndTheNextAttemptContinuesFromContcar() throws Exception {
        // 12 s of walltime, a 6 s margin: the STOPCAR comes about 6 s in
        JobBundle b = bundle("wt-1", "00:00:12", 6, "relax1 walltime\n");
        Path job = b.directory();
        StringBuilder log = new StringBuilder();
        assertThat(runJob(job, log)).as(log.toString()).isEqualTo(1);
        assertThat(log.toString()).contains("step relax1 stopped before the time limit");
        assertThat(job.resolve("relax1/STOPCAR")).content().contains("LSTOP = .TRUE.");
        assertThat(job.resolve("relax1/CONTCAR")).exists();

        CorrectionPlan p = correct(job, 1);
        assertThat(p.errors()).containsExactly("walltime");
        assertThat(p.actions()).extracting(Action::describe).containsExactly("restart from CONTCAR");
        assertThat(job.resolve("relax1/STOPCAR")).doesNotExist();

        StringBuilder log2 = new StringBuilder();
        assertThat(runJob(job, log2)).as(log2.toString()).isZero();
        assertThat(job.resolve("static").resolve(NextAttempt.DONE_MARKER)).exists();
    }

    @Test
    void moreWalltimeAndMemoryStayWithinTheProfilesLimits() {
        JobResources r = JobResources.fromMap(Map.of("walltime", "20:00:00", "nodes", 1, "ntasks", 32));
        JobResources twice = new NextAttempt.ResourceChange(2.0, 1.0).apply(r, "30:00:00", 4);
        assertThat(twice.walltime()).isEqualTo("30:00:00");
        JobResources wide = new NextAttempt.ResourceChange(1.0, 2.0).apply(r, "48:00:00", 4);
        assertThat(wide.nodes()).isEqualTo(2);
        assertThat(wide.ntasks()).isEqualTo(32);
        assertThat(wide.walltime()).isEqualTo("20:00:00");
        assertThat(new NextAttempt.ResourceChange(1.0, 8.0)
                        .apply(r, "48:00:00", 4)
                        .nodes())
                .isEqualTo(4);
    }

    @Test
    void chargeSloshingAndOutOfMemoryAreFoundInTheStepFolder() throws Exception {
        JobBundle b = bundle("cs-1", "01:00:00", 300, "relax1 OSZICAR.nonconverging\nrelax1 std_err.txt.oom\n");
        Path job = b.directory();
        // the recorded sloshing run had NELM = 10 (custodian's test INCAR): a set with that NELM
        Incar incar = Incar.parse(Files.readString(job.resolve("INCAR")), "INCAR");
        Files.writeString(job.resolve("INCAR"), incar.put("NELM", 10).toText());
        StringBuilder log = new StringBuilder();
        assertThat(runJob(job, log)).isEqualTo(1);
        CorrectionPlan p1 = correct(job, 1);
        assertThat(p1.errors()).containsExactly("non_converging");
        // MPRelaxSet runs ALGO = Fast: the ladder goes to Normal
        assertThat(p1.actions()).extracting(Action::describe).containsExactly("ALGO = Normal");
        StringBuilder log2 = new StringBuilder();
        assertThat(runJob(job, log2)).isEqualTo(1);
        CorrectionPlan p2 = correct(job, 2);
        assertThat(p2.errors()).containsExactly("out_of_memory");
        assertThat(p2.actions())
                .extracting(Action::describe)
                .containsExactly("memory per task x2 (tasks spread over more nodes)");
    }
}
