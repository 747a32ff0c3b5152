package org.xtalflow.cli;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import org.xtalflow.campaign.AppSettings;
import org.xtalflow.campaign.Campaign;
import org.xtalflow.campaign.CampaignCancel;
import org.xtalflow.campaign.CampaignService;
import org.xtalflow.campaign.CampaignStatus;
import org.xtalflow.campaign.CandidateStore;
import org.xtalflow.campaign.ClusterJobs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code xtalflow campaign cancel ID}: through the running application when it has the campaign
 * (JMX operation {@code cancel}), else here against the store and the campaign's cluster. Exit 0
 * when the cancel is complete; 1 for an unknown or finished campaign; 4 when some job could not be
 * cancelled now (the campaign is CANCELLED; running the command again, or the application's next
 * start, completes it).
 */
@Command(
        name = "cancel",
        mixinStandardHelpOptions = true,
        description = {
            "Cancel a campaign: its generation stops at the next batch, queued work is dropped, its queued and"
                    + " running cluster jobs are cancelled (scancel/qdel) and every candidate not yet finished"
                    + " ends with reason 'cancelled'. A cancelled campaign cannot be resumed.",
        },
        footer = {"%nExample:", "  bin/xtalflow campaign cancel c20261202-021103-16b002"})
final class CampaignCancelCommand extends CampaignCommand.ConfigOption implements Callable<Integer> {

    @Parameters(paramLabel = "ID", description = "The campaign ('xtalflow campaign status' lists them).")
    String id;

    @Override
    public Integer call() throws Exception {
        AppSettings settings = AppSettings.load(config);
        try (CandidateStore store = CandidateStore.open(settings.storeConfig())) {
            Optional<Campaign> c = store.campaign(id);
            if (c.isEmpty()) {
                System.err.println("error: no campaign '" + id + "' in the store "
                        + store.config().jdbcUrl() + " ('xtalflow campaign status' lists them)");
                return Main.EXIT_INPUT_FAILED;
            }
            CampaignStatus st = c.get().status();
            if (st == CampaignStatus.DONE || st == CampaignStatus.FAILED) {
                System.err.println("error: campaign " + id + " has finished (" + st + "); there is nothing to cancel");
                return Main.EXIT_INPUT_FAILED;
            }
            Map<String, ClusterJobs> opened = new HashMap<>();
            CampaignCancel cancel = new CampaignCancel(
                    store,
                    cluster -> opened.computeIfAbsent(
                            cluster,
                            n -> ClusterJobs.open(settings.config().clusters().get(n), store)));
            try {
                if (st == CampaignStatus.CANCELLED && !cancel.unfinished(id)) {
                    System.err.println("error: campaign " + id + " is cancelled already; there is nothing to cancel");
                    return Main.EXIT_INPUT_FAILED;
                }
                List<String> live = cancelLive();
                if (live != null) {
                    live.forEach(l -> System.out.println(id + ": " + l));
                    return finish(store, live.stream().noneMatch(l -> l.startsWith("left: ")));
                }
                // no running application has it: cancel here
                cancel.mark(id, "cancelled by operator (command line)");
                CampaignCancel.Outcome o = cancel.complete(id);
                o.jobsCancelled().forEach(j -> System.out.println(id + ": cancelled job " + j));
                System.out.println(id + ": " + o.candidatesEnded() + " candidate(s) ended with reason cancelled");
                o.left().forEach(l -> System.out.println(id + ": left: " + l));
                return finish(store, o.complete());
            } finally {
                opened.values().forEach(ClusterJobs::close);
            }
        }
    }

    private int finish(CandidateStore store, boolean complete) {
        System.out.println(id + ": " + store.campaign(id).orElseThrow().status());
        if (!complete) {
            System.err.println("error: campaign " + id + " is CANCELLED but some jobs could not be cancelled now"
                    + " (above); run 'xtalflow campaign cancel " + id + "' again");
            return Main.EXIT_REMOTE;
        }
        return Main.EXIT_OK;
    }

    /** The running application's cancel (its lines), or null when no running application has the campaign. */
    private List<String> cancelLive() throws Exception {
        if (!CampaignCommand.Jmx.applicationRunning()) {
            return null;
        }
        try (JMXConnector connector = CampaignCommand.Jmx.connectTo(id)) {
            if (connector == null) {
                return null;
            }
            MBeanServerConnection mbs = connector.getMBeanServerConnection();
            ObjectName on = CampaignService.objectName(id);
            return List.of((String[]) mbs.invoke(on, "cancel", new Object[0], new String[0]));
        }
    }
}
