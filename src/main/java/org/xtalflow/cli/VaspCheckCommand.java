package org.xtalflow.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.xtalflow.crystal.io.BadInputException;
import org.xtalflow.vasp.errors.Action;
import org.xtalflow.vasp.errors.CorrectionPlan;
import org.xtalflow.vasp.errors.Corrector;
import org.xtalflow.vasp.errors.Diagnosis;
import org.xtalflow.vasp.errors.NextAttempt;
import org.xtalflow.vasp.errors.RunChecker;
import org.xtalflow.vasp.errors.RunContext;
import org.xtalflow.vasp.errors.RunFiles;
import org.xtalflow.vasp.errors.RunPolicy;
import org.xtalflow.vasp.errors.VasprunInputs;
import org.xtalflow.vasp.inputs.Incar;
import org.xtalflow.vasp.inputs.Kpoints;
import org.xtalflow.vasp.outputs.Vasprun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Checks VASP runs for the known failures and says what the next attempt would change: one line
 * per PATH (a run folder or a single output file). In a folder the INCAR, KPOINTS and CONTCAR
 * decide the actions and INCAR.set/KPOINTS.set (else INCAR/KPOINTS) are the input set the physics
 * lock compares with; a single file is judged with VASP's defaults. Nothing is changed on disk.
 */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        footer = {"%nExample:", "  bin/xtalflow vasp check --json ../shared/data/vasp_errors/files/vasp.zbrent"},
        description =
                "Find VASP errors (custodian's keys, non-convergence, positive energy, large smearing entropy, "
                        + "frozen job, walltime) in run folders or output files, and the corrections the next attempt would get.")
public final class VaspCheckCommand implements Callable<Integer> {

    @Parameters(
            arity = "1..*",
            paramLabel = "PATH",
            description =
                    "run folder, or vasp.out / std_err.txt / *.out / *.err / OSZICAR / OUTCAR / vasprun.xml (gzipped or not)")
    List<Path> paths;

    @Option(
            names = "--json",
            description = "One JSON object per line and PATH: path, errors, actions, locked, reason, warnings.")
    boolean json;

    @Option(
            names = "--config",
            paramLabel = "YAML",
            defaultValue = "conf/xtalflow.yaml",
            description = "Configuration: vasp.lock and vasp.corrections (defaults when the file is absent).")
    Path config;

    @Option(
            names = "--attempt",
            defaultValue = "1",
            description = "The attempt the outputs are from (1-based; default 1).")
    int attempt;

    @Option(names = "--running", description = "The job is still running: also check for a frozen job.")
    boolean running;

    @Option(names = "--mpi-tasks", defaultValue = "0", description = "MPI tasks of the job (some fixes depend on it).")
    int mpiTasks;

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public Integer call() {
        // a bad configuration is a ConfigurationException: ErrorPolicy prints it and exits 3
        RunPolicy policy = Files.isRegularFile(config) ? RunPolicy.load(config) : RunPolicy.defaults();
        var options =
                running ? policy.check().whileRunning(policy.check().frozenAfter(), Instant.now()) : policy.check();
        RunChecker checker = new RunChecker(options);
        Corrector corrector = policy.corrector();
        PrintStream out = System.out;
        int failed = 0;
        for (Path p : paths) {
            try {
                Diagnosis d = checker.check(p);
                boolean folder = Files.isDirectory(p);
                RunContext c;
                Incar ref;
                Kpoints refK;
                if (folder) {
                    c = NextAttempt.context(p, d, mpiTasks);
                    ref = NextAttempt.referenceIncar(p);
                    refK = NextAttempt.referenceKpoints(p);
                } else {
                    // a single file: the INCAR and mesh a vasprun.xml records, else VASP's defaults
                    boolean vasprun = RunFiles.kind(p) == RunFiles.Kind.VASPRUN;
                    ref = vasprun ? VasprunInputs.incar(Vasprun.read(p, true)) : new Incar();
                    refK = vasprun ? VasprunInputs.kpoints(p) : null;
                    c = new RunContext(ref, refK, false, d.facts(), Map.of(), mpiTasks, 0);
                }
                CorrectionPlan plan = corrector.plan(d, c, attempt, ref, refK);
                out.println(json ? json(p, d, plan) : text(p, d, plan));
            } catch (BadInputException e) {
                failed++;
                InputErrors.report(out, json, p, e);
            }
        }
        return failed == 0 ? Main.EXIT_OK : Main.EXIT_INPUT_FAILED;
    }

    static ObjectNode json(Path p, Diagnosis d, CorrectionPlan plan) {
        ObjectNode o = JSON.createObjectNode();
        o.put("path", p.toString());
        ArrayNode errors = o.putArray("errors");
        d.errors().forEach(errors::add);
        ArrayNode actions = o.putArray("actions");
        plan.actions().forEach(a -> actions.add(a.describe()));
        ArrayNode locked = o.putArray("locked");
        for (CorrectionPlan.LockedAction l : plan.locked()) {
            ObjectNode x = locked.addObject();
            x.put("action", l.action().describe());
            x.put("tag", l.tag());
        }
        if (plan.reason() != null) {
            o.put("reason", plan.reason());
        }
        ArrayNode findings = o.putArray("findings");
        d.findings()
                .forEach(f -> findings.addObject()
                        .put("key", f.key())
                        .put("file", f.file())
                        .put("detail", f.detail()));
        ArrayNode warnings = o.putArray("warnings");
        d.warnings().forEach(warnings::add);
        return o;
    }

    static String text(Path p, Diagnosis d, CorrectionPlan plan) {
        if (d.clean()) {
            return p + ": no error" + (d.warnings().isEmpty() ? "" : " (" + String.join("; ", d.warnings()) + ")");
        }
        StringBuilder sb = new StringBuilder(p + ": " + String.join(", ", d.errors()));
        if (!plan.actions().isEmpty()) {
            sb.append(" -> ")
                    .append(String.join(
                            "; ", plan.actions().stream().map(Action::describe).toList()));
        }
        if (!plan.locked().isEmpty()) {
            sb.append(" | locked: ")
                    .append(String.join(
                            "; ", plan.locked().stream().map(Object::toString).toList()));
        }
        if (plan.reason() != null) {
            sb.append(" | ends: ").append(plan.reason());
        }
        return sb.toString();
    }
}
