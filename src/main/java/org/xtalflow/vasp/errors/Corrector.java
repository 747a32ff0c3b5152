package org.xtalflow.vasp.errors;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.xtalflow.vasp.inputs.Incar;
import org.xtalflow.vasp.inputs.Kpoints;

/**
 * Turns a {@link Diagnosis} into a {@link CorrectionPlan}: for every error its ordered actions
 * ({@link Corrections}), each passed through the {@link PhysicsLock}; the run ends with a reason
 * when an error cannot be fixed by inputs, when the attempts are used up, or when every remaining
 * fix would change a locked setting (the reason names the tag).
 */
public final class Corrector {

    /** Default maximum attempts of one step. */
    public static final int DEFAULT_MAX_ATTEMPTS = 5;

    private final PhysicsLock lock;
    private final int maxAttempts;

    public Corrector(PhysicsLock lock, int maxAttempts) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max attempts must be >= 1, got " + maxAttempts);
        }
        this.lock = lock;
        this.maxAttempts = maxAttempts;
    }

    public PhysicsLock lock() {
        return lock;
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    /**
     * @param attempt      the attempt that failed, 1-based
     * @param reference    the input set's INCAR for this structure (the first attempt's)
     * @param referenceK   the input set's KPOINTS (may be null)
     */
    public CorrectionPlan plan(Diagnosis d, RunContext c, int attempt, Incar reference, Kpoints referenceK) {
        List<String> errors = new ArrayList<>(d.errors());
        List<Action> actions = new ArrayList<>();
        List<CorrectionPlan.LockedAction> locked = new ArrayList<>();
        if (errors.isEmpty()) {
            return new CorrectionPlan(errors, actions, locked, null);
        }
        for (String key : errors) {
            String why = Corrections.unfixable(key);
            if (why != null) {
                return new CorrectionPlan(errors, List.of(), List.of(), key + ": " + why);
            }
        }
        Set<String> unanswered = new LinkedHashSet<>();
        for (String key : errors) {
            boolean any = false;
            for (Action a : Corrections.actions(key, c)) {
                if (noChange(a, c.incar())) {
                    any = true; // already as the fix wants it
                    continue;
                }
                String tag = lock.refuses(a, c.incar(), c.kpoints(), reference, referenceK);
                if (tag != null) {
                    locked.add(new CorrectionPlan.LockedAction(a, tag));
                } else if (!actions.contains(a)) {
                    actions.add(a);
                    any = true;
                } else {
                    any = true;
                }
            }
            if (!any) {
                unanswered.add(key);
            }
        }
        String reason = null;
        if (attempt >= maxAttempts) {
            reason = "attempt " + attempt + " of " + maxAttempts + " failed with " + String.join(", ", errors)
                    + ": no attempts left";
        } else if (onlyFilesOrRestart(actions)) {
            if (!locked.isEmpty()) {
                reason = "the only fixes for " + String.join(", ", unanswered.isEmpty() ? errors : unanswered)
                        + " change locked settings: " + String.join(", ", lockedTags(locked));
            } else if (actions.isEmpty()) {
                reason = "no correction left to try for " + String.join(", ", errors);
            }
        }
        return new CorrectionPlan(errors, actions, locked, reason);
    }

    /** A tag set to the value it has, or removed while absent. */
    private static boolean noChange(Action a, Incar incar) {
        return switch (a.type()) {
            case SET_TAG ->
                PhysicsLock.sameValue(
                        incar.get(a.target()),
                        new Incar().put(a.target(), a.value()).get(a.target()));
            case UNSET_TAG -> !incar.contains(a.target());
            default -> false;
        };
    }

    /** Nothing but deletions: a rerun of the same inputs (restarts and scheduler changes do count). */
    private static boolean onlyFilesOrRestart(List<Action> actions) {
        return actions.stream().allMatch(a -> a.type() == Action.Type.DELETE_FILE);
    }

    private static List<String> lockedTags(List<CorrectionPlan.LockedAction> locked) {
        List<String> tags = new ArrayList<>();
        for (CorrectionPlan.LockedAction l : locked) {
            if (!tags.contains(l.tag())) {
                tags.add(l.tag());
            }
        }
        return tags;
    }
}
