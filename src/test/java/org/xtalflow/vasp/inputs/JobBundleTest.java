package org.xtalflow.vasp.inputs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.config.BatchSystem;
import org.xtalflow.config.JobResources;
import org.xtalflow.crystal.Element;
import org.xtalflow.crystal.Lattice;
import org.xtalflow.crystal.Site;
import org.xtalflow.crystal.Structure;
import org.xtalflow.crystal.io.BadInputException;
import org.xtalflow.crystal.io.CifReader;
import org.xtalflow.crystal.io.CifStructure;
import org.xtalflow.testing.SharedData;

/** Job bundles on disk: contents, manifest, POTCAR from a fake library or as a spec, packing, errors. */
class JobBundleTest {

    private static final Path TEMPLATES = Path.of("templates");
    private static CifStructure feO; // an oxide with U (mp-16887 is Ba2CoO4)
    private static final VaspInputSet RELAX = VaspInputSet.bundled("relax");

    @TempDir
    Path tmp;

    @BeforeAll
    static void read() {
        feO = new CifReader()
                .read(SharedData.path("mp_groundstates", "cifs", "mp-16887.cif"))
                .get(0);
    }

    private VaspInput input() {
        return RELAX.inputs(feO.structure(), feO.declaredSpaceGroup(), SiteDecorations.none());
    }

    private Path library() throws IOException {
        Path lib = tmp.resolve("potcars");
        FakePotcars.write(lib, "Ba_sv", false);
        FakePotcars.write(lib, "Co", true);
        FakePotcars.write(lib, "O", false);
        return lib;
    }

    private static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void specBundleHasEveryFileHashedAndNoPotcar() throws Exception {
        JobBundleWriter w = new JobBundleWriter(TEMPLATES, BatchSystem.SLURM, JobResources.defaults(), null);
        JobBundle b = w.write(tmp.resolve("out"), "cand-1", input());
        assertThat(listing(b.directory()))
                .containsExactly(
                        "INCAR",
                        "INCAR.static",
                        "KPOINTS",
                        "KPOINTS.static",
                        "POSCAR",
                        "POTCAR.spec",
                        "job.sh",
                        "manifest.json");
        assertThat(listing(tmp.resolve("out"))).containsExactly("cand-1");
        assertThat(Files.readString(b.directory().resolve("POTCAR.spec"))).isEqualTo("Ba_sv\nCo\nO\n");
        BundleManifest m = BundleManifest.read(b.directory().resolve("manifest.json"));
        assertThat(m).isEqualTo(b.manifest());
        assertThat(m.candidateId()).isEqualTo("cand-1");
        assertThat(m.potcarMode()).isEqualTo("spec");
        assertThat(m.files().keySet())
                .containsExactly(
                        "INCAR", "INCAR.static", "KPOINTS", "KPOINTS.static", "POSCAR", "POTCAR.spec", "job.sh");
        for (var e : m.files().entrySet()) {
            assertThat(BundleManifest.sha256(Files.readAllBytes(b.directory().resolve(e.getKey()))))
                    .isEqualTo(e.getValue());
        }
        assertThat(JobBundle.open(b.directory()).verify()).isEmpty();
        Files.writeString(b.directory().resolve("INCAR"), "NSW = 0\n");
        assertThat(JobBundle.open(b.directory()).verify()).containsExactly("INCAR");
        assertThat(Files.readString(b.directory().resolve("job.sh")))
                .contains(
                        "#SBATCH --job-name=cand-1",
                        "srun vasp_std",
                        "POT_GGA_PAW_PBE/$sym",
                        "cd \"${SLURM_SUBMIT_DIR:-.}\"");
        assertThat(Files.isExecutable(b.directory().resolve("job.sh"))).isTrue();
    }

    @Test
    void libraryBundleConcatenatesPotcarsInPoscarOrderIncludingGzipped() throws Exception {
        JobBundleWriter w = new JobBundleWriter(
                TEMPLATES, BatchSystem.SLURM, JobResources.defaults(), new PotcarLibrary(library()));
        JobBundle b = w.write(tmp.resolve("out"), "cand-2", input());
        assertThat(listing(b.directory())).contains("POTCAR").doesNotContain("POTCAR.spec");
        assertThat(Files.readString(b.directory().resolve("POTCAR")))
                .isEqualTo(FakePotcars.text("Ba_sv") + FakePotcars.text("Co") + FakePotcars.text("O"));
        assertThat(b.manifest().potcarMode()).isEqualTo("bundled");
        assertThat(Files.readString(b.directory().resolve("job.sh")))
                .contains("# POTCAR is part of the bundle")
                .doesNotContain("POTCAR.spec");
    }

    @Test
    void missingPotcarNamesTheSymbolAndEveryPathAndLeavesNothing() throws Exception {
        Path lib = tmp.resolve("potcars");
        FakePotcars.write(lib, "Ba_sv", false);
        FakePotcars.write(lib, "O", false);
        JobBundleWriter w =
                new JobBundleWriter(TEMPLATES, BatchSystem.SLURM, JobResources.defaults(), new PotcarLibrary(lib));
        Path out = Files.createDirectories(tmp.resolve("out"));
        assertThatThrownBy(() -> w.write(out, "cand-3", input()))
                .isInstanceOf(PotcarNotFoundException.class)
                .hasMessageContaining("symbol Co")
                .hasMessageContaining(lib.resolve("POT_GGA_PAW_PBE/Co/POTCAR").toString())
                .hasMessageContaining(lib.resolve("POT_GGA_PAW_PBE/Co/POTCAR.Z").toString())
                .hasMessageContaining(
                        lib.resolve("POT_GGA_PAW_PBE/Co/POTCAR.gz").toString());
        assertThat(listing(out)).isEmpty();
    }

    @Test
    void compressedPotcarsInZFormatAreReadToo() throws Exception {
        Path lib = tmp.resolve("zlib");
        FakePotcars.writeZ(lib, "O");
        assertThat(new String(new PotcarLibrary(lib).single("O", "PBE"), StandardCharsets.US_ASCII))
                .isEqualTo(FakePotcars.text("O"));
        // and by the cluster side (gzip -dc reads compress files): the spec assembly in job.sh
        FakePotcars.write(lib, "Ba_sv", false);
        FakePotcars.writeZ(lib, "Co");
        JobResources r = JobResources.fromMap(
                java.util.Map.of("potcar_library", lib.toString(), "vasp_command", "cp POTCAR POTCAR.seen"));
        JobBundle b =
                new JobBundleWriter(TEMPLATES, BatchSystem.SLURM, r, null).write(tmp.resolve("out"), "cand-z", input());
        Process p = new ProcessBuilder("bash", "job.sh")
                .directory(b.directory().toFile())
                .redirectErrorStream(true)
                .start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(log).isEqualTo(1); // no vasprun.xml from this "VASP": the flow stops after relax1
        assertThat(b.directory().resolve("relax1/POTCAR.seen"))
                .hasContent(FakePotcars.text("Ba_sv") + FakePotcars.text("Co") + FakePotcars.text("O"));
    }

    /**
     * Issue 17: vasp.job.vasp_command "srun $(touch /tmp/x) vasp_std" was pasted unquoted into
     * job.sh's fallback branch and ran when the bundle ran. Now it is refused where the
     * configuration is read, and both branches run a valid command the same way.
     */
    @Test
    void vaspCommandIsValidatedAndRunAlikeOnBothPaths() throws Exception {
        Path marker = tmp.resolve("pwned");
        assertThatThrownBy(() ->
                        JobResources.fromMap(java.util.Map.of("vasp_command", "srun $(touch " + marker + ") vasp_std")))
                .isInstanceOf(org.xtalflow.config.ConfigurationException.class)
                .hasMessageContaining("vasp.job.vasp_command: 'srun $(touch ")
                .hasMessageContaining("is not a plain command line");
        assertThatThrownBy(() -> JobResources.fromMap(java.util.Map.of("vasp_command", "vasp_std; rm -rf ~")))
                .isInstanceOf(org.xtalflow.config.ConfigurationException.class);
        assertThatThrownBy(() -> JobResources.fromMap(java.util.Map.of("modules", List.of("vasp/6.4.2 && curl x"))))
                .isInstanceOf(org.xtalflow.config.ConfigurationException.class)
                .hasMessageContaining("vasp.job.modules");
        assertThat(marker).doesNotExist();

        JobResources r = JobResources.fromMap(java.util.Map.of("vasp_command", "printf %s,%s fallback path"));
        JobBundle b = new JobBundleWriter(TEMPLATES, BatchSystem.SLURM, r, new PotcarLibrary(library()))
                .write(tmp.resolve("out"), "cand-q", input());
        assertThat(b.directory().resolve("job.sh"))
                .content()
                .contains("XTALFLOW_VASP_COMMAND='printf %s,%s fallback path'");
        assertThat(runJob(b)).isEqualTo("fallback,path");
        // the cluster path: the profile's command exported by xtalflow-env.sh, quoted the same way
        Files.writeString(
                b.directory().resolve("xtalflow-env.sh"),
                "export XTALFLOW_VASP_COMMAND=" + org.xtalflow.config.ShellWords.quote("printf %s,%s profile path")
                        + "\n");
        assertThat(runJob(b)).isEqualTo("profile,path");
    }

    private static String runJob(JobBundle b) throws Exception {
        Process p = new ProcessBuilder("bash", "job.sh")
                .directory(b.directory().toFile())
                .redirectErrorStream(true)
                .start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        // the command is no VASP (no vasprun.xml), so the flow stops after its first step with exit 1
        assertThat(p.waitFor()).as(log).isEqualTo(1);
        return Files.readString(b.directory().resolve("relax1/vasp.out"));
    }

    @Test
    void disorderedSitesAreRefused() {
        Structure s = new Structure(
                Lattice.cubic(4),
                List.of(
                        new Site(Element.of("Fe"), new double[] {0, 0, 0}, 0.5, "Fe1"),
                        new Site(Element.of("O"), new double[] {0.5, 0.5, 0.5})));
        assertThatThrownBy(() -> RELAX.inputs(s))
                .isInstanceOf(VaspInputException.class)
                .hasMessageContaining("disordered site Fe1");
    }

    @Test
    void mislabelledPotcarIsRefused() throws Exception {
        Path lib = library();
        Files.writeString(lib.resolve("POT_GGA_PAW_PBE/O/POTCAR"), FakePotcars.text("F"));
        assertThatThrownBy(() -> new PotcarLibrary(lib).assemble(List.of("O"), "PBE"))
                .isInstanceOf(VaspInputException.class)
                .hasMessageContaining("is for F, not O");
    }

    @Test
    void unknownElementWithoutPotcarChoiceAndEmptyStructureAreClearErrors() {
        Structure po = new Structure(Lattice.cubic(3.35), List.of(new Site(Element.of("Po"), new double[] {0, 0, 0})));
        assertThatThrownBy(() -> RELAX.inputs(po))
                .isInstanceOf(VaspInputException.class)
                .hasMessageContaining("element Po has no POTCAR choice in input set MPRelaxSet");
        Structure empty = new Structure(Lattice.cubic(3), List.of());
        assertThatThrownBy(() -> RELAX.inputs(empty))
                .isInstanceOf(VaspInputException.class)
                .hasMessageContaining("empty structure");
        // a user choice makes it work
        VaspInputSet withPo = new VaspInputSet(
                RELAX.config().withOverrides(java.util.Map.of("POTCAR", java.util.Map.of("Po", "Po_d"))));
        assertThat(withPo.inputs(po).potcarSymbols()).containsExactly("Po_d");
    }

    @Test
    void thePrepareStageLeavesNoBundleForAStructureItCannotHandle() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("out"));
        BundlePreparer stage = new BundlePreparer(
                new JobBundleWriter(TEMPLATES, BatchSystem.SLURM, JobResources.defaults(), null),
                name -> RELAX,
                true,
                false);
        Structure po = new Structure(Lattice.cubic(3.35), List.of(new Site(Element.of("Po"), new double[] {0, 0, 0})));
        assertThatThrownBy(() -> stage.prepare("po-1", po, null, "relax", out)).hasMessageContaining("element Po");
        assertThatThrownBy(
                        () -> stage.prepare("empty-1", new Structure(Lattice.cubic(3), List.of()), null, "relax", out))
                .hasMessageContaining("empty structure");
        assertThatThrownBy(() -> stage.prepare("../escape", feO.structure(), null, "relax", out))
                .hasMessageContaining("candidate id '../escape'");
        assertThat(listing(out)).isEmpty();
        JobBundle ok = stage.prepare("ok-1", feO.structure(), feO.declaredSpaceGroup(), "relax", out);
        assertThat(listing(out)).containsExactly("ok-1", "ok-1.tar.gz");
        assertThat(ok.verify()).isEmpty();
    }

    @Test
    void unreadableTemplateAndUnknownPlaceholderFailWithoutAPartialBundle() throws Exception {
        Path noJobs = tmp.resolve("empty-templates");
        Files.createDirectories(noJobs.resolve("jobs"));
        assertThatThrownBy(() -> new JobBundleWriter(noJobs, BatchSystem.PBS, JobResources.defaults(), null))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining(noJobs.resolve("jobs/pbs.sh").toString())
                .hasMessageContaining("cannot read template");

        Path bad = tmp.resolve("bad-templates");
        Files.createDirectories(bad.resolve("jobs"));
        Files.copy(TEMPLATES.resolve("jobs/potcar-assemble.sh"), bad.resolve("jobs/potcar-assemble.sh"));
        Files.writeString(
                bad.resolve("jobs/slurm.sh"), "#!/bin/bash\n#SBATCH --job-name=${job_name}\n#SBATCH --qos=${qos}\n");
        JobBundleWriter w = new JobBundleWriter(bad, BatchSystem.SLURM, JobResources.defaults(), null);
        Path out = Files.createDirectories(tmp.resolve("out"));
        assertThatThrownBy(() -> w.write(out, "cand-4", input()))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining(bad.resolve("jobs/slurm.sh") + ":3:")
                .hasMessageContaining("unknown placeholder ${qos}");
        assertThat(listing(out)).isEmpty();
    }

    @Test
    void templateSubstitutionIsStrictAndEscapesDollars() {
        Template t = new Template("t", "a=${x} b=$${HOME} c=$$ d=$y\n");
        assertThat(t.placeholders()).containsExactly("x");
        assertThat(t.render(java.util.Map.of("x", "1"))).isEqualTo("a=1 b=${HOME} c=$ d=$y\n");
        assertThatThrownBy(() -> new Template("t", "line1\n${not valid}\n"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("t:2:")
                .hasMessageContaining("malformed placeholder");
        assertThatThrownBy(() -> t.render(java.util.Map.of())).hasMessageContaining("unknown placeholder ${x}");
    }

    @Test
    void bundlesAndArchivesAreByteIdenticalAcrossRuns() throws Exception {
        JobBundleWriter w = new JobBundleWriter(
                TEMPLATES, BatchSystem.SLURM, JobResources.defaults(), new PotcarLibrary(library()));
        JobBundle first = w.write(tmp.resolve("run1"), "cand-5", input());
        Path tar1 = first.pack(tmp.resolve("run1/cand-5.tar.gz"));
        // a second run later, into another place, from a freshly read structure: same bytes
        Files.setLastModifiedTime(first.directory().resolve("INCAR"), FileTime.from(1, TimeUnit.DAYS));
        CifStructure again = new CifReader()
                .read(SharedData.path("mp_groundstates", "cifs", "mp-16887.cif"))
                .get(0);
        JobBundle second = w.write(
                tmp.resolve("run2"),
                "cand-5",
                VaspInputSet.bundled("relax")
                        .inputs(again.structure(), again.declaredSpaceGroup(), SiteDecorations.none()));
        Path tar2 = second.pack(tmp.resolve("run2/cand-5.tar.gz"));
        for (String f : listing(first.directory())) {
            assertThat(Files.readAllBytes(second.directory().resolve(f)))
                    .as(f)
                    .isEqualTo(Files.readAllBytes(first.directory().resolve(f)));
        }
        assertThat(Files.readAllBytes(tar2)).isEqualTo(Files.readAllBytes(tar1));
        // gzip header: no mtime (bytes 4-7 zero), no file name flag
        byte[] gz = Files.readAllBytes(tar1);
        assertThat(new byte[] {gz[4], gz[5], gz[6], gz[7]}).containsOnly(0);
        assertThat(gz[3] & 0x08).isZero();
        // entries sorted under <id>/, fixed mtime, uid/gid 0, modes
        List<String> names = new ArrayList<>();
        try (InputStream in = Files.newInputStream(tar1);
                TarArchiveInputStream t = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
            TarArchiveEntry e;
            while ((e = t.getNextEntry()) != null) {
                names.add(e.getName());
                assertThat(e.getModTime().getTime()).isEqualTo(JobBundle.FIXED_MTIME_MS);
                assertThat(e.getLongUserId()).isZero();
                assertThat(e.getLongGroupId()).isZero();
                int mode = e.getMode() & 0777;
                assertThat(mode).isEqualTo(e.isDirectory() || e.getName().endsWith("job.sh") ? 0755 : 0644);
                if (e.getName().endsWith("/POTCAR")) {
                    assertThat(new String(t.readAllBytes(), StandardCharsets.US_ASCII))
                            .startsWith("  PAW_PBE Ba_sv");
                }
            }
        }
        assertThat(names)
                .containsExactly(
                        "cand-5/",
                        "cand-5/INCAR",
                        "cand-5/INCAR.static",
                        "cand-5/KPOINTS",
                        "cand-5/KPOINTS.static",
                        "cand-5/POSCAR",
                        "cand-5/POTCAR",
                        "cand-5/job.sh",
                        "cand-5/manifest.json");
    }

    @Test
    void rewritingACandidateReplacesItsBundle() throws Exception {
        JobBundleWriter spec = new JobBundleWriter(TEMPLATES, BatchSystem.SLURM, JobResources.defaults(), null);
        JobBundleWriter lib = new JobBundleWriter(
                TEMPLATES, BatchSystem.SLURM, JobResources.defaults(), new PotcarLibrary(library()));
        Path out = tmp.resolve("out");
        spec.write(out, "cand-6", input());
        JobBundle b = lib.write(out, "cand-6", input());
        assertThat(listing(b.directory())).contains("POTCAR").doesNotContain("POTCAR.spec");
        assertThat(listing(out)).containsExactly("cand-6");
    }

    @Test
    void pbsScriptCarriesQueueAccountAndResources() throws Exception {
        JobResources r = JobResources.fromMap(java.util.Map.of(
                "queue",
                "workq",
                "account",
                "proj7",
                "nodes",
                2,
                "ntasks",
                64,
                "walltime",
                "12:00:00",
                "modules",
                List.of("intel/2023", "vasp/6.4.2"),
                "vasp_command",
                "mpirun -np 64 vasp_std"));
        JobBundle b =
                new JobBundleWriter(TEMPLATES, BatchSystem.PBS, r, null).write(tmp.resolve("out"), "cand-7", input());
        assertThat(Files.readString(b.directory().resolve("job.sh")))
                .contains(
                        "#PBS -N cand-7",
                        "#PBS -q workq",
                        "#PBS -A proj7",
                        "#PBS -l nodes=2:ppn=32",
                        "#PBS -l walltime=12:00:00",
                        "module load intel/2023\nmodule load vasp/6.4.2",
                        "XTALFLOW_VASP_COMMAND='mpirun -np 64 vasp_std'; fi\n",
                        "  $XTALFLOW_VASP_COMMAND\n",
                        "cd \"${PBS_O_WORKDIR:-.}\"");
        assertThat(b.manifest().scheduler()).isEqualTo("pbs");
        assertThatThrownBy(() -> JobResources.fromMap(java.util.Map.of("walltime", "soon")))
                .hasMessageContaining("walltime");
        assertThatThrownBy(() -> JobResources.fromMap(java.util.Map.of("qos", "x")))
                .hasMessageContaining("unknown job resource 'qos'");
    }

    @Test
    void jobScriptAssemblesPotcarFromSpecOnTheClusterWithBash() throws Exception {
        Path clusterLib = library();
        JobResources r = JobResources.fromMap(java.util.Map.of(
                "potcar_library", clusterLib.toString(), "vasp_command", "cp POTCAR POTCAR.seen-by-vasp"));
        JobBundle b =
                new JobBundleWriter(TEMPLATES, BatchSystem.SLURM, r, null).write(tmp.resolve("out"), "cand-8", input());
        Process p = new ProcessBuilder("bash", "job.sh")
                .directory(b.directory().toFile())
                .redirectErrorStream(true)
                .start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        // the "VASP" here writes no vasprun.xml: the first step of the flow stops the job, unfinished
        assertThat(p.waitFor()).as(log).isEqualTo(1);
        assertThat(log).contains("step relax1: vasprun.xml missing or incomplete");
        assertThat(b.directory().resolve("relax1/xtalflow-done")).doesNotExist();
        assertThat(Files.readAllBytes(b.directory().resolve("relax1/POTCAR.seen-by-vasp")))
                .isEqualTo(new PotcarLibrary(clusterLib).assemble(List.of("Ba_sv", "Co", "O"), "PBE"));

        // a symbol the cluster lacks stops the job before VASP, naming the paths
        Files.delete(clusterLib.resolve("POT_GGA_PAW_PBE/O/POTCAR"));
        JobBundle b2 =
                new JobBundleWriter(TEMPLATES, BatchSystem.SLURM, r, null).write(tmp.resolve("out"), "cand-9", input());
        Process p2 = new ProcessBuilder("bash", "job.sh")
                .directory(b2.directory().toFile())
                .redirectErrorStream(true)
                .start();
        String log2 = new String(p2.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p2.waitFor()).isEqualTo(2);
        assertThat(log2)
                .contains(
                        "no POTCAR for O",
                        clusterLib.resolve("POT_GGA_PAW_PBE/O/POTCAR.gz").toString());
        assertThat(b2.directory().resolve("POTCAR.seen-by-vasp")).doesNotExist();
        assertThat(b2.directory().resolve("POTCAR")).doesNotExist();
    }
}
