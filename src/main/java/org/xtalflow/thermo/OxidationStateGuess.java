package org.xtalflow.thermo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xtalflow.crystal.Composition;
import org.xtalflow.crystal.Element;

/**
 * A charge-balanced oxidation state per element, in the manner of pymatgen's
 * {@code Composition.oxi_state_guesses(max_sites=-20)} as MP2020 calls it: the reduced formula
 * (at most 20 atoms, integer amounts), each site of an element taking one of the element's ICSD
 * oxidation states (its known states if it has none), element averages reported.
 *
 * <p>The ranking differs from pymatgen's: pymatgen scores a solution by how often each ion
 * occurs in the ICSD (icsd_bv.yaml, not bundled here). This class prefers solutions in which no
 * less electronegative element is negative while a more electronegative one is positive, then
 * the most sites in a common oxidation state. MP2020 only asks whether an anion's state is
 * negative, and on the cases pymatgen's tests pin (Mo2Cl8O, C8N4Cl4, Ga3Te, CaSi, SiO2) both
 * rankings agree.
 */
public final class OxidationStateGuess {

    private static final int MAX_ATOMS = 20;
    /** Per search: min and max charge the elements from index i on can still add. */
    private static final ThreadLocal<int[][]> RANGE = new ThreadLocal<>();

    private OxidationStateGuess() {}

    /** The best guess (element -> average oxidation state), or an empty map if none balances. */
    public static Map<Element, Double> guess(Composition c) {
        Composition red = c.reducedComposition();
        if (!red.isInteger() || red.numAtoms() > MAX_ATOMS + 1e-8) {
            return Map.of();
        }
        List<Element> els = red.elementsByElectronegativity();
        int k = els.size();
        List<Map<Integer, Double>> bestBySum = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        for (Element el : els) {
            int n = (int) Math.round(red.get(el));
            int[] states = el.icsdOxidationStates();
            if (states.length == 0) {
                states = el.oxidationStates();
            }
            if (states.length == 0) {
                return Map.of();
            }
            int[] common = el.commonOxidationStates();
            // DP over sites: achievable total charge -> best number of sites in a common state
            Map<Integer, Double> dp = new HashMap<>();
            dp.put(0, 0.0);
            for (int site = 0; site < n; site++) {
                Map<Integer, Double> next = new HashMap<>();
                for (Map.Entry<Integer, Double> e : dp.entrySet()) {
                    for (int st : states) {
                        double sc = e.getValue() + (contains(common, st) ? 1 : 0);
                        next.merge(e.getKey() + st, sc, Math::max);
                    }
                }
                dp = next;
            }
            bestBySum.add(dp);
            counts.add(n);
        }
        int[] minRest = new int[k + 1];
        int[] maxRest = new int[k + 1];
        for (int i = k - 1; i >= 0; i--) {
            minRest[i] = minRest[i + 1]
                    + bestBySum.get(i).keySet().stream()
                            .mapToInt(Integer::intValue)
                            .min()
                            .orElse(0);
            maxRest[i] = maxRest[i + 1]
                    + bestBySum.get(i).keySet().stream()
                            .mapToInt(Integer::intValue)
                            .max()
                            .orElse(0);
        }
        RANGE.set(new int[][] {minRest, maxRest});
        int[] choice = new int[k];
        int[] best = new int[k];
        double[] bestScore = {Double.NEGATIVE_INFINITY};
        search(0, 0, 0.0, els, bestBySum, counts, choice, best, bestScore);
        if (bestScore[0] == Double.NEGATIVE_INFINITY) {
            return Map.of();
        }
        Map<Element, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < k; i++) {
            out.put(els.get(i), best[i] / (double) counts.get(i));
        }
        return out;
    }

    private static void search(
            int i,
            int charge,
            double score,
            List<Element> els,
            List<Map<Integer, Double>> bestBySum,
            List<Integer> counts,
            int[] choice,
            int[] best,
            double[] bestScore) {
        if (i == els.size()) {
            if (charge != 0) {
                return;
            }
            double s = score - 10 * inversions(els, choice);
            if (s > bestScore[0]) {
                bestScore[0] = s;
                System.arraycopy(choice, 0, best, 0, choice.length);
            }
            return;
        }
        List<Integer> sums = new ArrayList<>(bestBySum.get(i).keySet());
        sums.sort(null);
        for (int sum : sums) {
            int c = charge + sum;
            if (c + RANGE.get()[0][i + 1] > 0 || c + RANGE.get()[1][i + 1] < 0) {
                continue; // the remaining elements cannot bring the charge back to 0
            }
            choice[i] = sum;
            search(
                    i + 1,
                    charge + sum,
                    score + bestBySum.get(i).get(sum),
                    els,
                    bestBySum,
                    counts,
                    choice,
                    best,
                    bestScore);
        }
    }

    /** Pairs where the less electronegative element is negative and the more one positive. */
    private static int inversions(List<Element> byX, int[] sums) {
        int n = 0;
        for (int a = 0; a < byX.size(); a++) {
            for (int b = a + 1; b < byX.size(); b++) {
                if (byX.get(a).x() < byX.get(b).x() && sums[a] < 0 && sums[b] > 0) {
                    n++;
                }
            }
        }
        return n;
    }

    private static boolean contains(int[] a, int v) {
        for (int x : a) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }
}
