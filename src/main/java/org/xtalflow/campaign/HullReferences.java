package org.xtalflow.campaign;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xtalflow.thermo.ReferenceSet;
import org.xtalflow.thermo.ThermoSettings;
import org.xtalflow.thermo.mp.ChemicalSystem;
import org.xtalflow.thermo.mp.MaterialsProjectClient;
import org.xtalflow.thermo.mp.MaterialsProjectException;
import org.xtalflow.thermo.mp.MpApiKey;
import org.xtalflow.thermo.mp.MpReferenceSource;
import org.xtalflow.thermo.mp.MpSettings;

/**
 * The reference phases a campaign's candidates are placed against, for one chemical system:
 * {@code thermo.references} with {@code mp} resolved through the store's cache (fetched from the
 * Materials Project when not cached and a key is there). A campaign never stops for want of MP:
 * without a key and a cache, or when MP fails, it goes on against the local references and says
 * that E_above_hull is then a lower bound.
 */
public final class HullReferences {

    private static final Logger LOG = LoggerFactory.getLogger(HullReferences.class);

    /**
     * @param references   the set to place candidates against
     * @param local        the local references' summary ("MP elemental references 2023-02-07 (bundled): 89 elements, 0 compounds")
     * @param mpNote       where MP's phases came from ("Materials Project database 2025_09_25, fetched ..."), or null
     * @param mpDbVersion  MP's database version used, or null when no MP phases are in the set
     * @param lowerBound   true when no compound of the system competes: E_above_hull is then only a lower bound
     * @param warning      why MP's phases are missing although asked for, or that a cached copy stood in; null otherwise
     */
    public record Resolved(
            ReferenceSet references,
            String local,
            String mpNote,
            String mpDbVersion,
            boolean lowerBound,
            String warning) {
        /** Where the references come from, for reports. */
        public String description() {
            return mpNote == null ? local : local + "; " + mpNote;
        }
    }

    private final ThermoSettings thermo;
    private final MpReferenceSource source;

    public HullReferences(ThermoSettings thermo, MpReferenceSource source) {
        this.thermo = thermo;
        this.source = source;
    }

    /** With the store's cache and, when a key is configured, the Materials Project client. */
    public static HullReferences of(
            ThermoSettings thermo, MpSettings mp, Map<String, String> environment, CandidateStore store) {
        Optional<MpApiKey> key = mp.apiKey(environment);
        MaterialsProjectClient client =
                key.map(k -> new MaterialsProjectClient(mp, k)).orElse(null);
        return new HullReferences(thermo, new MpReferenceSource(new ReferenceCache(store), client, null));
    }

    /**
     * The references for every system of a campaign at once (MP's entries of each, one set; a hull
     * takes the compounds inside its own system): lower bound when any system lacks compounds.
     */
    public Resolved resolve(List<ChemicalSystem> systems, boolean refresh) {
        if (systems.size() == 1) {
            return resolve(systems.get(0), refresh);
        }
        ReferenceSet local = thermo.loadReferenceSet();
        List<org.xtalflow.thermo.ComputedEntry> mpCompounds = new ArrayList<>();
        Set<String> versions = new LinkedHashSet<>();
        List<String> notes = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        boolean lower = false;
        for (ChemicalSystem sys : systems) {
            Resolved r = resolve(sys, refresh);
            if (r.mpDbVersion() != null) {
                versions.add(r.mpDbVersion());
                mpCompounds.addAll(r.references().compoundsWithin(sys.elements()));
                notes.add(r.mpNote());
            }
            if (r.warning() != null) {
                warnings.add(r.warning());
            }
            lower |= r.lowerBound();
        }
        // one system's entries include its subsystems': a compound met twice is kept once
        ReferenceSet all = mpCompounds.isEmpty()
                ? local
                : ReferenceSet.combine(List.of(
                        local,
                        ReferenceSet.of(
                                distinctById(mpCompounds), "Materials Project " + String.join(", ", versions))));
        return new Resolved(
                all,
                local.describe(),
                notes.isEmpty() ? null : String.join("; ", notes),
                versions.isEmpty() ? null : String.join(", ", versions),
                lower,
                warnings.isEmpty() ? null : String.join("; ", warnings));
    }

    /** The references for {@code system}; {@code refresh} asks MP again even when cached. */
    public Resolved resolve(ChemicalSystem system, boolean refresh) {
        ReferenceSet local = thermo.loadReferenceSet();
        if (!thermo.usesMaterialsProject()) {
            boolean lower = local.compoundsWithin(system.elements()).isEmpty();
            return new Resolved(local, local.describe(), null, null, lower, null);
        }
        try {
            MpReferenceSource.Result r = source.entries(system, refresh);
            ReferenceSet mp = ReferenceSet.of(r.set().entries(), r.set().describe());
            ReferenceSet all = thermo.loadReferenceSet(mp);
            return new Resolved(
                    all,
                    local.describe(),
                    r.note(),
                    r.set().dbVersion(),
                    all.compoundsWithin(system.elements()).isEmpty(),
                    r.origin() == MpReferenceSource.Origin.CACHE_OFFLINE ? r.note() : null);
        } catch (MaterialsProjectException e) {
            String why = "no Materials Project phases for " + system + ": " + e.getMessage();
            LOG.warn(
                    "{}; placing candidates against {} only (E_above_hull is then a lower bound)", why, local.source());
            return new Resolved(
                    local,
                    local.describe(),
                    null,
                    null,
                    local.compoundsWithin(system.elements()).isEmpty(),
                    why);
        }
    }

    /**
     * MP entries without repeats: one per entry id (MP's "mp-149-GGA" names one calculation), the
     * first kept; entries without an id by {@link org.xtalflow.thermo.ComputedEntry#distinct}.
     */
    static List<org.xtalflow.thermo.ComputedEntry> distinctById(List<org.xtalflow.thermo.ComputedEntry> entries) {
        Set<String> ids = new LinkedHashSet<>();
        List<org.xtalflow.thermo.ComputedEntry> out = new ArrayList<>();
        List<org.xtalflow.thermo.ComputedEntry> anonymous = new ArrayList<>();
        for (org.xtalflow.thermo.ComputedEntry e : entries) {
            if (e.entryId() == null) {
                anonymous.add(e);
            } else if (ids.add(e.entryId())) {
                out.add(e);
            }
        }
        out.addAll(org.xtalflow.thermo.ComputedEntry.distinct(anonymous));
        return out;
    }
}
