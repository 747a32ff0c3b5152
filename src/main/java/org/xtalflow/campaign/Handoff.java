package org.xtalflow.campaign;

/**
 * A work item and the stage it goes to next: what the campaign side returns (resume after a
 * restart, pause/resume, retry) and the routes send on to that stage's queue.
 */
public record Handoff(Stage stage, WorkItem item) {

    /** The stage's name as the routes test it, e.g. "GENERATE". */
    public String getStageName() {
        return stage.name();
    }
}
