package org.xtalflow.campaign;

/**
 * The stage queues a work item can wait on. The routes (routes/*.yaml) own the queues; Java
 * names only the stage, and the routes' hand-off choice maps it to its queue.
 */
public enum Stage {
    GENERATE,
    PREPARE,
    SUBMIT,
    HARVEST
}
