package org.xtalflow.hpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xtalflow.campaign.CandidateState;
import org.xtalflow.config.BatchSystem;
import org.xtalflow.config.JobResources;

class SchedulerParsingTest {

    static ClusterProfile profile(BatchSystem kind, Map<String, String> resources) {
        return new ClusterProfile(
                "c1",
                "login.example.org",
                22,
                "alice",
                Path.of("/k"),
                Path.of("/kh"),
                false,
                kind,
                "/scratch/alice/xtalflow",
                new JobResources(
                        "normal",
                        "proj-42",
                        null,
                        null,
                        null,
                        List.of("module load vasp/6.4.2"),
                        "srun vasp_std",
                        "/apps/potpaw_PBE_54",
                        resources),
                10,
                60,
                true,
                SshPolicy.defaults());
    }

    @Test
    void pbsRecordedQstatJsonMapsEveryState() throws Exception {
        String json = Files.readString(Path.of("src/test/resources/hpc/pbs/qstat-x-f-F-json.json"));
        Map<String, JobStatus> s = new PbsScheduler().parsePoll(json);
        assertThat(s).hasSize(9);
        assertThat(s.get("4101.pbs01").state()).isEqualTo(JobState.PENDING);
        assertThat(s.get("4101.pbs01").reason()).contains("Insufficient amount of resource");
        assertThat(s.get("4101.pbs01").jobName()).isEqualTo("xf-camp1-000001");
        assertThat(s.get("4102.pbs01").state()).isEqualTo(JobState.RUNNING);
        assertThat(s.get("4103.pbs01").state()).isEqualTo(JobState.COMPLETED);
        assertThat(s.get("4104.pbs01").state()).isEqualTo(JobState.TIMEOUT);
        assertThat(s.get("4104.pbs01").reason()).contains("walltime 86433 exceeded");
        assertThat(s.get("4105.pbs01").state()).isEqualTo(JobState.CANCELLED);
        assertThat(s.get("4106.pbs01").state()).isEqualTo(JobState.FAILED);
        assertThat(s.get("4106.pbs01").reason()).contains("Exit_status 3");
        assertThat(s.get("4107.pbs01").state()).isEqualTo(JobState.CANCELLED);
        assertThat(s.get("4108.pbs01").state()).isEqualTo(JobState.OUT_OF_MEMORY);
        assertThat(s.get("4109.pbs01").state()).isEqualTo(JobState.PENDING);
        assertThat(org.xtalflow.campaign.ClusterJobs.candidateState(
                        s.get("4104.pbs01").state()))
                .isEqualTo(CandidateState.TIMEOUT);
        assertThat(JobRequest.candidateOf(s.get("4103.pbs01").jobName())).isEqualTo("camp1-000003");
        assertThat(new PbsScheduler().parsePoll("{\"Jobs\":{}}")).isEmpty();
        assertThatThrownBy(() -> new PbsScheduler().parsePoll("qstat: Unknown Job Id"))
                .isInstanceOf(HpcException.class);
    }

    @Test
    void pbsSubmitCommandIsQuotedAndRefusalKeepsTheReason() {
        ClusterProfile p =
                profile(BatchSystem.PBS, Map.of("walltime", "24:00:00", "select", "1:ncpus=128:mpiprocs=128"));
        JobRequest r =
                new JobRequest("camp1-000001", "xf-camp1-000001", "/scratch/alice/xtalflow/camp1-000001/a1", "job.sh");
        String cmd = new PbsScheduler().submitCommand(p, r);
        assertThat(cmd)
                .contains("qsub -N 'xf-camp1-000001'")
                .contains("-q 'normal'")
                .contains("-A 'proj-42'")
                .contains("-l 'select=1:ncpus=128:mpiprocs=128'")
                .contains("-l 'walltime=24:00:00'")
                .contains("'job.sh'")
                .contains("if [ -s .xtalflow-jobid ]");
        assertThat(new PbsScheduler().parseSubmit(p, r, new ExecResult(0, "4101.pbs01\n", "")))
                .isEqualTo("4101.pbs01");
        assertThatThrownBy(() -> new PbsScheduler()
                        .parseSubmit(p, r, new ExecResult(38, "", "qsub: Job exceeds queue resource limits")))
                .isInstanceOf(SubmitRefusedException.class)
                .hasMessageContaining("exceeds queue resource limits");
    }

    @Test
    void slurmSqueueAndSacctOutputsMap() {
        String squeue =
                "101|xf-c-000001|PENDING|Priority\n102|xf-c-000002|RUNNING|None\n103|xf-c-000003|COMPLETED|None\n"
                        + "104|xf-c-000004|TIMEOUT|TimeLimit\n105|xf-c-000005|CANCELLED|None\n106|xf-c-000006|FAILED|NonZeroExitCode\n"
                        + "107|xf-c-000007|OUT_OF_MEMORY|OutOfMemory\n108|xf-c-000008|NODE_FAIL|NodeDown\n109|other|COMPLETING|None\n";
        Map<String, JobStatus> s = new SlurmScheduler().parsePoll(squeue);
        assertThat(s).hasSize(9);
        assertThat(s.get("101").state()).isEqualTo(JobState.PENDING);
        assertThat(s.get("101").reason()).isEqualTo("PENDING: Priority");
        assertThat(s.get("102").state()).isEqualTo(JobState.RUNNING);
        assertThat(org.xtalflow.campaign.ClusterJobs.candidateState(s.get("103").state()))
                .isEqualTo(CandidateState.FINISHED);
        assertThat(org.xtalflow.campaign.ClusterJobs.candidateState(s.get("104").state()))
                .isEqualTo(CandidateState.TIMEOUT);
        assertThat(org.xtalflow.campaign.ClusterJobs.candidateState(s.get("105").state()))
                .isEqualTo(CandidateState.FAILED);
        assertThat(s.get("106").reason()).isEqualTo("FAILED: NonZeroExitCode");
        assertThat(s.get("107").state()).isEqualTo(JobState.OUT_OF_MEMORY);
        assertThat(s.get("108").state()).isEqualTo(JobState.NODE_FAIL);
        assertThat(s.get("109").state()).isEqualTo(JobState.RUNNING);
        Map<String, JobStatus> f = new SlurmScheduler().parseFinished("201|xf-c-000009|CANCELLED by 1000|0:15\n");
        assertThat(f.get("201").state()).isEqualTo(JobState.CANCELLED);
        assertThat(f.get("201").reason()).contains("exit code 0:15");
    }

    /**
     * sacct --parsable2 (fields joined by '|', no trailing one; --allocations: no step lines) as
     * Slurm 22.05 prints it for jobs the queue has forgotten, and the failures of sbatch that pass
     * (the client's own words) versus the refusals that do not.
     */
    @Test
    void sacctParsable2AndTransientSbatchFailures() {
        String sacct = "4242|xf-c-000001|COMPLETED|0:0\n"
                + "4243|xf-c-000002|TIMEOUT|0:0\n"
                + "4244|xf-c-000003|CANCELLED by 0|0:15\n"
                + "4245|xf-c-000004|OUT_OF_MEMORY|0:125\n"
                + "4246|xf-c-000005|FAILED|1:0\n"
                + "4247|xf-c-000006|NODE_FAIL|0:0\n";
        Map<String, JobStatus> f = new SlurmScheduler().parseFinished(sacct);
        assertThat(f).hasSize(6);
        assertThat(f.get("4242").jobName()).isEqualTo("xf-c-000001");
        assertThat(f.get("4242").state()).isEqualTo(JobState.COMPLETED);
        assertThat(f.get("4243").state()).isEqualTo(JobState.TIMEOUT);
        assertThat(f.get("4244").state()).isEqualTo(JobState.CANCELLED);
        assertThat(f.get("4245").state()).isEqualTo(JobState.OUT_OF_MEMORY);
        assertThat(f.get("4246").state()).isEqualTo(JobState.FAILED);
        assertThat(f.get("4246").reason()).isEqualTo("FAILED (exit code 1:0)");
        assertThat(f.get("4247").state()).isEqualTo(JobState.NODE_FAIL);

        java.util.function.Function<Boolean, ClusterProfile> accounting = a -> new ClusterProfile(
                "c1",
                "login.example.org",
                22,
                "alice",
                Path.of("/k"),
                Path.of("/kh"),
                false,
                BatchSystem.SLURM,
                "/scratch/alice/xtalflow",
                null,
                10,
                30,
                a,
                SshPolicy.defaults());
        ClusterProfile withAccounting = accounting.apply(true);
        assertThat(new SlurmScheduler().namedJobsCommand(withAccounting, List.of("xf-c-000001", "xf-c-000002")))
                .isEqualTo("sacct --noheader --parsable2 --allocations --starttime=now-30days"
                        + " --name='xf-c-000001,xf-c-000002' --format=JobID,JobName,State,ExitCode");
        assertThat(new SlurmScheduler().namedJobsCommand(accounting.apply(false), List.of("xf-a")))
                .as("no accounting declared")
                .isNull();

        JobRequest r = new JobRequest("c-000001", "xf-c-000001", "/scratch/alice/xtalflow/c-000001/a1", "job.sh");
        for (String passes : List.of(
                "sbatch: error: Batch job submission failed: Socket timed out on send/recv operation",
                "sbatch: error: Batch job submission failed: Resource temporarily unavailable",
                "sbatch: error: Batch job submission failed: Unable to contact slurm controller (connect failure)",
                "sbatch: error: slurm_load_partitions: Zero Bytes were transmitted or received")) {
            assertThatThrownBy(() ->
                            new SlurmScheduler().parseSubmit(withAccounting, r, new ExecResult(1, "", passes + "\n")))
                    .as(passes)
                    .isInstanceOf(SubmitTransientException.class)
                    .hasMessageContaining("a failure that passes");
        }
        assertThatThrownBy(
                        () -> new SlurmScheduler()
                                .parseSubmit(
                                        withAccounting,
                                        r,
                                        new ExecResult(
                                                1,
                                                "",
                                                "sbatch: error: Batch job submission failed: Invalid partition name specified\n")))
                .isInstanceOf(SubmitRefusedException.class)
                .isNotInstanceOf(SubmitTransientException.class);
    }

    @Test
    void slurmCommandsAreBuiltFromValidatedQuotedParts() {
        ClusterProfile p = profile(BatchSystem.SLURM, Map.of("time", "24:00:00", "ntasks-per-node", "128"));
        JobRequest r = new JobRequest("c-000001", "xf-c-000001", "/scratch/alice/xtalflow/c-000001/a1", "job.sh");
        String cmd = new SlurmScheduler().submitCommand(p, r);
        assertThat(cmd)
                .contains("sbatch --parsable --job-name='xf-c-000001'")
                .contains("--partition='normal'")
                .contains("--account='proj-42'")
                .contains("--ntasks-per-node='128'")
                .contains("--time='24:00:00'");
        assertThat(new SlurmScheduler().parseSubmit(p, r, new ExecResult(0, "4242;cluster\n", "")))
                .isEqualTo("4242");
        assertThatThrownBy(
                        () -> new SlurmScheduler()
                                .parseSubmit(
                                        p,
                                        r,
                                        new ExecResult(
                                                1,
                                                "",
                                                "sbatch: error: Batch job submission failed: Invalid account or account/partition combination specified")))
                .isInstanceOf(SubmitRefusedException.class)
                .hasMessageContaining("Invalid account");
        assertThat(new SlurmScheduler().pollCommand(p, List.of("1")))
                .isEqualTo("squeue --noheader --states=all --user='alice' --format='%i|%j|%T|%r'");
        assertThat(new SlurmScheduler().finishedCommand(p, List.of("7", "8"))).contains("--jobs='7,8'");
        assertThatThrownBy(() -> new SlurmScheduler().finishedCommand(p, List.of("7;rm -rf ~")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unsafeNamesNeverReachAShell() {
        assertThatThrownBy(() -> new JobRequest("c-1; rm -rf /", "xf-c", "/w/c", "job.sh"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new JobRequest("c-1", "xf-c-1", "/w/../etc", "job.sh"))
                .hasMessageContaining("'..'");
        assertThatThrownBy(() -> new JobRequest("c-1", "xf-c-1", "/w/c-1", "$(reboot)"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> profile(BatchSystem.SLURM, Map.of("time", "1:00;reboot")))
                .isInstanceOf(ClusterConfigException.class);
        assertThatThrownBy(() -> profile(BatchSystem.SLURM, Map.of("--evil", "1")))
                .isInstanceOf(ClusterConfigException.class);
        assertThat(SafeName.quote("it's")).isEqualTo("'it'\"'\"'s'");
        assertThat(SafeName.path("p", "/scratch/a-b/c_d.1")).isEqualTo("/scratch/a-b/c_d.1");
    }
}
