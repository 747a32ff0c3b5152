package org.xtalflow.camel;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bean {@code pipeline}: what the stage routes call. Each method takes a {@link WorkItem}, calls
 * one stage (bound from its own package, or absent), counts the result on the campaign, and
 * returns the item(s) for the next queue. Flow (queues, concurrency, errors) stays in the routes.
 */
public final class PipelineBean {

    private final CampaignService campaigns;
    private final Path outbox;
    private final Stages.Generate generate;
    private final Stages.Screen screen;
    private final Stages.Prepare prepare;
    private final Stages.Submit submit;
    private final AtomicLong candidateSeq = new AtomicLong();

    public PipelineBean(CampaignService campaigns, Path outbox, Stages.Generate generate, Stages.Screen screen,
                        Stages.Prepare prepare, Stages.Submit submit) {
        this.campaigns = campaigns;
        this.outbox = outbox;
        this.generate = generate;
        this.screen = screen;
        this.prepare = prepare;
        this.submit = submit;
    }

    /** Samples and screens one system; returns one item per surviving candidate (may be empty). */
    public List<WorkItem> generate(WorkItem item) {
        CampaignRun run = campaigns.require(item.campaignId());
        if (run.parkIfPaused("seda:generate", item)) {
            return List.of();
        }
        if (generate == null) {
            throw new StageUnavailableException("generate", "no generator is bound in this build (generator '"
                    + run.spec().generator() + "' requested for " + String.join("-", item.system()) + ")");
        }
        if (screen == null) {
            throw new StageUnavailableException("screen", "no screening pipeline is bound in this build");
        }
        List<Stages.Generated> raw = generate.generate(run.spec(), item.system(), seed(item));
        run.count("GENERATED", raw.size());
        Stages.Screen.Outcome out = screen.screen(item.campaignId(), run.spec(), raw,
                item.campaignId() + "-" + String.join("", item.system()));
        run.setFunnel(out.funnel());
        run.count("SCREENED", out.survivors().size());
        run.count("REJECTED", raw.size() - out.survivors().size());
        List<WorkItem> next = new ArrayList<>();
        for (Stages.Generated s : out.survivors()) {
            String id = item.campaignId() + "-" + String.join("", item.system()) + "-" + candidateSeq.incrementAndGet();
            next.add(item.withCandidate(id, s.structure(), s.spaceGroup()));
        }
        campaigns.expand(item, next.size());
        return next;
    }

    /** Reproducible per campaign and system, different between them. */
    private static long seed(WorkItem item) {
        return (item.campaignId() + "/" + String.join("-", item.system())).hashCode() * 0x9E3779B97F4A7C15L;
    }

    /** Writes the candidate's VASP bundle into the campaign's outbox folder. */
    public WorkItem prepare(WorkItem item) {
        CampaignRun run = campaigns.require(item.campaignId());
        if (run.parkIfPaused("seda:prepare", item)) {
            return null;
        }
        if (prepare == null) {
            throw new StageUnavailableException("prepare", "no VASP input writer is bound in this build");
        }
        Path bundle = prepare.prepare(item.structure(), item.spaceGroup(), item.candidateId(), run.spec().inputSet(),
                outbox.resolve(item.campaignId()));
        run.count("PREPARED", 1);
        WorkItem next = item.withBundle(bundle);
        if (item.cluster() == null) {
            // Prepare-only campaign: PREPARED is where this candidate stops.
            campaigns.done(next);
        }
        return next;
    }

    /** Submits the prepared bundle to the item's cluster. */
    public WorkItem submit(WorkItem item) {
        CampaignRun run = campaigns.require(item.campaignId());
        if (run.parkIfPaused("seda:submit", item)) {
            return null;
        }
        if (submit == null) {
            throw new StageUnavailableException("submit", "no HPC submitter is bound (cluster '" + item.cluster() + "')");
        }
        String job = submit.submit(item.cluster(), item.bundle(), "xf-" + item.candidateId());
        run.count("SUBMITTED", 1);
        return item.withJobId(job);
    }
}
