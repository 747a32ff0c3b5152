package org.xtalflow.campaign;

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

import java.util.Map;
import java.util.Optional;

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
     * @param description  where it comes from, for reports ("bundled + Materials Project 2025_09_25 ...")
     * @param mpDbVersion  MP's database version used, or null when no MP phases are in the set
     * @param lowerBound   true when no compound of the system competes: E_above_hull is then only a lower bound
     * @param warning      why MP's phases are missing although asked for, or null
     */
    public record Resolved(ReferenceSet references, String description, String mpDbVersion, boolean lowerBound,
                           String warning) {}

    private final ThermoSettings thermo;
    private final MpReferenceSource source;

    public HullReferences(ThermoSettings thermo, MpReferenceSource source) {
        this.thermo = thermo;
        this.source = source;
    }

    /** With the store's cache and, when a key is configured, the Materials Project client. */
    public static HullReferences of(ThermoSettings thermo, MpSettings mp, Map<String, String> environment, CandidateStore store) {
        Optional<MpApiKey> key = mp.apiKey(environment);
        MaterialsProjectClient client = key.map(k -> new MaterialsProjectClient(mp, k)).orElse(null);
        return new HullReferences(thermo, new MpReferenceSource(new ReferenceCache(store), client, null));
    }

    /** The references for {@code system}; {@code refresh} asks MP again even when cached. */
    public Resolved resolve(ChemicalSystem system, boolean refresh) {
        ReferenceSet local = thermo.loadReferenceSet();
        if (!thermo.usesMaterialsProject()) {
            boolean lower = local.compoundsWithin(system.elements()).isEmpty();
            return new Resolved(local, local.describe(), null, lower, null);
        }
        try {
            MpReferenceSource.Result r = source.entries(system, refresh);
            ReferenceSet mp = ReferenceSet.of(r.set().entries(), r.set().describe());
            ReferenceSet all = thermo.loadReferenceSet(mp);
            return new Resolved(all, local.source() + " + " + r.note(), r.set().dbVersion(),
                    all.compoundsWithin(system.elements()).isEmpty(), r.origin() == MpReferenceSource.Origin.CACHE_OFFLINE ? r.note() : null);
        } catch (MaterialsProjectException e) {
            String why = "no Materials Project phases for " + system + ": " + e.getMessage();
            LOG.warn("{}; placing candidates against {} only (E_above_hull is then a lower bound)", why, local.source());
            return new Resolved(local, local.describe(), null, local.compoundsWithin(system.elements()).isEmpty(), why);
        }
    }
}
