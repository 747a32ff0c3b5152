package org.xtalflow.report;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.xtalflow.campaign.HullReferences;

/**
 * What a report says first about its hull: which references the candidates were placed against,
 * which Materials Project database version, and, when no compound competes, that E_above_hull is
 * then only a lower bound (every oxide looks "stable" against the elements alone).
 */
public final class ReferenceNotes {

    /** The phrase every report without competing compounds carries in its first lines. */
    public static final String LOWER_BOUND = "E_above_hull is a lower bound";

    private ReferenceNotes() {}

    /** Markdown lines for the top of report.md. */
    public static List<String> markdown(HullReferences.Resolved r, String systems) {
        List<String> l = new ArrayList<>();
        if (r.lowerBound() && r.local().contains(org.xtalflow.campaign.EngineReferences.SAME_ENGINE)) {
            // a same-engine hull: MP's VASP phases cannot join it; more known phases can be computed
            l.add("> **" + LOWER_BOUND + "**: no known compound of " + systems
                    + " competes with the candidates, only the elemental references computed with the same engine"
                    + (r.warning() == null ? "" : " (" + r.warning() + ")")
                    + ". Raise application.defaults.reference_max_sites to compute the known phases left out.");
        } else if (r.lowerBound()) {
            l.add("> **" + LOWER_BOUND + "**: no known compound of " + systems
                    + " competes with the candidates, only the "
                    + "elemental references" + (r.warning() == null ? "" : " (" + r.warning() + ")")
                    + ". Set MP_API_KEY and use "
                    + "`thermo.references: [bundled, mp]` (or `xtalflow references fetch --chemsys "
                    + systems.split(",")[0].trim()
                    + "`), or list compound files in thermo.references.");
        } else if (r.warning() != null) {
            l.add("> Note: " + r.warning());
        }
        l.add("- Reference phases: " + r.description());
        l.add("- Materials Project database: " + (r.mpDbVersion() == null ? "not used" : r.mpDbVersion()));
        return l;
    }

    /** report.json's {@code references}. */
    public static ObjectNode json(HullReferences.Resolved r) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("description", r.description());
        if (r.mpDbVersion() == null) {
            o.putNull("mp_db_version");
        } else {
            o.put("mp_db_version", r.mpDbVersion());
        }
        o.put("e_above_hull_lower_bound", r.lowerBound());
        if (r.warning() != null) {
            o.put("warning", r.warning());
        }
        return o;
    }
}
