package org.xtalflow.campaign;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.xtalflow.crystal.Structure;
import org.xtalflow.crystal.io.CifReader;
import org.xtalflow.screen.UniqueNovelJudge;
import org.xtalflow.thermo.CampaignStatistics;
import org.xtalflow.thermo.ComputedEntry;
import org.xtalflow.thermo.EntryJson;

/**
 * A campaign's {@link CampaignStatistics} from the store, the one place report.md, report.json and
 * {@code campaign status} take them from (so they agree): the candidates whose DFT run has ended
 * (harvested, or failed / timed out after submission; runs still queued or running are not
 * counted yet), with the store's E_f and E_above_hull (the final hull's once it has been computed,
 * see {@link FinalHullUpdater}), uniqueness and novelty by the screening's matcher on the relaxed
 * structure (the generated one when no relaxed structure was stored; one with neither counts as
 * neither unique nor novel), each filed under its
 * campaign system and its generated space group.
 */
public final class CampaignFigures {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CampaignFigures.class);

    private CampaignFigures() {}

    /**
     * @param systems the campaign's chemical systems (element symbols)
     * @param hull    what E_above_hull is measured on (references, correction, MP database version)
     */
    public static CampaignStatistics of(
            List<Candidate> candidates, List<List<String>> systems, UniqueNovelJudge judge, String hull) {
        List<Candidate> ended = new ArrayList<>();
        for (Candidate c : candidates) {
            boolean failedAtDft =
                    (c.state() == CandidateState.FAILED || c.state() == CandidateState.TIMEOUT) && c.submittedAt() > 0;
            if (c.state() == CandidateState.HARVESTED || failedAtDft) {
                ended.add(c);
            }
        }
        List<UniqueNovelJudge.Item> items = new ArrayList<>();
        List<Candidate> judged = new ArrayList<>();
        for (Candidate c : ended) {
            Structure s = structure(c);
            if (s != null) {
                items.add(new UniqueNovelJudge.Item(c.id(), s, c.spaceGroup() == null ? 1 : c.spaceGroup()));
                judged.add(c);
            }
        }
        Set<String> duplicates = new HashSet<>();
        Set<String> known = new HashSet<>();
        for (UniqueNovelJudge.Verdict v : judge.judge(items)) {
            if (!v.unique()) {
                duplicates.add(v.id());
            }
            if (!v.novel()) {
                known.add(v.id());
            }
        }
        Set<String> withStructure = new HashSet<>();
        judged.forEach(c -> withStructure.add(c.id()));
        List<CampaignStatistics.Sample> samples = new ArrayList<>();
        for (Candidate c : ended) {
            boolean optimised = c.state() == CandidateState.HARVESTED
                    && c.eAboveHullEv() != null
                    && c.formationEnergyPerAtomEv() != null;
            boolean judgedOk = withStructure.contains(c.id());
            samples.add(new CampaignStatistics.Sample(
                    c.id(),
                    system(c, systems),
                    c.spaceGroup() == null ? 0 : c.spaceGroup(),
                    optimised,
                    optimised ? c.formationEnergyPerAtomEv() : null,
                    optimised ? c.eAboveHullEv() : null,
                    judgedOk && !duplicates.contains(c.id()),
                    judgedOk && !known.contains(c.id())));
        }
        return CampaignStatistics.of(samples, judge.describe(), hull);
    }

    /** A campaign's figures from the store alone (JMX, {@code campaign status}), on its stored final hull. */
    public static CampaignStatistics fromStore(CandidateStore store, String campaignId, List<List<String>> systems) {
        String hull = store.hullHistory(campaignId).values().stream()
                .map(HullHistory::references)
                .findFirst()
                .orElse("harvest-time values (the final hull has not been computed yet)");
        return of(store.endedAtDft(campaignId), systems, UniqueNovelJudge.withDefaults(), hull);
    }

    /** The relaxed structure of the stored entry, else the generated structure's CIF, else null. */
    static Structure structure(Candidate c) {
        if (c.entryJson() != null) {
            try {
                ComputedEntry e = EntryJson.fromDict(EntryJson.mapper().readTree(c.entryJson()), "candidate " + c.id());
                if (e.structure() != null) {
                    return e.structure();
                }
            } catch (Exception e) {
                LOG.warn(
                        "candidate {}: stored entry unreadable ({}); judged on its generated structure",
                        c.id(),
                        e.getMessage());
            }
        }
        if (c.structureCif() != null) {
            try {
                return new CifReader()
                        .read(c.structureCif(), c.id() + ".cif")
                        .get(0)
                        .structure();
            } catch (RuntimeException e) {
                LOG.warn(
                        "candidate {}: no readable structure ({}); counted as neither unique nor novel",
                        c.id(),
                        e.getMessage());
                return null;
            }
        }
        return null;
    }

    /** The first campaign system holding the candidate's elements ("Ba-Ru-O"), else its own system. */
    static String system(Candidate c, List<List<String>> systems) {
        if (c.formula() == null) {
            return "unknown";
        }
        org.xtalflow.crystal.Composition comp = org.xtalflow.crystal.Composition.parse(c.formula());
        Set<String> els = new HashSet<>();
        comp.elements().forEach(e -> els.add(e.symbol()));
        for (List<String> s : systems) {
            if (s.containsAll(els)) {
                return String.join("-", s);
            }
        }
        return comp.chemicalSystem();
    }
}
