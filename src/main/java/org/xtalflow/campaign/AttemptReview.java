package org.xtalflow.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.xtalflow.gpaw.GpawBundleWriter;
import org.xtalflow.gpaw.GpawCorrections;
import org.xtalflow.gpaw.GpawError;
import org.xtalflow.gpaw.GpawJobSettings;
import org.xtalflow.gpaw.GpawResult;
import org.xtalflow.gpaw.GpawResultReader;
import org.xtalflow.vasp.errors.CorrectionPlan;
import org.xtalflow.vasp.errors.Diagnosis;
import org.xtalflow.vasp.errors.Finding;
import org.xtalflow.vasp.errors.JobSteps;
import org.xtalflow.vasp.errors.NextAttempt;
import org.xtalflow.vasp.errors.RunChecker;
import org.xtalflow.vasp.errors.RunPolicy;

/**
 * What one ended job's fetched outputs say (issue 13; GPAW's: issue 18): the errors in the step the
 * flow stopped in (and in the scheduler's logs at the top of the job folder), or in a GPAW job's
 * gpaw-result.json, the corrections the next attempt would get and those the physics lock refuses,
 * as a {@link StoredAttempt} for the store, with the engine's {@link NextInputs}.
 */
public final class AttemptReview {

    private final RunPolicy policy;

    public AttemptReview(RunPolicy policy) {
        this.policy = policy;
    }

    public RunPolicy policy() {
        return policy;
    }

    /**
     * A review: the attempt as stored, the step folder's name in the results ("" when the job
     * stopped before any step, and for engines without steps), and the engine's corrections the next
     * attempt gets ({@link NextAttemptBundle#write}).
     */
    public record Outcome(StoredAttempt attempt, String step, NextInputs next) {}

    /** @param results the candidate's fetched results folder */
    public StoredAttempt review(Candidate c, Path results, long now) {
        return examine(c, results, now).attempt();
    }

    /** As {@link #review}, with the plan the next attempt's inputs get. */
    public Outcome examine(Candidate c, Path results, long now) {
        if (Files.isRegularFile(results.resolve(GpawBundleWriter.RESULT))
                || Files.isRegularFile(results.resolve(GpawBundleWriter.EXIT_CODE))) {
            return gpawReview(c, results, now);
        }
        Path step = JobSteps.firstUnfinished(results, policy.jobFlow());
        boolean inStep = step != null && Files.isDirectory(step);
        RunChecker checker = new RunChecker(policy.check());
        Diagnosis top = checker.check(results);
        Diagnosis d = top;
        Path folder = results;
        if (inStep) {
            Diagnosis s = checker.check(step);
            List<Finding> f = new ArrayList<>(s.findings());
            f.addAll(top.findings());
            List<String> w = new ArrayList<>(s.warnings());
            w.addAll(top.warnings());
            d = new Diagnosis(step.toString(), f, w, s.facts());
            folder = step;
        }
        int attempt = Math.max(1, c.submitAttempts());
        CorrectionPlan plan = policy.corrector()
                .plan(
                        d,
                        NextAttempt.context(folder, d, 0),
                        attempt,
                        NextAttempt.referenceIncar(folder),
                        NextAttempt.referenceKpoints(folder));
        boolean finished = c.state() == CandidateState.FINISHED;
        String outcome = d.clean() ? (finished ? OK : UNFIXABLE) : plan.retry() ? FIXABLE : UNFIXABLE;
        String reason = d.clean()
                ? (finished ? null : "no known VASP error in the outputs; the scheduler said: " + c.reason())
                : plan.reason();
        StoredAttempt row = new StoredAttempt(
                now,
                c.campaignId(),
                c.id(),
                attempt,
                inStep ? step.getFileName().toString() : "",
                c.jobId(),
                String.join(",", d.errors()),
                String.join("; ", plan.actions().stream().map(a -> a.describe()).toList()),
                String.join("; ", plan.locked().stream().map(Object::toString).toList()),
                outcome,
                reason);
        String stepName = inStep ? step.getFileName().toString() : "";
        return new Outcome(row, stepName, new VaspNextInputs(policy, stepName, plan, attempt));
    }

    /**
     * A GPAW job's attempt: the driver's error markers, the corrections of {@link GpawCorrections}
     * (SCF and relaxation controls, walltime and memory, from the last geometry) and the cures the
     * physics lock refuses; FIXABLE when the corrections allow another attempt within
     * {@code vasp.corrections.max_attempts} (the attempts' cap is the engines' common one).
     */
    private Outcome gpawReview(Candidate c, Path results, long now) {
        GpawResult r = GpawResultReader.readDirectory(results);
        JsonNode scf = MissingNode.getInstance();
        Path settings = results.resolve(GpawJobSettings.FILE_NAME);
        if (Files.isRegularFile(settings)) {
            try {
                scf = new ObjectMapper().readTree(settings.toFile()).path("scf");
            } catch (IOException e) {
                scf = MissingNode.getInstance(); // unreadable: the plan then changes nothing it cannot see
            }
        }
        int attempt = Math.max(1, c.submitAttempts());
        GpawCorrections plan =
                GpawCorrections.plan(r, scf, attempt, policy.corrector().maxAttempts());
        boolean finished = c.state() == CandidateState.FINISHED;
        String outcome = r.ok() ? (finished ? OK : UNFIXABLE) : plan.retry() ? FIXABLE : UNFIXABLE;
        String reason = r.ok()
                ? (finished ? null : "GPAW result is complete; the scheduler said: " + c.reason())
                : plan.retry() ? null : plan.reason();
        StoredAttempt row = new StoredAttempt(
                now,
                c.campaignId(),
                c.id(),
                attempt,
                "",
                c.jobId(),
                String.join(",", r.errors().stream().map(GpawError::marker).toList()),
                String.join("; ", plan.actions()),
                String.join("; ", plan.locked()),
                outcome,
                reason);
        return new Outcome(row, "", new GpawNextInputs(r, plan, attempt));
    }

    /** The same attempt ended UNFIXABLE for {@code why} (e.g. a fix beyond the profile's limits). */
    public static StoredAttempt unfixable(StoredAttempt a, String why) {
        return new StoredAttempt(
                a.at(),
                a.campaignId(),
                a.candidateId(),
                a.attempt(),
                a.step(),
                a.jobId(),
                a.errors(),
                a.actions(),
                a.locked(),
                UNFIXABLE,
                why);
    }

    /** An attempt whose outputs could not be read at all. */
    public static StoredAttempt unreadable(Candidate c, long now, String why) {
        return new StoredAttempt(
                now,
                c.campaignId(),
                c.id(),
                Math.max(1, c.submitAttempts()),
                "",
                c.jobId(),
                "",
                "",
                "",
                UNFIXABLE,
                why);
    }

    public static final String OK = "OK";
    public static final String FIXABLE = "FIXABLE";
    public static final String UNFIXABLE = "UNFIXABLE";
}
