package org.xtalflow.campaign;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xtalflow.crystal.Element;
import org.xtalflow.dft.DftEngine;
import org.xtalflow.dft.ReferencePhases;

/**
 * The same-engine references of the campaigns, computed off the campaign's start path: {@link
 * #plan} (when a campaign opens or is resumed) finds the references not cached for the engine and
 * settings hash and queues them to one background worker, which has a {@link ReferenceRunner} run
 * them (on the campaign's cluster, or here for a campaign without one) and caches each entry. The
 * store's cache is the truth: after a restart the campaigns are opened again and what is still
 * missing is planned again (a reference job still in a cluster's queue is taken up, not submitted
 * again: {@link ClusterReferenceRunner}). A harvest whose hull needs a planned reference {@link #awaitOrThrow
 * waits} for it: the candidate stays FINISHED and is handed to the harvest again ({@link
 * #onArrived}) when the batch that held the reference ends. A reference that failed is remembered
 * with its reason until it is planned again.
 */
public final class ReferenceWork implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReferenceWork.class);

    /** Batches waiting for the worker: a plan beyond this is refused (logged) rather than queued. */
    public static final int QUEUE_SIZE = 64;

    /** A planned reference: its id and the elements it is made of. */
    private record Planned(String id, Set<Element> elements) {}

    private final EngineReferences references;
    private final Path workDir;
    private final ThreadPoolExecutor worker;
    /** engine + settings hash → planned references not yet done. */
    private final Map<String, Map<String, Planned>> pending = new LinkedHashMap<>();
    /** engine + settings hash → reference id → why it failed. */
    private final Map<String, Map<String, Failed>> failed = new LinkedHashMap<>();

    /** A reference whose run gave no entry. */
    private record Failed(Set<Element> elements, String why) {}
    /** Candidates whose harvest waits, per engine + settings hash. */
    private final Map<String, Set<String>> waiting = new LinkedHashMap<>();

    private volatile Consumer<Collection<String>> arrived = ids -> {};

    /** @param workDir where the reference bundles are written (one folder per engine and settings hash) */
    public ReferenceWork(EngineReferences references, Path workDir) {
        this.references = references;
        this.workDir = workDir;
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE_SIZE), r -> {
            Thread t = new Thread(r, "xtalflow-references");
            t.setDaemon(true);
            return t;
        });
    }

    /** Told, after a batch ends, which waiting candidates to hand to the harvest again. */
    public void onArrived(Consumer<Collection<String>> hook) {
        this.arrived = hook;
    }

    private static String key(String engine, String settingsHash) {
        return engine + "/" + settingsHash;
    }

    /**
     * Queues the references of {@code system} that are neither cached nor already planned; returns
     * how many were queued. Never runs a job on the caller's thread.
     */
    public int plan(DftEngine engine, String inputSet, Set<Element> system, int maxSites, ReferenceRunner runner) {
        String k = key(engine.engine().configName(), engine.settingsHash(inputSet));
        ReferencePhases phases = references.phases(engine, inputSet, system, maxSites);
        List<ReferencePhases.Phase> todo;
        synchronized (this) {
            Map<String, Planned> p = pending.computeIfAbsent(k, x -> new LinkedHashMap<>());
            todo = new ArrayList<>(references.missing(engine, inputSet, phases));
            todo.removeIf(x -> p.containsKey(x.id()));
            if (todo.isEmpty()) {
                return 0;
            }
            Map<String, Failed> f = failed.getOrDefault(k, new LinkedHashMap<>());
            for (ReferencePhases.Phase x : todo) {
                p.put(
                        x.id(),
                        new Planned(
                                x.id(), Set.copyOf(x.structure().composition().elements())));
                f.remove(x.id());
            }
        }
        List<String> ids = todo.stream().map(ReferencePhases.Phase::id).toList();
        try {
            worker.execute(() -> run(k, engine, inputSet, todo, runner));
        } catch (RejectedExecutionException e) {
            String why = "not computed: " + QUEUE_SIZE + " reference batches already wait (or the application stops)";
            LOG.warn("{} references {}: {}", k, ids, why);
            done(k, ids, ids.stream().collect(java.util.stream.Collectors.toMap(x -> x, x -> why)));
            return 0;
        }
        LOG.info("{} references queued for {} on {}: {}", k, system, runner.where(), ids);
        return todo.size();
    }

    private void run(
            String k, DftEngine engine, String inputSet, List<ReferencePhases.Phase> todo, ReferenceRunner runner) {
        List<String> ids = todo.stream().map(ReferencePhases.Phase::id).toList();
        Map<String, String> why;
        try {
            why = references.compute(engine, inputSet, todo, workDir, runner);
        } catch (RuntimeException e) {
            LOG.error("{} references {} failed as a batch", k, ids, e);
            why = new LinkedHashMap<>();
            for (String id : ids) {
                why.put(id, e.getMessage());
            }
        }
        done(k, ids, why);
    }

    private void done(String k, List<String> ids, Map<String, String> why) {
        Set<String> again;
        synchronized (this) {
            Map<String, Planned> p = pending.getOrDefault(k, new LinkedHashMap<>());
            Map<String, Failed> f = failed.computeIfAbsent(k, x -> new LinkedHashMap<>());
            for (String id : ids) {
                Planned was = p.remove(id);
                if (why.containsKey(id)) {
                    f.put(id, new Failed(was == null ? Set.of() : was.elements(), why.get(id)));
                }
            }
            again = new LinkedHashSet<>(waiting.getOrDefault(k, Set.of()));
            waiting.remove(k);
        }
        if (!again.isEmpty()) {
            arrived.accept(again);
        }
    }

    /**
     * Returns normally when no planned reference within {@code elements} is still being computed;
     * else records the candidate as waiting and throws.
     *
     * @throws ReferencesPendingException naming the references it waits for
     */
    public synchronized void awaitOrThrow(
            String engine, String settingsHash, Set<Element> elements, String candidateId) {
        List<String> within = pendingWithin(engine, settingsHash, elements);
        if (!within.isEmpty()) {
            waiting.computeIfAbsent(key(engine, settingsHash), x -> new LinkedHashSet<>())
                    .add(candidateId);
            throw new ReferencesPendingException(candidateId, engine, within);
        }
    }

    /** The planned references made only of {@code elements} still being computed (ids). */
    public synchronized List<String> pendingWithin(String engine, String settingsHash, Set<Element> elements) {
        return pending.getOrDefault(key(engine, settingsHash), Map.of()).values().stream()
                .filter(x -> elements.containsAll(x.elements()))
                .map(Planned::id)
                .toList();
    }

    /**
     * The same-engine hull of a harvested candidate's elements: waits ({@link #awaitOrThrow}) while
     * references within them are being computed; without a cached reference of an element it
     * fails naming the references that failed and why.
     *
     * @throws ReferencesPendingException while they are computed
     * @throws IllegalStateException      when an element has no cached reference (the failed ones named)
     */
    public org.xtalflow.thermo.HullAnalysis hullFor(
            String engine, String settingsHash, Set<Element> elements, String candidateId) {
        awaitOrThrow(engine, settingsHash, elements, candidateId);
        try {
            return references.analysisFor(engine, settingsHash, elements);
        } catch (IllegalStateException e) {
            List<String> failures = failuresWithin(engine, settingsHash, elements);
            if (failures.isEmpty()) {
                throw e;
            }
            throw new IllegalStateException(
                    e.getMessage() + "; references that failed: " + String.join("; ", failures), e);
        }
    }

    /**
     * The references of this engine and settings hash made only of {@code elements} that failed
     * since they were last planned, "id: why" each.
     */
    public synchronized List<String> failuresWithin(String engine, String settingsHash, Set<Element> elements) {
        List<String> out = new ArrayList<>();
        failed.getOrDefault(key(engine, settingsHash), Map.of()).forEach((id, f) -> {
            if (elements.containsAll(f.elements())) {
                out.add(id + ": " + f.why());
            }
        });
        return out;
    }

    /** Whether any reference is planned and not yet done. */
    public synchronized boolean busy() {
        return pending.values().stream().anyMatch(m -> !m.isEmpty());
    }

    /** Stops the worker; a batch in progress is interrupted (its references are planned again at the next start). */
    @Override
    public void close() {
        worker.shutdownNow();
    }
}
