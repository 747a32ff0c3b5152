package org.xtalflow.screen;

import java.util.BitSet;
import org.xtalflow.crystal.Element;
import org.xtalflow.crystal.SpaceGroup;

/**
 * Charge neutrality: some assignment of oxidation states to the formula unit (the reduced
 * composition) sums to zero, as pymatgen's {@code Composition.oxi_state_guesses} finds one. Like
 * pymatgen, atoms of one element may take different states (Fe3O4 = Fe2+ + 2 Fe3+). States tried: the element's common states first; if no
 * neutral assignment exists, its ICSD-observed states (or all known states where pymatgen has no
 * ICSD list); with {@code allOxidationStates}, finally every state pymatgen lists (its
 * {@code all_oxi_states=True}), which admits peroxides and other less common valences.
 *
 * <p>Options: {@code includeAlloys} passes compositions made only of metals, as SMACT validity
 * (used for PGCGM's and CDVAE's "charge validity") does, since intermetallics have no ionic
 * charges to balance. {@code electronegativityOrder} additionally requires SMACT's Pauling test:
 * one state per element, every cation less electronegative than every anion.
 */
public final class ChargeFilter implements Filter {

    private final boolean includeAlloys;
    private final boolean electronegativityOrder;
    private final boolean allOxidationStates;

    public ChargeFilter(boolean includeAlloys, boolean electronegativityOrder, boolean allOxidationStates) {
        this.includeAlloys = includeAlloys;
        this.electronegativityOrder = electronegativityOrder;
        this.allOxidationStates = allOxidationStates;
    }

    @Override
    public String name() {
        return "charge";
    }

    @Override
    public Rejection check(Cell cell, SpaceGroup intended) {
        Cell.ElementCounts ec = cell.counts();
        Element[] els = ec.elements();
        int[] cnt = reduced(ec.counts());
        if (includeAlloys && allMetals(els)) {
            return null;
        }
        if (electronegativityOrder) {
            if (paulingNeutral(els, cnt, 0)
                    || paulingNeutral(els, cnt, 1)
                    || (allOxidationStates && paulingNeutral(els, cnt, 2))) {
                return null;
            }
            return new Rejection(
                    "charge.no_neutral_ordered_assignment",
                    "no oxidation states with cations less electronegative than anions sum to zero for "
                            + formula(els, cnt));
        }
        if (neutral(els, cnt, 0) || neutral(els, cnt, 1) || (allOxidationStates && neutral(els, cnt, 2))) {
            return null;
        }
        return new Rejection(
                "charge.not_neutral",
                "no assignment of " + (allOxidationStates ? "common, ICSD or other known" : "common or ICSD")
                        + " oxidation states sums to zero for " + formula(els, cnt));
    }

    /**
     * Amounts divided by their greatest common divisor: the formula unit, as users call
     * {@code Composition("AlBPt").oxi_state_guesses()} and as SMACT does. Mixed valence over the Z
     * copies of a cell would otherwise balance almost anything (Pt-2 + Pt+2 in AlBPt, Z = 4).
     */
    static int[] reduced(int[] cnt) {
        int g = 0;
        for (int c : cnt) {
            g = gcd(g, c);
        }
        int[] r = cnt.clone();
        if (g > 1) {
            for (int i = 0; i < r.length; i++) {
                r[i] /= g;
            }
        }
        return r;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    /** Whether the composition {els x cnt} can be neutral, sites of an element taking any mix of states. */
    static boolean neutral(Element[] els, int[] cnt, int tier) {
        // achievable total charges as a bitset offset by OFFSET; per element the sum-set of cnt picks
        int total = 0;
        for (int c : cnt) {
            total += c;
        }
        int offset = 8 * total + 1;
        BitSet acc = new BitSet();
        acc.set(offset);
        for (int e = 0; e < els.length; e++) {
            int[] states = states(els[e], tier);
            if (states.length == 0) {
                return false;
            }
            for (int k = 0; k < cnt[e]; k++) {
                BitSet next = new BitSet();
                for (int b = acc.nextSetBit(0); b >= 0; b = acc.nextSetBit(b + 1)) {
                    for (int s : states) {
                        next.set(b + s);
                    }
                }
                acc = next;
            }
        }
        return acc.get(offset);
    }

    /** SMACT-style: one state per element, charge-balanced, cations less electronegative than anions. */
    static boolean paulingNeutral(Element[] els, int[] cnt, int tier) {
        int[][] st = new int[els.length][];
        for (int e = 0; e < els.length; e++) {
            st[e] = states(els[e], tier);
            if (st[e].length == 0) {
                return false;
            }
        }
        int[] pick = new int[els.length];
        while (true) {
            long sum = 0;
            for (int e = 0; e < els.length; e++) {
                sum += (long) st[e][pick[e]] * cnt[e];
            }
            if (sum == 0 && ordered(els, st, pick)) {
                return true;
            }
            int e = 0;
            while (e < els.length && ++pick[e] == st[e].length) {
                pick[e] = 0;
                e++;
            }
            if (e == els.length) {
                return false;
            }
        }
    }

    private static boolean ordered(Element[] els, int[][] st, int[] pick) {
        double maxCation = Double.NEGATIVE_INFINITY;
        double minAnion = Double.POSITIVE_INFINITY;
        for (int e = 0; e < els.length; e++) {
            double x = els[e].x();
            if (Double.isNaN(x)) {
                continue;
            }
            int s = st[e][pick[e]];
            if (s > 0) {
                maxCation = Math.max(maxCation, x);
            } else if (s < 0) {
                minAnion = Math.min(minAnion, x);
            }
        }
        return maxCation < minAnion;
    }

    /** Tier 0: common states; 1: ICSD states (all states where pymatgen has no ICSD list); 2: all states. */
    static int[] states(Element e, int tier) {
        if (tier == 0) {
            return e.commonOxidationStates();
        }
        int[] s = e.icsdOxidationStates();
        return tier == 1 && s.length > 0 ? s : e.oxidationStates();
    }

    private static boolean allMetals(Element[] els) {
        for (Element e : els) {
            if (!e.isMetal()) {
                return false;
            }
        }
        return true;
    }

    private static String formula(Element[] els, int[] cnt) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < els.length; i++) {
            sb.append(els[i].symbol()).append(cnt[i]);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "charge(include_alloys=" + includeAlloys + ", electronegativity_order=" + electronegativityOrder
                + ", all_oxidation_states=" + allOxidationStates + ")";
    }
}
