package org.xtalflow.vasp.errors;

import java.util.List;

/**
 * What to do after a failed attempt: the actions for the next attempt, the actions the physics
 * lock refused, and, when there is nothing left to try, the reason the run ends.
 *
 * @param errors  the error keys this plan answers, sorted
 * @param actions actions to apply to the next attempt, in order
 * @param locked  actions refused, each with the locked setting it would have changed
 * @param reason  why the run ends FAILED; null when {@link #retry()}
 */
public record CorrectionPlan(List<String> errors, List<Action> actions, List<LockedAction> locked, String reason) {

    public CorrectionPlan {
        errors = List.copyOf(errors);
        actions = List.copyOf(actions);
        locked = List.copyOf(locked);
    }

    /** Whether a next attempt should run. */
    public boolean retry() {
        return reason == null && !actions.isEmpty();
    }

    /** An action the lock refused and the setting it would have changed. */
    public record LockedAction(Action action, String tag) {
        @Override
        public String toString() {
            return action.describe() + " (locked: " + tag + ")";
        }
    }
}
