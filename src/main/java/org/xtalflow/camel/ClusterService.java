package org.xtalflow.camel;

import org.xtalflow.campaign.CampaignService;
import org.xtalflow.campaign.StageUnavailableException;
import org.xtalflow.campaign.WorkItem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xtalflow.campaign.Candidate;
import org.xtalflow.campaign.CandidateChange;
import org.xtalflow.campaign.CandidateState;
import org.xtalflow.campaign.CandidateStore;
import org.xtalflow.campaign.CampaignStatus;
import org.xtalflow.campaign.Stage;
import org.xtalflow.campaign.StopPoint;
import org.xtalflow.hpc.ClusterProfile;
import org.xtalflow.campaign.ClusterJobs;
import org.xtalflow.hpc.HostStats;
import org.xtalflow.hpc.HpcException;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Bean {@code clusters}: one {@link ClusterJobs} (hpc) per configured cluster profile, opened
 * when first needed, and its JMX view ({@code org.xtalflow:type=Cluster,name=<profile>}). The
 * submit route calls {@link #submit}; the poll route calls {@link #poll}, which asks each busy
 * cluster's scheduler once, re-queues PREPARED candidates while the cluster is under its
 * max-queued-jobs cap, fetches ended jobs and hands them to the harvest queue.
 */
public final class ClusterService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterService.class);

    private final Map<String, ClusterProfile> profiles;
    private final CandidateStore store;
    private final CampaignService campaigns;
    private final Path resultsDir;
    private final Function<Candidate, WorkItem> toItem;
    private final Map<String, ClusterJobs> sessions = new ConcurrentHashMap<>();
    private final Map<String, Monitor> monitors = new ConcurrentHashMap<>();
    /** Candidates on the submit queue now (not to be queued twice). */
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    /** FINISHED candidates this process handed to the harvest queue (each once). */
    private final Set<String> toHarvest = ConcurrentHashMap.newKeySet();
    private final MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();

    public ClusterService(Map<String, ClusterProfile> profiles, CandidateStore store, CampaignService campaigns,
                          Path resultsDir, Function<Candidate, WorkItem> toItem) {
        this.profiles = Map.copyOf(profiles);
        this.store = store;
        this.campaigns = campaigns;
        this.resultsDir = resultsDir;
        this.toItem = toItem;
        for (String name : profiles.keySet()) {
            Monitor m = new Monitor(name);
            monitors.put(name, m);
            try {
                mbeans.registerMBean(m, objectName(name));
            } catch (JMException e) {
                LOG.warn("cannot register cluster MBean {}: {}", name, e.toString());
            }
        }
    }

    public static ObjectName objectName(String cluster) {
        try {
            return new ObjectName("org.xtalflow:type=Cluster,name=" + ObjectName.quote(cluster));
        } catch (JMException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private ClusterJobs session(String cluster) {
        ClusterProfile p = profiles.get(cluster);
        if (p == null) {
            throw new StageUnavailableException("submit", "no cluster profile '" + cluster + "' in the clusters section of the configuration");
        }
        return sessions.computeIfAbsent(cluster, c -> ClusterJobs.open(p, store));
    }

    /**
     * Submits one PREPARED candidate. Returns the item with its job id when the scheduler took it;
     * null when it stays PREPARED (cap reached, host paused, cluster paused: the poll re-queues it),
     * was refused (FAILED, reason in the store) or awaits reconciliation (SUBMITTING).
     */
    public WorkItem submit(WorkItem item) {
        queued.remove(item.candidateId());
        Monitor m = monitors.get(item.cluster());
        if (m != null && m.paused) {
            return null;
        }
        if (campaigns.require(item.campaignId()).parkIfPaused(Stage.SUBMIT, item)) {
            return null;
        }
        // The prepare route and the poll's re-queue can both put a candidate here; the store says
        // whether it still waits (the submit route has one consumer, so this check does not race).
        if (store.get(item.candidateId()).state() != CandidateState.PREPARED) {
            return null;
        }
        ClusterJobs.SubmitResult r;
        try {
            r = session(item.cluster()).submit(item.candidateId());
        } catch (HpcException e) {
            if (m != null) {
                m.lastError = e.getMessage();
            }
            throw e;
        }
        switch (r.status()) {
            case SUBMITTED: // funnel submit.submitted/refused: counted by the session with the transition
                return item.withJobId(r.jobId());
            case REFUSED:
                if (m != null) {
                    m.lastError = item.candidateId() + ": " + r.reason();
                }
                campaigns.endCandidate(item.campaignId(), item.candidateId());
                return null;
            default:
                LOG.debug("{}: {} ({}), left for the next poll", item.candidateId(), r.status(), r.reason());
                return null;
        }
    }

    /**
     * What one poll round hands on (routes/poll.yaml sends each list to its queue).
     *
     * @param toSubmit  PREPARED candidates of running campaigns, for the submit queue
     * @param toHarvest FINISHED candidates whose results are here, for the harvest queue
     */
    public record PollWork(List<WorkItem> toSubmit, List<WorkItem> toHarvest) {
    }

    /** One round over every cluster with work: scheduler poll, fetch; returns the work to hand over. */
    public PollWork poll() {
        List<WorkItem> toSubmit = new ArrayList<>();
        List<WorkItem> toHarvestNow = new ArrayList<>();
        for (String cluster : profiles.keySet()) {
            List<Candidate> busy = store.byCluster(cluster, CandidateState.ON_CLUSTER_ROAD);
            if (busy.isEmpty() && !sessions.containsKey(cluster)) {
                continue;
            }
            Monitor m = monitors.get(cluster);
            try {
                ClusterJobs s = session(cluster);
                ClusterJobs.PollReport report = s.poll();
                m.sample(s.hostStats());
                // PREPARED candidates of running campaigns: back on the submit queue (the session
                // defers them again while the cluster is at its cap).
                if (!m.paused) {
                    for (Candidate c : store.byCluster(cluster, EnumSet.of(CandidateState.PREPARED))) {
                        boolean running = campaigns.get(c.campaignId()).map(r -> r.status() == CampaignStatus.ACTIVE).orElse(false);
                        if (running && queued.add(c.id())) {
                            toSubmit.add(toItem.apply(c));
                        }
                    }
                }
                ClusterJobs.FetchReport fetched = s.fetch(resultsDir, 3);
                for (String id : fetched.fetched()) {
                    Candidate c = store.get(id);
                    if (c.state() != CandidateState.FINISHED) {
                        campaigns.endCandidate(c.campaignId(), c.id()); // FAILED or TIMEOUT: outputs kept for people
                    }
                }
                fetched.failed().forEach((id, why) -> {
                    m.lastError = id + ": " + why;
                    Candidate c = store.get(id);
                    if (c.state() != CandidateState.FINISHED && fetched.withoutResults().contains(id)) {
                        campaigns.endCandidate(c.campaignId(), c.id()); // ended without outputs: nothing to wait for
                    }
                });
                if (!fetched.fetched().isEmpty()) {
                    StopPoint.reached(StopPoint.RESULTS_FETCHED);
                }
                // Every FINISHED candidate with its results here goes to the harvest once per process:
                // those fetched now, and those a killed process fetched but did not harvest.
                for (Candidate c : store.byCluster(cluster, EnumSet.of(CandidateState.FINISHED))) {
                    Path results = resultsDir.resolve(ClusterJobs.resultFolder(c));
                    if (java.nio.file.Files.isDirectory(results) && toHarvest.add(c.id())) {
                        toHarvestNow.add(toItem.apply(c).withBundle(results));
                    }
                }
                LOG.debug("poll {}: {}", cluster, report);
            } catch (RuntimeException e) {
                m.lastError = e.getMessage();
                LOG.warn("poll of cluster {} failed: {}", cluster, e.getMessage());
            }
        }
        return new PollWork(toSubmit, toHarvestNow);
    }

    @Override
    public void close() {
        for (String name : monitors.keySet()) {
            try {
                mbeans.unregisterMBean(objectName(name));
            } catch (JMException ignored) {
                // gone already
            }
        }
        sessions.values().forEach(ClusterJobs::close);
        sessions.clear();
    }

    /** JMX view of one cluster. */
    final class Monitor implements ClusterMXBean {
        private final String name;
        volatile boolean paused;
        volatile String lastError = "";
        private final Deque<long[]> commandSamples = new ArrayDeque<>(); // {epoch ms, commands run}
        private volatile long connectionsOpened;

        Monitor(String name) {
            this.name = name;
        }

        synchronized void sample(HostStats st) {
            long now = System.currentTimeMillis();
            commandSamples.addLast(new long[] {now, st.commandsRun()});
            while (commandSamples.size() > 2 && commandSamples.peekFirst()[0] < now - 60_000) {
                commandSamples.removeFirst();
            }
            connectionsOpened = st.connectionsOpened();
            if (st.lastError() != null) {
                lastError = st.lastError();
            }
        }

        @Override public String getName() { return name; }

        @Override
        public int getJobsQueued() {
            return store.byCluster(name, CandidateState.QUEUED).size();
        }

        @Override
        public int getJobsRunning() {
            return store.byCluster(name, EnumSet.of(CandidateState.RUNNING)).size();
        }

        @Override public int getMaxQueuedJobs() { return profiles.get(name).maxQueuedJobs(); }
        @Override public long getSshConnectionsOpened() { return connectionsOpened; }

        @Override
        public synchronized int getCommandsPerMinute() {
            if (commandSamples.size() < 2) {
                return 0;
            }
            long[] first = commandSamples.peekFirst();
            long[] last = commandSamples.peekLast();
            long ms = Math.max(1, last[0] - first[0]);
            return (int) Math.round((last[1] - first[1]) * 60_000.0 / ms);
        }

        @Override
        public long getLastPollLatencyMs() {
            ClusterJobs s = sessions.get(name);
            return s == null ? -1 : s.lastPollMillis();
        }

        @Override public String getLastError() { return lastError == null ? "" : lastError; }
        @Override public boolean isPaused() { return paused; }
        @Override public void pause() { paused = true; }
        @Override public void resume() { paused = false; }

        @Override
        public int retryFailed() {
            int n = 0;
            for (Candidate c : store.byCluster(name, CandidateState.RETRYABLE)) {
                store.transition(c.id(), c.state(), CandidateState.PREPARED, CandidateChange.reason("retry requested over JMX"));
                campaigns.reopenCandidate(c.campaignId(), c.id());
                n++;
            }
            return n;
        }
    }
}
