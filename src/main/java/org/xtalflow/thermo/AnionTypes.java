package org.xtalflow.thermo;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.xtalflow.crystal.Composition;
import org.xtalflow.crystal.Element;
import org.xtalflow.crystal.Lattice;
import org.xtalflow.crystal.Site;
import org.xtalflow.crystal.Structure;

/**
 * Oxygen and sulfur bonding types from a structure, by pymatgen's rules (structure_analyzer's
 * oxide_type and sulfide_type), which MP2020 uses to pick the oxide/peroxide/superoxide/ozonide
 * and sulfide corrections.
 */
public final class AnionTypes {

    private static final Element O = Element.of("O");
    private static final Element H = Element.of("H");
    private static final Element S = Element.of("S");

    private AnionTypes() {}

    /** Oxide type and the number of O atoms in O-O (or O-H) bonds. */
    public record OxideType(String type, double nBonds) {}

    /**
     * pymatgen's oxide_type: "hydroxide" when an O-H distance is below 0.93 x cutoff; else by the
     * shortest O-O distances: below 1.35 x cutoff "superoxide" (or "ozonide" when an O has two
     * such neighbours), below 1.49 x cutoff "peroxide", otherwise "oxide"; "None" without O.
     * Distances in Å over periodic images; MP2020 uses relativeCutoff 1.05.
     */
    public static OxideType oxideType(Structure s, double relativeCutoff) {
        Composition comp = s.composition();
        if (comp.get(O) == 0 || comp.numElements() == 1) {
            return new OxideType("None", 0);
        }
        List<double[]> oSites = new ArrayList<>();
        List<double[]> hSites = new ArrayList<>();
        for (Site site : s.sites()) {
            if (site.species() == O) {
                oSites.add(site.frac());
            } else if (site.species() == H) {
                hSites.add(site.frac());
            }
        }
        Lattice lat = s.lattice();
        if (!hSites.isEmpty()) {
            int n = 0;
            for (double[] o : oSites) {
                for (double[] h : hSites) {
                    if (lat.distance(o, h) < relativeCutoff * 0.93) {
                        n++;
                    }
                }
            }
            if (n > 0) {
                return new OxideType("hydroxide", n / 2.0);
            }
        }
        int m = oSites.size();
        double[][] dist = new double[m][m];
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                dist[i][j] = i == j ? 1000 : lat.distance(oSites.get(i), oSites.get(j));
                min = Math.min(min, dist[i][j]);
            }
        }
        String type;
        double limit;
        if (min < relativeCutoff * 1.35) {
            type = "superoxide";
            limit = relativeCutoff * 1.35;
        } else if (min < relativeCutoff * 1.49) {
            type = "peroxide";
            limit = relativeCutoff * 1.49;
        } else {
            return new OxideType("oxide", comp.get(O));
        }
        // row indices of close pairs, with repeats: an O listed twice has two partners (O3)
        List<Integer> bonded = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                if (dist[i][j] < limit) {
                    bonded.add(i);
                }
            }
        }
        Set<Integer> unique = new HashSet<>(bonded);
        if (type.equals("superoxide") && bonded.size() > unique.size()) {
            type = "ozonide";
        }
        return new OxideType(type, unique.size());
    }

    /**
     * pymatgen's sulfide_type: for each S site, the up to 4 nearest neighbours within 0.4 Å of
     * the nearest; mean electronegativity above S's gives "sulfate", equal with S among them
     * "polysulfide", else "sulfide". Null when S sites disagree or there is no S (or only S).
     */
    public static String sulfideType(Structure s) {
        Composition comp = s.composition();
        if (comp.get(S) == 0 || comp.numElements() == 1) {
            return null;
        }
        double maxAbc =
                Math.max(s.lattice().a(), Math.max(s.lattice().b(), s.lattice().c()));
        Set<String> types = new HashSet<>();
        for (int i = 0; i < s.size(); i++) {
            if (s.species(i) != S) {
                continue;
            }
            double r = 4;
            List<Structure.Neighbor> nb = s.neighbors(i, r);
            while (nb.isEmpty() && r <= maxAbc * 2) {
                r *= 2;
                nb = s.neighbors(i, r);
            }
            if (nb.isEmpty()) {
                continue;
            }
            double d0 = nb.get(0).distance();
            double sumX = 0;
            int k = 0;
            boolean hasS = false;
            for (Structure.Neighbor n : nb) {
                if (n.distance() < d0 + 0.4 && k < 4) {
                    Element el = s.species(n.index());
                    sumX += el.x();
                    hasS |= el == S;
                    k++;
                }
            }
            double avg = sumX / k;
            if (avg > S.x()) {
                types.add("sulfate");
            } else if (avg == S.x() && hasS) {
                types.add("polysulfide");
            } else {
                types.add("sulfide");
            }
        }
        return types.size() == 1 ? types.iterator().next() : null;
    }
}
