package org.xtalflow.campaign;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A campaign's life inside the application: starts a campaign from a spec (id, folder, one
 * generate work item per system, returned for the routes to queue), tracks outstanding work,
 * records failed work, resumes campaigns from the store after a restart, and has the report
 * written when nothing is left. It knows no queue: work goes back as {@link Handoff}s.
 */
public final class CampaignService {

    /** Called when a campaign has no outstanding work; writes its report from the store, returns the folder. */
    public interface Reporter {
        Path write(String campaignId, Path campaignDir);
    }

    /** Told when a campaign comes to life in this process and when the service closes (the JMX view). */
    public interface Listener {
        void opened(CampaignRun run);

        void closed(CampaignRun run);
    }

    /** A started campaign: its id and the work items for the generate stage. */
    public record Started(String id, List<WorkItem> work) {}

    private static final Logger LOG = LoggerFactory.getLogger(CampaignService.class);
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path campaignsDir;
    private final Reporter reporter;
    private final Map<String, CampaignRun> runs = new LinkedHashMap<>();
    private volatile Listener listener = new Listener() {
        @Override
        public void opened(CampaignRun run) {}

        @Override
        public void closed(CampaignRun run) {}
    };
    /** Where parked and retried work goes (the routes' hand-off); set by the application. */
    private volatile Consumer<Handoff> requeue = h -> {
        throw new IllegalStateException("campaign service is not attached to a running application");
    };

    private final CandidateStore store;
    /** Ends cancelled campaigns' work; the application gives it the cluster sessions ({@link #onCancel}). */
    private volatile CampaignCancel cancel;

    private volatile Consumer<String> ended = id -> {};
    /** Told first when a campaign comes to life (the thermo stage fetches its MP phases); never fails the campaign. */
    private volatile Consumer<CampaignSpec> onOpen = spec -> {};

    public CampaignService(Path campaignsDir, CandidateStore store, Reporter reporter) {
        this.campaignsDir = campaignsDir;
        this.store = store;
        this.reporter = reporter;
        this.cancel = new CampaignCancel(store, cluster -> {
            throw new IllegalStateException("no cluster sessions in this process to cancel jobs on " + cluster);
        });
    }

    /** Told when a campaign has ended in this process (finished or cancelled): its stages free what they hold for it. */
    public void onEnded(Consumer<String> hook) {
        this.ended = hook;
    }

    /** Sets how cancels reach the clusters (the application's cluster sessions). */
    public void onCancel(CampaignCancel c) {
        this.cancel = c;
    }

    /**
     * Cancels a campaign ({@code campaign cancel}): CANCELLED in the store first, then in this
     * process (generation stops at the next batch, every stage drops its queued items), then its
     * cluster jobs are cancelled and its open candidates end with reason {@value
     * CampaignCancel#REASON}; the report is written once nothing is left open.
     *
     * @throws IllegalArgumentException for a campaign the store does not have
     * @throws IllegalStateException for a campaign that has finished
     */
    public CampaignCancel.Outcome cancel(String id) {
        cancel.mark(id, "cancelled by operator");
        get(id).ifPresent(CampaignRun::cancelLocal);
        LOG.info("campaign {}: cancel requested; generation stops at the next batch", id);
        return completeCancel(id);
    }

    /** Ends what a cancel left open (idempotent); writes the report when nothing is. */
    synchronized CampaignCancel.Outcome completeCancel(String id) {
        CampaignCancel.Outcome o = cancel.complete(id);
        if (o.complete()) {
            Optional<CampaignRun> run = get(id);
            if (run.isPresent()) {
                if (!run.get().isReported()) {
                    writeReport(run.get());
                }
            } else if (!Files.exists(campaignDir(id).resolve("report.md"))) {
                reporter.write(id, campaignDir(id));
            }
        }
        return o;
    }

    /**
     * Takes over a cancel another process recorded in the store (the command line cancelling
     * while this application runs): the generate stage asks before each batch.
     */
    void followStoredCancel(CampaignRun run) {
        if (run.status() != CampaignStatus.CANCELLED
                && store.campaign(run.getCampaignId())
                        .map(c -> c.status() == CampaignStatus.CANCELLED)
                        .orElse(false)) {
            LOG.info("campaign {}: cancelled in the store by another process", run.getCampaignId());
            run.cancelLocal();
        }
    }

    /** True once the campaign is cancelled in this process (its stages drop its work). */
    boolean cancelled(String id) {
        return get(id).map(r -> r.status() == CampaignStatus.CANCELLED).orElse(false);
    }

    public CandidateStore store() {
        return store;
    }

    /** Connects the service to the application: where requeued work goes, who shows the runs. */
    /** Sets what runs first when a campaign comes to life here (start or resume), e.g. resolving its reference phases. */
    public void onOpen(Consumer<CampaignSpec> hook) {
        this.onOpen = hook;
    }

    public void attach(Consumer<Handoff> requeue, Listener listener) {
        this.requeue = requeue;
        this.listener = listener;
    }

    /** Starts a campaign; returns its id and its generate work items (the routes queue them). */
    public Started start(CampaignSpec spec) {
        String id;
        CampaignRun run;
        synchronized (runs) {
            do {
                id = "c" + ZonedDateTime.now(ZoneOffset.UTC).format(ID_TIME) + "-"
                        + String.format("%06x", ThreadLocalRandom.current().nextInt(0x1000000));
            } while (runs.containsKey(id) || store.campaign(id).isPresent());
            try {
                store.createCampaign(id, spec.name(), spec.cluster(), spec.priority(), JSON.writeValueAsString(spec));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            run = new CampaignRun(id, spec, store, this::requeue, this::cancel);
            runs.put(id, run);
        }
        Path dir = campaignDir(id);
        try {
            Files.createDirectories(dir);
            JSON.writeValue(dir.resolve("spec.json").toFile(), spec);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create campaign folder " + dir, e);
        }
        register(run);
        run.addOutstanding(spec.systems().size());
        LOG.info(
                "campaign {} '{}' started from {}: systems {}, {} samples each, generator {}, cluster {}",
                id,
                spec.name(),
                spec.source(),
                spec.systemLabels(),
                spec.samples(),
                spec.generator(),
                spec.cluster() == null ? "none (prepare into outbox)" : spec.cluster());
        List<WorkItem> work = new ArrayList<>();
        for (List<String> system : spec.systems()) {
            work.add(WorkItem.forSystem(id, system, spec.cluster()));
        }
        return new Started(id, work);
    }

    /**
     * Picks up every ACTIVE or PAUSED campaign of the store after a restart: systems not yet
     * generated go to the generate queue, SCREENED candidates to prepare, PREPARED ones of a
     * cluster campaign to submit (by the poll); a campaign with nothing left gets its report.
     * Returns the work to queue again, for the routes to send on.
     */
    public List<Handoff> resumeFromStore(
            java.util.function.Function<Candidate, WorkItem> toItem,
            java.util.function.BiFunction<String, List<Candidate>, List<WorkItem>> rescreen) {
        List<Handoff> out = new ArrayList<>();
        for (Campaign c : store.campaigns()) {
            if (c.status() == CampaignStatus.DONE
                    && c.specJson() != null
                    && !Files.exists(campaignDir(c.id()).resolve("report.md"))) {
                // DONE is committed before the report is written: a kill in between left no report
                reportAfterRestart(c);
                continue;
            }
            if (c.status() == CampaignStatus.CANCELLED) {
                resumeCancel(c);
                continue;
            }
            if (c.status() != CampaignStatus.ACTIVE && c.status() != CampaignStatus.PAUSED) {
                continue;
            }
            synchronized (runs) {
                if (runs.containsKey(c.id())) {
                    continue;
                }
            }
            CampaignSpec spec;
            try {
                spec = JSON.readValue(c.specJson(), CampaignSpec.class);
            } catch (IOException e) {
                store.setCampaignStatus(
                        c.id(), CampaignStatus.FAILED, "cannot resume: spec unreadable: " + e.getMessage());
                continue;
            }
            CampaignRun run = new CampaignRun(c.id(), spec, store, this::requeue, this::cancel);
            synchronized (runs) {
                runs.put(c.id(), run);
            }
            register(run);
            List<WorkItem> generateAgain = new ArrayList<>();
            Map<String, Map<String, Long>> funnel = store.funnel(c.id());
            Map<String, Long> generated = funnel.getOrDefault("generate", Map.of());
            // A system is generated once its marker is stored (with its last batch, one transaction);
            // one that is not goes to the generate queue again and continues at its first unstored batch.
            for (List<String> system : spec.systems()) {
                if (!generated.containsKey(systemMarker(system))) {
                    generateAgain.add(WorkItem.forSystem(c.id(), system, spec.cluster()));
                }
            }
            List<Candidate> unscreened = store.byState(c.id(), CandidateState.GENERATED);
            List<WorkItem> prepareAgain = new ArrayList<>(store.byState(c.id(), CandidateState.SCREENED).stream()
                    .map(toItem)
                    .toList());
            if (!unscreened.isEmpty()) {
                prepareAgain.addAll(rescreen.apply(c.id(), unscreened));
            }
            // Candidates of a cluster campaign still on their way: the poll route re-queues PREPARED
            // ones, tracks jobs and fetches results; each ends its unit when it ends.
            int onTheirWay = 0;
            if (spec.cluster() != null) {
                Map<CandidateState, Long> counts = store.countByState(c.id()); // counted, not read
                for (CandidateState st : CandidateState.ON_CLUSTER_ROAD) {
                    onTheirWay += counts.getOrDefault(st, 0L).intValue();
                }
            }
            // Candidates already at the end of their road count as ended, so that a late report of
            // one (e.g. a FAILED job's outputs fetched after the restart) does not end it twice.
            // A FAILED or TIMEOUT job whose review or retry a kill interrupted is still on its way.
            for (Candidate x : endedCandidates(c.id(), spec)) {
                boolean preparedOnly = spec.cluster() == null && x.state() == CandidateState.PREPARED;
                boolean settling = spec.cluster() != null
                        && CandidateState.RETRYABLE.contains(x.state())
                        && RetryLoop.awaitsSettling(x, store.attempts(x.id()));
                if (settling) {
                    onTheirWay++;
                } else if (preparedOnly || CandidateState.ENDED.contains(x.state())) {
                    run.markEnded(x.id());
                }
            }
            run.addOutstanding(generateAgain.size() + prepareAgain.size() + onTheirWay + 1);
            if (c.status() == CampaignStatus.PAUSED) {
                run.pauseLocal();
            }
            LOG.info(
                    "campaign {} resumed from the store: {} system(s) to generate, {} to prepare, {} on the cluster's road",
                    c.id(),
                    generateAgain.size(),
                    prepareAgain.size(),
                    onTheirWay);
            generateAgain.forEach(i -> out.add(new Handoff(Stage.GENERATE, i)));
            prepareAgain.forEach(i -> out.add(new Handoff(Stage.PREPARE, i)));
            finishOne(run, 1);
        }
        return out;
    }

    /** A cancel a kill interrupted (candidates still open, or no report yet): completed now. */
    private void resumeCancel(Campaign c) {
        boolean open = cancel.unfinished(c.id());
        if (!open && Files.exists(campaignDir(c.id()).resolve("report.md"))) {
            return;
        }
        LOG.info("campaign {} resumed from the store: completing its cancel", c.id());
        try {
            CampaignCancel.Outcome o = completeCancel(c.id());
            if (!o.complete()) {
                LOG.warn("campaign {}: cancel still incomplete: {}", c.id(), o.left());
            }
        } catch (RuntimeException e) {
            LOG.error("campaign {}: completing its cancel failed: {}", c.id(), e.getMessage());
        }
    }

    /** Writes the report of a campaign that finished before a kill but whose report was not written. */
    private void reportAfterRestart(Campaign c) {
        LOG.info(
                "campaign {} resumed from the store: it finished before the restart without its report; writing it",
                c.id());
        try {
            Path dir = reporter.write(c.id(), campaignDir(c.id()));
            LOG.info("campaign {}: report in {}", c.id(), dir);
        } catch (RuntimeException e) {
            LOG.error("campaign {}: report failed", c.id(), e);
        }
    }

    public Path campaignDir(String id) {
        return campaignsDir.resolve(id);
    }

    public Optional<CampaignRun> get(String id) {
        synchronized (runs) {
            return Optional.ofNullable(runs.get(id));
        }
    }

    public List<CampaignRun> list() {
        synchronized (runs) {
            return new ArrayList<>(runs.values());
        }
    }

    public CampaignRun require(String id) {
        return get(id).orElseThrow(() -> new IllegalArgumentException("no campaign '" + id + "' in this application"));
    }

    /** A candidate reached the end of its road (PREPARED locally, HARVESTED, FAILED...); reports at zero. */
    public void done(WorkItem item) {
        endCandidate(item.campaignId(), item.candidateId());
    }

    /** Idempotent: a candidate ends its unit of outstanding work once. */
    public void endCandidate(String campaignId, String candidateId) {
        get(campaignId).ifPresent(run -> {
            if (run.markEnded(candidateId)) {
                finishOne(run, 1);
            }
        });
    }

    /** A candidate that had ended is back in play (retry): the campaign runs again until it ends. */
    public void reopenCandidate(String campaignId, String candidateId) {
        get(campaignId).ifPresent(run -> {
            if (run.unmarkEnded(candidateId)) {
                run.addOutstanding(1);
                if (run.status().isFinished()) {
                    run.setStatus(CampaignStatus.ACTIVE);
                    store.setCampaignStatus(campaignId, CampaignStatus.ACTIVE, "retrying " + candidateId);
                }
            }
        });
    }

    /**
     * Survivors at the end of their road (and PREPARED ones of a prepare-only campaign), read state
     * by state. REJECTED ones are left out: no stage ever reports them again, and a campaign of
     * 10^7 samples rejects millions.
     */
    private List<Candidate> endedCandidates(String campaignId, CampaignSpec spec) {
        // brief rows (no CIF, no entry): a prepare-only campaign of 10^7 samples has ~10^5 PREPARED
        // candidates, whose CIFs alone would fill the heap of a restart
        List<Candidate> out = new ArrayList<>();
        for (CandidateState st : CandidateState.ENDED) {
            if (st != CandidateState.REJECTED) {
                out.addAll(store.byStateBrief(campaignId, st));
            }
        }
        if (spec.cluster() == null) {
            out.addAll(store.byStateBrief(campaignId, CandidateState.PREPARED));
        }
        return out;
    }

    /** The funnel outcome (stage "generate") marking a system as generated, e.g. "system:Sr-Ti-O". */
    static String systemMarker(List<String> system) {
        return "system:" + String.join("-", system);
    }

    /**
     * Hands a generation batch's survivors to their next stage's queue; each becomes a unit of
     * outstanding work first (so the campaign cannot finish while they are on their way).
     */
    public void handOver(WorkItem from, Stage stage, List<WorkItem> items) {
        if (items.isEmpty()) {
            return;
        }
        CampaignRun run = require(from.campaignId());
        if (run.status() == CampaignStatus.CANCELLED) {
            return; // the cancel ends them
        }
        run.addOutstanding(items.size());
        for (WorkItem i : items) {
            requeue(new Handoff(stage, i));
        }
    }

    /** A generate item turned into {@code n} candidates: n new units replace the one. */
    public void expand(WorkItem item, int n) {
        CampaignRun run = require(item.campaignId());
        run.addOutstanding(n);
        finishOne(run, 1);
    }

    private void finishOne(CampaignRun run, int n) {
        if (run.addOutstanding(-n) == 0 && run.status() != CampaignStatus.CANCELLED) {
            run.setStatus(CampaignStatus.DONE);
            store.setCampaignStatus(
                    run.getCampaignId(),
                    CampaignStatus.DONE,
                    run.failures().isEmpty()
                            ? "finished"
                            : run.failures().size() + " work item(s) failed; last: " + run.getLastError());
            StopPoint.reached(StopPoint.CAMPAIGN_DONE);
            writeReport(run);
        }
    }

    /** Writes the report of a finished campaign; a failure is recorded on the campaign, never thrown. */
    private void writeReport(CampaignRun run) {
        try {
            ended.accept(run.getCampaignId());
        } catch (RuntimeException e) {
            LOG.warn("campaign {}: releasing its stages' state failed: {}", run.getCampaignId(), e.getMessage());
        }
        try {
            Path dir = reporter.write(run.getCampaignId(), campaignDir(run.getCampaignId()));
            LOG.info("campaign {} finished; report in {}", run.getCampaignId(), dir);
        } catch (RuntimeException e) {
            run.recordError("report failed: " + e.getMessage());
            LOG.error("campaign {}: report failed", run.getCampaignId(), e);
        }
        run.markReported();
    }

    /**
     * A work item failed on a stage queue (the dead-letter route): recorded on the campaign and in
     * the store (kept for retry) and that unit of work ends so the campaign can still finish.
     *
     * @param queue the queue as the route named it, e.g. "seda:generate"
     * @return false when the item belongs to no campaign of this process
     */
    public boolean recordFailure(WorkItem item, Stage stage, String queue, String reason) {
        Optional<CampaignRun> found = get(item.campaignId());
        if (found.isEmpty()) {
            return false;
        }
        CampaignRun run = found.get();
        run.recordFailure(new CampaignRun.Failed(stage, queue, item, reason));
        store.recordFailure(item.campaignId(), item.candidateId(), item.label(), stage, queue, reason);
        LOG.warn("{} failed at {}: {}", item.label(), queue, reason);
        if (item.candidateId() == null) {
            finishOne(run, 1);
        } else if (run.markEnded(item.candidateId())) {
            finishOne(run, 1);
        }
        return true;
    }

    private void requeue(Handoff h) {
        requeue.accept(h);
    }

    private void register(CampaignRun run) {
        try {
            onOpen.accept(run.spec());
        } catch (RuntimeException e) {
            LOG.warn("campaign {}: preparing its reference phases failed: {}", run.getCampaignId(), e.getMessage());
        }
        listener.opened(run);
    }

    /**
     * The JMX name of a running campaign's view, {@code org.xtalflow:type=Campaign,id=<campaign id>}:
     * the contract between the application (which registers it) and its clients (the CLI).
     */
    public static javax.management.ObjectName objectName(String campaignId) {
        try {
            return new javax.management.ObjectName(
                    "org.xtalflow:type=Campaign,id=" + javax.management.ObjectName.quote(campaignId));
        } catch (javax.management.JMException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Tells the listener every run is gone (application stop). */
    public void close() {
        for (CampaignRun run : list()) {
            listener.closed(run);
        }
    }

    Collection<String> ids() {
        return list().stream().map(CampaignRun::getCampaignId).toList();
    }
}
