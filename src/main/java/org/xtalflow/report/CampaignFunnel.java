package org.xtalflow.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.xtalflow.campaign.Candidate;
import org.xtalflow.campaign.CandidateState;
import org.xtalflow.crystal.Composition;

/**
 * A campaign's funnel, total and per chemical system, from its candidate rows: where each
 * candidate stopped (the stage that rejected it, with the reason code its row carries) or where
 * it waits (pending). Built from the rows themselves, so the total is the sum of the systems and
 * every stage adds up by construction; the report, {@code campaign status}, JMX and the status
 * page all render this.
 *
 * <p>Stage of a candidate: GENERATED waits at merged (not screened yet); REJECTED stops at the
 * filter its code names ({@code density.too_low} → density; {@code merge.*} → merged;
 * {@code prescreen.*} → pre-screen; {@code prepare.*} → prepared); SCREENED waits at pre-screen
 * or prepared; PREPARED and SUBMITTING wait at submitted; SUBMITTED and RUNNING at finished;
 * FAILED/TIMEOUT stop at submitted (refused: no job id) or finished (the run failed or timed
 * out); FINISHED waits at harvested;
 * HARVESTED passes harvested and is stable when its E_above_hull is at most the threshold.
 */
public final class CampaignFunnel {

    private final List<String> filters;
    private final boolean cluster;
    private final boolean prescreen;
    private final double stableEHullEv;

    /**
     * @param filters        the screening filters in their configured order
     * @param cluster        whether the campaign submits (else the funnel ends at prepared)
     * @param prescreen      whether a pre-screen stage runs between screening and prepare
     * @param stableEHullEv  E_above_hull (eV/atom) at or below which a harvested candidate counts as stable
     */
    public CampaignFunnel(List<String> filters, boolean cluster, boolean prescreen, double stableEHullEv) {
        this.filters = List.copyOf(filters);
        this.cluster = cluster;
        this.prescreen = prescreen;
        this.stableEHullEv = stableEHullEv;
    }

    /** The stage names of this campaign's funnel, in pipeline order. */
    public List<String> order() {
        List<String> o =
                new ArrayList<>(List.of(PipelineFunnel.SAMPLES, PipelineFunnel.STRUCTURES, PipelineFunnel.MERGED));
        o.addAll(filters);
        if (prescreen) {
            o.add(PipelineFunnel.PRESCREEN);
        }
        o.add(PipelineFunnel.PREPARED);
        if (cluster) {
            o.addAll(List.of(
                    PipelineFunnel.SUBMITTED,
                    PipelineFunnel.FINISHED,
                    PipelineFunnel.HARVESTED,
                    PipelineFunnel.STABLE));
        }
        return o;
    }

    /** Where a candidate stopped: the stage, and a reason code (rejected) or null (pending there or passed all). */
    record Stop(String stage, String reason) {}

    Stop stop(Candidate c) {
        CandidateState s = c.state();
        if ((s == CandidateState.REJECTED || s == CandidateState.FAILED) && "cancelled".equals(code(c.reason()))) {
            return cancelled(c.reason());
        }
        return switch (s) {
            case GENERATED -> new Stop(PipelineFunnel.MERGED, null);
            case REJECTED -> rejected(code(c.reason()));
            case SCREENED -> new Stop(prescreen ? PipelineFunnel.PRESCREEN : PipelineFunnel.PREPARED, null);
            case PREPARED, SUBMITTING -> new Stop(cluster ? PipelineFunnel.SUBMITTED : null, null);
            case SUBMITTED, RUNNING -> new Stop(PipelineFunnel.FINISHED, null);
            case FINISHED -> new Stop(PipelineFunnel.HARVESTED, null);
            case FAILED, TIMEOUT ->
                c.jobId() == null
                        ? new Stop(PipelineFunnel.SUBMITTED, "submit.refused")
                        : new Stop(PipelineFunnel.FINISHED, s == CandidateState.TIMEOUT ? "run.timeout" : "run.failed");
            case HARVESTED ->
                c.eAboveHullEv() != null && c.eAboveHullEv() <= stableEHullEv
                        ? new Stop(null, null)
                        : new Stop(PipelineFunnel.STABLE, "stable.above_hull");
        };
    }

    /**
     * A candidate a campaign cancel ended ("cancelled: was SCREENED"): counted as rejected, reason
     * {@code cancelled}, at the stage it was waiting for.
     */
    private Stop cancelled(String reason) {
        String[] words = reason.substring(reason.indexOf(':') + 1).trim().split("\\s+"); // "was", STATE, ...
        String was = words.length > 1 ? words[1] : "";
        String stage = switch (was) {
            case "GENERATED" -> PipelineFunnel.MERGED;
            case "SCREENED" -> prescreen ? PipelineFunnel.PRESCREEN : PipelineFunnel.PREPARED;
            case "PREPARED", "SUBMITTING" -> cluster ? PipelineFunnel.SUBMITTED : PipelineFunnel.PREPARED;
            case "FINISHED" -> PipelineFunnel.HARVESTED;
            default -> PipelineFunnel.FINISHED; // SUBMITTED, RUNNING: its job was cancelled
        };
        return new Stop(stage, "cancelled");
    }

    private Stop rejected(String code) {
        String prefix = code.contains(".") ? code.substring(0, code.indexOf('.')) : code;
        if (filters.contains(prefix)) {
            return new Stop(prefix, code);
        }
        return switch (prefix) {
            case "prescreen" -> new Stop(prescreen ? PipelineFunnel.PRESCREEN : PipelineFunnel.PREPARED, code);
            case "prepare" -> new Stop(PipelineFunnel.PREPARED, code);
            default -> new Stop(PipelineFunnel.MERGED, code); // merge.failed, input.*: before the filters
        };
    }

    /** The reason code of a stored reason ("density.too_low: 0.48 g/cm³ ...", "cancelled: was RUNNING"), or "unknown". */
    static String code(String reason) {
        if (reason == null || reason.isBlank()) {
            return "unknown";
        }
        int colon = reason.indexOf(':');
        String c = (colon < 0 ? reason : reason.substring(0, colon)).trim();
        // "cancelled": a campaign cancel's code (campaign.CampaignCancel), the one without a stage prefix
        return c.matches("[a-z_]+\\.[a-z_]+") || c.equals("cancelled") ? c : "unknown";
    }

    /** The chemical system of a candidate ("Ba-O-Ru" by formula; matched to the campaign's own spelling). */
    static String system(Candidate c, Map<Set<String>, String> campaignSystems) {
        if (c.formula() == null) {
            return "unknown";
        }
        Set<String> els = new TreeSet<>();
        try {
            Composition.parse(c.formula()).elements().forEach(e -> els.add(e.symbol()));
        } catch (IllegalArgumentException e) {
            return "unknown";
        }
        return campaignSystems.getOrDefault(els, String.join("-", els));
    }

    /**
     * Total and per-system funnels. {@code samplesBySystem}: the campaign's systems as written
     * ("Ba-Ru-O"), in spec order, with the generator samples drawn for each (0 for a system not
     * generated yet).
     */
    public Result build(List<Candidate> candidates, Map<String, Long> samplesBySystem) {
        Map<Set<String>, String> bySet = new HashMap<>();
        Set<String> order = new LinkedHashSet<>();
        for (String s : samplesBySystem.keySet()) {
            bySet.put(new TreeSet<>(List.of(s.split("-"))), s);
            order.add(s);
        }
        Map<String, List<Candidate>> per = new LinkedHashMap<>();
        order.forEach(s -> per.put(s, new ArrayList<>()));
        for (Candidate c : candidates) {
            per.computeIfAbsent(system(c, bySet), k -> new ArrayList<>()).add(c);
        }
        Map<String, PipelineFunnel> perSystem = new LinkedHashMap<>();
        long samples = 0;
        for (Map.Entry<String, List<Candidate>> e : per.entrySet()) {
            long n = samplesBySystem.getOrDefault(e.getKey(), 0L);
            samples += n;
            perSystem.put(e.getKey(), funnel(e.getKey(), e.getValue(), n));
        }
        return new Result(funnel("total", candidates, samples), perSystem);
    }

    /** The funnel of one scope; {@code samples} generator samples gave these candidates. */
    public PipelineFunnel funnel(String scope, List<Candidate> candidates, long samples) {
        List<String> stages = order();
        Map<String, Map<String, Long>> rejected = new HashMap<>();
        Map<String, Long> pending = new HashMap<>();
        for (Candidate c : candidates) {
            Stop st = stop(c);
            if (st.stage() == null) {
                continue; // passed every stage
            }
            if (st.reason() == null) {
                pending.merge(st.stage(), 1L, Long::sum);
            } else {
                rejected.computeIfAbsent(st.stage(), k -> new TreeMap<>()).merge(st.reason(), 1L, Long::sum);
            }
        }
        long structures = candidates.size();
        PipelineFunnel.Builder b = PipelineFunnel.builder(scope)
                .start(PipelineFunnel.SAMPLES, samples)
                .expand(PipelineFunnel.STRUCTURES, structures);
        long left = structures;
        for (String name : stages.subList(2, stages.size())) {
            Map<String, Long> r = rejected.getOrDefault(name, Map.of());
            long p = pending.getOrDefault(name, 0L);
            long lost = r.values().stream().mapToLong(Long::longValue).sum();
            left = left - lost - p;
            b.stage(name, left, r, p);
        }
        return b.build();
    }

    /** The total and each system's funnel. */
    public record Result(PipelineFunnel total, Map<String, PipelineFunnel> perSystem) {

        public Map<String, Object> document() {
            return PipelineFunnel.document(total, perSystem);
        }
    }
}
