package org.xtalflow.campaign;

/**
 * One attempt of a candidate's VASP job as the store keeps it (table {@code attempts}).
 *
 * @param at      epoch milliseconds (UTC) when it was recorded
 * @param attempt 1-based attempt number (the candidate's submit attempt)
 * @param step    the flow step the job stopped in ("relax1", "relax2", "static"), or "" when unknown
 * @param jobId   the scheduler's job id
 * @param errors  error keys found, comma-separated and sorted ("" for none)
 * @param actions corrections planned for the next attempt, "; "-separated
 * @param locked  corrections the physics lock refused, "; "-separated, each "action (locked: TAG)"
 * @param outcome OK (no error found), FIXABLE (a correction exists) or UNFIXABLE
 * @param reason  why no correction can be made (UNFIXABLE), else null
 */
public record StoredAttempt(
        long at,
        String campaignId,
        String candidateId,
        int attempt,
        String step,
        String jobId,
        String errors,
        String actions,
        String locked,
        String outcome,
        String reason) {}
