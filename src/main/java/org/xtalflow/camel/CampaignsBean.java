package org.xtalflow.camel;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanServer;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xtalflow.campaign.CampaignRun;
import org.xtalflow.campaign.CampaignService;
import org.xtalflow.campaign.CampaignSpec;
import org.xtalflow.campaign.Handoff;
import org.xtalflow.campaign.Pipeline;
import org.xtalflow.campaign.Stage;
import org.xtalflow.campaign.WorkItem;

/**
 * Bean {@code campaigns}, what the routes call about whole campaigns: start one (routes/campaign.yaml
 * queues the work it returns), resume the store's campaigns after a restart, and the dead-letter
 * handler. Also shows each running campaign over JMX ({@link CampaignMonitor}). The campaign's
 * life itself is {@link CampaignService}'s.
 */
public final class CampaignsBean implements CampaignService.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(CampaignsBean.class);

    private final CampaignService campaigns;
    private final Pipeline pipeline;
    private final MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();

    private final java.util.List<String> filters;

    /** @param filters the configured screening filter order (the funnel's stages) */
    public CampaignsBean(CampaignService campaigns, Pipeline pipeline, java.util.List<String> filters) {
        this.campaigns = campaigns;
        this.pipeline = pipeline;
        this.filters = java.util.List.copyOf(filters);
    }

    /** Starts a campaign: its id and the generate work items, which the route splits onto the generate queue. */
    public CampaignService.Started start(CampaignSpec spec) {
        return campaigns.start(spec);
    }

    /** The work of the store's unfinished campaigns, which the route hands to each item's stage. */
    public List<Handoff> resume() {
        return campaigns.resumeFromStore(pipeline::fromStore, pipeline::rescreen);
    }

    /**
     * Dead-letter handler: records the failure on the campaign (kept for retry, in the store for
     * the report) and ends that unit of work so the campaign can still finish.
     */
    public void deadLetter(Exchange exchange) {
        Throwable t = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String endpoint = exchange.getProperty(Exchange.FAILURE_ENDPOINT, String.class);
        if (endpoint == null) {
            endpoint = exchange.getFromEndpoint() != null
                    ? exchange.getFromEndpoint().getEndpointUri()
                    : "unknown";
        }
        Object body = exchange.getMessage().getBody();
        String reason = t == null ? "unknown failure" : t.getClass().getSimpleName() + ": " + t.getMessage();
        String queue = fromQueue(exchange);
        if (!(body instanceof WorkItem item) || !campaigns.recordFailure(item, stageOf(queue), queue, reason)) {
            LOG.error(
                    "work failed outside any campaign at {}: {} (body {})",
                    endpoint,
                    reason,
                    body == null ? "null" : body.getClass().getSimpleName());
        }
    }

    /** The queue the failed exchange came from, e.g. "seda:generate" (the route's from endpoint). */
    private static String fromQueue(Exchange exchange) {
        String from = exchange.getFromEndpoint() == null
                ? "unknown"
                : exchange.getFromEndpoint().getEndpointUri();
        return from.replaceAll("\\?.*", "").replace("seda://", "seda:");
    }

    /** The stage a queue feeds: its name after the scheme ("seda:prepare" → PREPARE); GENERATE when unknown. */
    private static Stage stageOf(String queue) {
        String name = queue.substring(queue.indexOf(':') + 1).toUpperCase(Locale.ROOT);
        for (Stage s : Stage.values()) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        return Stage.GENERATE;
    }

    @Override
    public void opened(CampaignRun run) {
        try {
            mbeans.registerMBean(new CampaignMonitor(run, filters), CampaignService.objectName(run.getCampaignId()));
        } catch (InstanceAlreadyExistsException e) {
            LOG.warn("campaign MBean {} already registered", run.getCampaignId());
        } catch (JMException e) {
            LOG.warn("cannot register campaign MBean {}: {}", run.getCampaignId(), e.toString());
        }
    }

    @Override
    public void closed(CampaignRun run) {
        try {
            mbeans.unregisterMBean(CampaignService.objectName(run.getCampaignId()));
        } catch (JMException ignored) {
            // already gone
        }
    }
}
