package org.xtalflow.camel;

import java.lang.management.ManagementFactory;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xtalflow.campaign.ClusterJobs;
import org.xtalflow.campaign.ClusterWork;
import org.xtalflow.config.BatchSystem;
import org.xtalflow.hpc.ClusterProfile;
import org.xtalflow.hpc.HostStats;

/**
 * The JMX view ({@link ClusterMXBean}, {@code org.xtalflow:type=Cluster,name=<profile>}) of each
 * configured cluster's work ({@link ClusterWork}); it samples the host's counters after each poll
 * for the commands-per-minute figure.
 */
final class ClusterMonitor implements ClusterMXBean {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterMonitor.class);

    private final ClusterWork work;
    private final String name;
    private final ClusterProfile profile;
    private final Deque<long[]> commandSamples = new ArrayDeque<>(); // {epoch ms, commands run}
    private volatile long connectionsOpened;
    /** The host's counters at the last poll; null before the first. */
    private volatile HostStats last;

    private ClusterMonitor(ClusterWork work, ClusterProfile profile) {
        this.work = work;
        this.name = profile.name();
        this.profile = profile;
    }

    /**
     * Registers one view per cluster on the platform MBean server; returns them by cluster name.
     *
     * @param profiles the configured clusters (their SSH policy is the budget the views report against)
     */
    static Map<String, ClusterMonitor> register(ClusterWork work, Map<String, ClusterProfile> profiles) {
        MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
        Map<String, ClusterMonitor> monitors = new ConcurrentHashMap<>();
        for (String name : work.clusters()) {
            ClusterMonitor m = new ClusterMonitor(work, profiles.get(name));
            monitors.put(name, m);
            try {
                mbeans.registerMBean(m, objectName(name));
            } catch (JMException e) {
                LOG.warn("cannot register cluster MBean {}: {}", name, e.toString());
            }
        }
        work.onPolled((cluster, stats) -> {
            ClusterMonitor m = monitors.get(cluster);
            if (m != null) {
                m.sample(stats);
            }
        });
        return monitors;
    }

    /** Removes the views {@link #register} made. */
    static void unregister(Map<String, ClusterMonitor> monitors) {
        MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
        for (String name : monitors.keySet()) {
            try {
                mbeans.unregisterMBean(objectName(name));
            } catch (JMException ignored) {
                // gone already
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

    synchronized void sample(HostStats st) {
        long now = System.currentTimeMillis();
        commandSamples.addLast(new long[] {now, st.commandsRun()});
        while (commandSamples.size() > 2 && commandSamples.peekFirst()[0] < now - 60_000) {
            commandSamples.removeFirst();
        }
        connectionsOpened = st.connectionsOpened();
        last = st;
    }

    /**
     * The SSH budget in one line for the status page: remote commands in the last minute of those
     * the profile allows ({@code ssh.commands_per_minute}), connections open and opened, failed
     * connects, and whether submission or the host is paused (an operator's pause; the host's own
     * after {@code ssh.reconnect_attempts} failed connects, for {@code ssh.pause_s}).
     */
    String budget() {
        HostStats st = last;
        String submission = work.isPaused(name) ? "submission paused by the operator" : "submission on";
        if (profile.scheduler() == BatchSystem.LOCAL) {
            return "local scheduler, no SSH: " + getCommandsPerMinute() + " commands in the last minute; " + submission;
        }
        if (st == null) {
            return "not polled yet (0/" + profile.ssh().commandsPerMinute() + " commands/min allowed); " + submission;
        }
        return getCommandsPerMinute() + "/" + profile.ssh().commandsPerMinute() + " commands/min"
                + "; connections: " + st.openConnections() + " open, " + st.connectionsOpened() + " opened, "
                + st.connectFailures() + " failed (at most " + profile.ssh().maxChannels() + " channels)"
                + "; "
                + (st.paused()
                        ? "host paused after failed connects (for "
                                + profile.ssh().pauseMs() / 1000 + " s)"
                        : "host not paused")
                + "; " + submission;
    }

    /** {@link #budget()} of each cluster, by name. */
    static Map<String, String> budgets(Map<String, ClusterMonitor> monitors) {
        Map<String, String> out = new java.util.TreeMap<>();
        monitors.forEach((k, m) -> out.put(k, m.budget()));
        return out;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public int getJobsQueued() {
        return work.jobsQueued(name);
    }

    @Override
    public int getJobsRunning() {
        return work.jobsRunning(name);
    }

    @Override
    public int getMaxQueuedJobs() {
        return work.maxQueuedJobs(name);
    }

    @Override
    public long getSshConnectionsOpened() {
        return connectionsOpened;
    }

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
        return work.openSession(name).map(ClusterJobs::lastPollMillis).orElse(-1L);
    }

    @Override
    public String getLastError() {
        return work.lastError(name);
    }

    @Override
    public long getAttemptsReviewed() {
        return work.attemptsReviewed(name);
    }

    @Override
    public long getAttemptsRetried() {
        return work.attemptsRetried(name);
    }

    @Override
    public String getLastVaspError() {
        return work.lastVaspError(name);
    }

    @Override
    public String getLastDftError() {
        return work.lastDftError(name);
    }

    @Override
    public boolean isPaused() {
        return work.isPaused(name);
    }

    @Override
    public void pause() {
        work.pause(name);
    }

    @Override
    public void resume() {
        work.resume(name);
    }

    @Override
    public int retryFailed() {
        return work.retryFailed(name);
    }
}
