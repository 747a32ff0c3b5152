package org.xtalflow.camel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.xtalflow.campaign.Campaign;
import org.xtalflow.campaign.CampaignStatus;
import org.xtalflow.campaign.Candidate;
import org.xtalflow.campaign.CandidateState;
import org.xtalflow.campaign.CandidateStore;
import org.xtalflow.campaign.StopPoint;
import org.slf4j.LoggerFactory;

import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
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

/**
 * Campaign lifecycle inside the application (bean {@code campaigns}): starts a campaign from a
 * spec (id, folder, JMX MBean, one generate work item per system), tracks outstanding work,
 * records failures from the dead-letter route, and writes the report when nothing is left.
 */
public final class CampaignService {

    /** Called when a campaign has no outstanding work; writes its report, returns the folder. */
    public interface Reporter {
        Path write(CampaignRun run, Path campaignDir);
    }

    private static final Logger LOG = LoggerFactory.getLogger(CampaignService.class);
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path campaignsDir;
    private final Reporter reporter;
    private final Map<String, CampaignRun> runs = new LinkedHashMap<>();
    private final MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
    private volatile CamelContext camel;
    private ProducerTemplate producer;

    private final CandidateStore store;

    public CampaignService(Path campaignsDir, CandidateStore store, Reporter reporter) {
        this.campaignsDir = campaignsDir;
        this.store = store;
        this.reporter = reporter;
    }

    public CandidateStore store() {
        return store;
    }

    void attach(CamelContext context) {
        this.camel = context;
    }

    /** Starts a campaign; returns its id (also set as header XtalflowCampaignId by the routes). */
    public String start(CampaignSpec spec) {
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
            run = new CampaignRun(id, spec, store, this::requeue);
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
        LOG.info("campaign {} '{}' started from {}: systems {}, {} samples each, generator {}, cluster {}",
                id, spec.name(), spec.source(), spec.systemLabels(), spec.samples(), spec.generator(),
                spec.cluster() == null ? "none (prepare into outbox)" : spec.cluster());
        ProducerTemplate producer = producer();
        for (List<String> system : spec.systems()) {
            producer.sendBody("seda:generate", WorkItem.forSystem(id, system, spec.cluster()));
        }
        return id;
    }

    /**
     * Picks up every ACTIVE or PAUSED campaign of the store after a restart: systems not yet
     * generated go to the generate queue, SCREENED candidates to prepare, PREPARED ones of a
     * cluster campaign to submit; a campaign with nothing left gets its report. Returns the
     * number of campaigns resumed.
     */
    public int resumeFromStore(java.util.function.Function<Candidate, WorkItem> toItem,
                               java.util.function.BiFunction<String, List<Candidate>, List<WorkItem>> rescreen) {
        int n = 0;
        for (Campaign c : store.campaigns()) {
            if (c.status() == CampaignStatus.DONE && c.specJson() != null && !Files.exists(campaignDir(c.id()).resolve("report.md"))) {
                // DONE is committed before the report is written: a kill in between left no report
                reportAfterRestart(c);
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
                store.setCampaignStatus(c.id(), CampaignStatus.FAILED, "cannot resume: spec unreadable: " + e.getMessage());
                continue;
            }
            CampaignRun run = new CampaignRun(c.id(), spec, store, this::requeue);
            synchronized (runs) {
                runs.put(c.id(), run);
            }
            register(run);
            List<WorkItem> generateAgain = new ArrayList<>();
            Map<String, Map<String, Long>> funnel = store.funnel(c.id());
            Map<String, Long> generated = funnel.getOrDefault("generate", Map.of());
            // A system's candidates are stored in one transaction: if any exist, it was generated
            // (the marker may be missing when the kill came between storing and screening).
            List<Candidate> all = store.candidates(c.id());
            for (List<String> system : spec.systems()) {
                java.util.Set<String> els = new java.util.TreeSet<>(system);
                boolean stored = all.stream().anyMatch(x -> x.formula() != null
                        && new java.util.TreeSet<>(org.xtalflow.crystal.Composition.parse(x.formula()).elements().stream()
                        .map(org.xtalflow.crystal.Element::symbol).toList()).equals(els));
                if (!stored && !generated.containsKey(systemMarker(system))) {
                    generateAgain.add(WorkItem.forSystem(c.id(), system, spec.cluster()));
                }
            }
            List<Candidate> unscreened = store.byState(c.id(), CandidateState.GENERATED);
            List<WorkItem> prepareAgain = new ArrayList<>(store.byState(c.id(), CandidateState.SCREENED).stream().map(toItem).toList());
            if (!unscreened.isEmpty()) {
                prepareAgain.addAll(rescreen.apply(c.id(), unscreened));
            }
            // Candidates of a cluster campaign still on their way: the poll route re-queues PREPARED
            // ones, tracks jobs and fetches results; each ends its unit when it ends.
            int onTheirWay = 0;
            if (spec.cluster() != null) {
                for (CandidateState st : List.of(CandidateState.PREPARED, CandidateState.SUBMITTING, CandidateState.SUBMITTED,
                        CandidateState.RUNNING, CandidateState.FINISHED)) {
                    onTheirWay += store.byState(c.id(), st).size();
                }
            }
            // Candidates already at the end of their road count as ended, so that a late report of
            // one (e.g. a FAILED job's outputs fetched after the restart) does not end it twice.
            for (Candidate x : all) {
                boolean preparedOnly = spec.cluster() == null && x.state() == CandidateState.PREPARED;
                if (preparedOnly || x.state() == CandidateState.REJECTED || x.state() == CandidateState.HARVESTED
                        || x.state() == CandidateState.FAILED || x.state() == CandidateState.TIMEOUT) {
                    run.markEnded(x.id());
                }
            }
            run.addOutstanding(generateAgain.size() + prepareAgain.size() + onTheirWay + 1);
            if (c.status() == CampaignStatus.PAUSED) {
                run.pauseLocal();
            }
            LOG.info("campaign {} resumed from the store: {} system(s) to generate, {} to prepare, {} on the cluster's road",
                    c.id(), generateAgain.size(), prepareAgain.size(), onTheirWay);
            ProducerTemplate producer = producer();
            generateAgain.forEach(i -> producer.sendBody("seda:generate", i));
            prepareAgain.forEach(i -> producer.sendBody("seda:prepare", i));
            finishOne(run, 1);
            n++;
        }
        return n;
    }

    /** Writes the report of a campaign that finished before a kill but whose report was not written. */
    private void reportAfterRestart(Campaign c) {
        CampaignSpec spec;
        try {
            spec = JSON.readValue(c.specJson(), CampaignSpec.class);
        } catch (IOException e) {
            LOG.error("campaign {}: finished without a report, and its spec is unreadable: {}", c.id(), e.getMessage());
            return;
        }
        CampaignRun run = new CampaignRun(c.id(), spec, store, this::requeue);
        run.setStatus("finished".equals(c.statusReason()) ? "FINISHED" : "FINISHED_WITH_FAILURES");
        if (!"finished".equals(c.statusReason()) && c.statusReason() != null) {
            run.recordError(c.statusReason());
        }
        LOG.info("campaign {} resumed from the store: it finished before the restart without its report; writing it", c.id());
        writeReport(run);
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
                if (run.getStatus().startsWith("FINISHED")) {
                    run.setStatus("RUNNING");
                    store.setCampaignStatus(campaignId, CampaignStatus.ACTIVE, "retrying " + candidateId);
                }
            }
        });
    }

    /** The funnel outcome (stage "generate") marking a system as generated, e.g. "system:Sr-Ti-O". */
    static String systemMarker(List<String> system) {
        return "system:" + String.join("-", system);
    }

    /** A generate item turned into {@code n} candidates: n new units replace the one. */
    void expand(WorkItem item, int n) {
        CampaignRun run = require(item.campaignId());
        run.addOutstanding(n);
        finishOne(run, 1);
    }

    private void finishOne(CampaignRun run, int n) {
        if (run.addOutstanding(-n) == 0) {
            run.setStatus(run.failures().isEmpty() ? "FINISHED" : "FINISHED_WITH_FAILURES");
            store.setCampaignStatus(run.getCampaignId(), CampaignStatus.DONE, run.failures().isEmpty() ? "finished"
                    : run.failures().size() + " work item(s) failed; last: " + run.getLastError());
            StopPoint.reached(StopPoint.CAMPAIGN_DONE);
            writeReport(run);
        }
    }

    /** Writes the report of a finished campaign; a failure is recorded on the campaign, never thrown. */
    private void writeReport(CampaignRun run) {
        try {
            Path dir = reporter.write(run, campaignDir(run.getCampaignId()));
            LOG.info("campaign {} finished; report in {}", run.getCampaignId(), dir);
        } catch (RuntimeException e) {
            run.recordError("report failed: " + e.getMessage());
            LOG.error("campaign {}: report failed", run.getCampaignId(), e);
        }
        run.markReported();
    }

    /**
     * Dead-letter handler: records the failure on the campaign (candidate state FAILED, last
     * error, kept for retry) and ends that unit of work so the campaign can still finish.
     */
    public void deadLetter(Exchange exchange) {
        Throwable t = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String endpoint = exchange.getProperty(Exchange.FAILURE_ENDPOINT, String.class);
        if (endpoint == null) {
            endpoint = exchange.getFromEndpoint() != null ? exchange.getFromEndpoint().getEndpointUri() : "unknown";
        }
        Object body = exchange.getMessage().getBody();
        String reason = t == null ? "unknown failure" : t.getClass().getSimpleName() + ": " + t.getMessage();
        if (body instanceof WorkItem item && get(item.campaignId()).isPresent()) {
            CampaignRun run = require(item.campaignId());
            String queue = fromQueue(exchange);
            run.recordFailure(new CampaignRun.Failed(queue, item, reason));
            store.recordEvent(item.campaignId(), item.candidateId(), "failed at " + queue + ": " + reason);
            LOG.warn("{} failed at {}: {}", item.label(), queue, reason);
            if (item.candidateId() == null) {
                finishOne(run, 1);
            } else if (run.markEnded(item.candidateId())) {
                finishOne(run, 1);
            }
        } else {
            LOG.error("work failed outside any campaign at {}: {} (body {})", endpoint, reason,
                    body == null ? "null" : body.getClass().getSimpleName());
        }
    }

    private static String fromQueue(Exchange exchange) {
        String from = exchange.getFromEndpoint() == null ? "seda:generate" : exchange.getFromEndpoint().getEndpointUri();
        return from.replaceAll("\\?.*", "").replace("seda://", "seda:");
    }

    private void requeue(CampaignRun.Failed f) {
        producer().sendBody(f.endpoint(), f.item());
    }

    synchronized ProducerTemplate producer() {
        if (camel == null) {
            throw new IllegalStateException("campaign service is not attached to a running application");
        }
        if (producer == null) {
            producer = camel.createProducerTemplate();
        }
        return producer;
    }

    private void register(CampaignRun run) {
        try {
            mbeans.registerMBean(run, objectName(run.getCampaignId()));
        } catch (InstanceAlreadyExistsException e) {
            LOG.warn("campaign MBean {} already registered", run.getCampaignId());
        } catch (JMException e) {
            LOG.warn("cannot register campaign MBean {}: {}", run.getCampaignId(), e.toString());
        }
    }

    public static ObjectName objectName(String campaignId) {
        try {
            return new ObjectName("org.xtalflow:type=Campaign,id=" + ObjectName.quote(campaignId));
        } catch (JMException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Removes the MBeans this service registered (application stop). */
    void close() {
        for (CampaignRun run : list()) {
            try {
                mbeans.unregisterMBean(objectName(run.getCampaignId()));
            } catch (JMException ignored) {
                // already gone
            }
        }
    }

    Collection<String> ids() {
        return list().stream().map(CampaignRun::getCampaignId).toList();
    }
}
