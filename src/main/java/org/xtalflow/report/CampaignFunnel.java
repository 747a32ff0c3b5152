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
import org.xtalflow.campaign.CandidateTally;
import org.xtalflow.crystal.Composition;

/**
 * A campaign's funnel, total and per chemical system, from its candidate rows (or the store's
 * counts of them, {@link CandidateTally}): where each
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

    Stop stop(CandidateTally c) {
        CandidateState s = c.state();
        if ((s == CandidateState.REJECTED || s == CandidateState.FAILED) && "cancelled".equals(code(c.reasonCode()))) {
            return cancelled(c.reasonCode());
        }
        return switch (s) {
            case GENERATED -> new Stop(PipelineFunnel.MERGED, null);
            case REJECTED -> rejected(code(c.reasonCode()));
            case SCREENED -> new Stop(prescreen ? PipelineFunnel.PRESCREEN : PipelineFunnel.PREPARED, null);
            case PREPARED, SUBMITTING -> new Stop(cluster ? PipelineFunnel.SUBMITTED : null, null);
            case SUBMITTED, RUNNING -> new Stop(PipelineFunnel.FINISHED, null);
            case FINISHED -> new Stop(PipelineFunnel.HARVESTED, null);
            case FAILED, TIMEOUT ->
                !c.hasJob()
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
    static String system(String formula, Map<Set<String>, String> campaignSystems) {
        if (formula == null) {
            return "unknown";
        }
        Set<String> els = new TreeSet<>();
        try {
            Composition.parse(formula).elements().forEach(e -> els.add(e.symbol()));
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
        return buildFromTallies(candidates.stream().map(CandidateTally::of).toList(), samplesBySystem);
    }

    /**
     * {@link #build} from the store's counts ({@link org.xtalflow.campaign.CandidateStore#tallies}):
     * the same funnels in memory bounded by the number of groups, not of candidates.
     */
    public Result buildFromTallies(List<CandidateTally> tallies, Map<String, Long> samplesBySystem) {
        Map<Set<String>, String> bySet = new HashMap<>();
        Set<String> order = new LinkedHashSet<>();
        for (String s : samplesBySystem.keySet()) {
            bySet.put(new TreeSet<>(List.of(s.split("-"))), s);
            order.add(s);
        }
        Map<String, List<CandidateTally>> per = new LinkedHashMap<>();
        order.forEach(s -> per.put(s, new ArrayList<>()));
        Map<String, String> systemOfFormula = new HashMap<>();
        for (CandidateTally c : tallies) {
            String system =
                    systemOfFormula.computeIfAbsent(String.valueOf(c.formula()), f -> system(c.formula(), bySet));
            per.computeIfAbsent(system, k -> new ArrayList<>()).add(c);
        }
        Map<String, PipelineFunnel> perSystem = new LinkedHashMap<>();
        long samples = 0;
        for (Map.Entry<String, List<CandidateTally>> e : per.entrySet()) {
            long n = samplesBySystem.getOrDefault(e.getKey(), 0L);
            samples += n;
            perSystem.put(e.getKey(), funnelOfTallies(e.getKey(), e.getValue(), n));
        }
        return new Result(funnelOfTallies("total", tallies, samples), perSystem);
    }

    /** The funnel of one scope; {@code samples} generator samples gave these candidates. */
    public PipelineFunnel funnel(String scope, List<Candidate> candidates, long samples) {
        return funnelOfTallies(
                scope, candidates.stream().map(CandidateTally::of).toList(), samples);
    }

    private PipelineFunnel funnelOfTallies(String scope, List<CandidateTally> tallies, long samples) {
        List<String> stages = order();
        Map<String, Map<String, Long>> rejected = new HashMap<>();
        Map<String, Long> pending = new HashMap<>();
        long structures = 0;
        for (CandidateTally c : tallies) {
            structures += c.count();
            Stop st = stop(c);
            if (st.stage() == null) {
                continue; // passed every stage
            }
            if (st.reason() == null) {
                pending.merge(st.stage(), c.count(), Long::sum);
            } else {
                rejected.computeIfAbsent(st.stage(), k -> new TreeMap<>()).merge(st.reason(), c.count(), Long::sum);
            }
        }
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
