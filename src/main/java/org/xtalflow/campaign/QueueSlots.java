package org.xtalflow.campaign;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Places in a cluster's queue for jobs that are not candidates (the same-engine references): each
 * job takes one before it is submitted and gives it back when it has left the queue, so that
 * with the candidates' jobs the cluster never holds more than its profile's {@code
 * max_queued_jobs} ({@link ClusterJobs#referenceSlots}).
 */
public interface QueueSlots {

    /** Takes a place if one is free now; false when the queue is full (try again later). */
    boolean take();

    /** Gives back a place taken by {@link #take}. */
    void give();

    /** At most {@code n} places, counted here alone (a runner without the candidates' session). */
    static QueueSlots upTo(int n) {
        AtomicInteger used = new AtomicInteger();
        return new QueueSlots() {
            @Override
            public boolean take() {
                return used.getAndUpdate(u -> u < n ? u + 1 : u) < n;
            }

            @Override
            public void give() {
                used.updateAndGet(u -> Math.max(0, u - 1));
            }
        };
    }
}
