package org.xtalflow.screen;

import java.util.Locale;
import org.xtalflow.crystal.Element;
import org.xtalflow.crystal.SpaceGroup;

/**
 * The cell's volume is one a solid can have. A generator that gets a lattice length wrong by a
 * factor of two makes a cell eight times too large (LiCoO2 at 0.48 g/cm³, 85 Å³/atom), which
 * passes every distance check and would cost a day of DFT to find out. Two measures, both
 * calibrated on the 5,557 Materials Project ground states (BENCHMARKS.md):
 * <ul>
 * <li>volume per atom (Å³/atom) within [min, max], a bound for any composition: real ground
 *     states lie between 6.7 (Be3N2) and 64 (Cs3O), one molecular crystal (HgS4) at 111, and the
 *     elements' own solids reach 117.8 (Cs metal), so the default upper bound is 120 (a tighter
 *     one would reject alkali-rich alloys that are real);</li>
 * <li>the volume ratio, cell volume over the sum of its elements' own solid volumes (pymatgen's
 *     molar volumes), within [min, max]: 0.31 (Li2O2) to 1.37 (CdHgAsBr) on the same set, a
 *     composition-aware range four times narrower than the one of volume per atom. Skipped for
 *     a cell with an element that has no molar volume.</li>
 * </ul>
 * Reason codes: {@code density.too_low} (cell too large for its atoms), {@code density.too_high}
 * (atoms packed tighter than any real solid).
 */
public final class DensityFilter implements Filter {

    public static final double DEFAULT_MIN_VOLUME_PER_ATOM = 5.0;
    /** Above cesium metal's 117.8 Å³/atom, the largest volume of any element's own solid. */
    public static final double DEFAULT_MAX_VOLUME_PER_ATOM = 120.0;

    public static final double DEFAULT_MIN_VOLUME_RATIO = 0.25;
    public static final double DEFAULT_MAX_VOLUME_RATIO = 1.6;

    /** cm³/mol to Å³ per atom: 10^24 / N_A. */
    private static final double CM3_PER_MOL_TO_A3 = 1.0 / 0.602214076;
    /** g/cm³ = amu / Å³ times this. */
    private static final double AMU_PER_A3_TO_G_PER_CM3 = 1.66053906660;

    private final double minVolumePerAtom;
    private final double maxVolumePerAtom;
    private final double minVolumeRatio;
    private final double maxVolumeRatio;

    public DensityFilter(
            double minVolumePerAtom, double maxVolumePerAtom, double minVolumeRatio, double maxVolumeRatio) {
        if (!(minVolumePerAtom >= 0 && maxVolumePerAtom > minVolumePerAtom)) {
            throw new IllegalArgumentException("density: need 0 <= min_volume_per_atom < max_volume_per_atom, got "
                    + minVolumePerAtom + " and " + maxVolumePerAtom);
        }
        if (!(minVolumeRatio >= 0 && maxVolumeRatio > minVolumeRatio)) {
            throw new IllegalArgumentException("density: need 0 <= min_volume_ratio < max_volume_ratio, got "
                    + minVolumeRatio + " and " + maxVolumeRatio);
        }
        this.minVolumePerAtom = minVolumePerAtom;
        this.maxVolumePerAtom = maxVolumePerAtom;
        this.minVolumeRatio = minVolumeRatio;
        this.maxVolumeRatio = maxVolumeRatio;
    }

    public DensityFilter() {
        this(
                DEFAULT_MIN_VOLUME_PER_ATOM,
                DEFAULT_MAX_VOLUME_PER_ATOM,
                DEFAULT_MIN_VOLUME_RATIO,
                DEFAULT_MAX_VOLUME_RATIO);
    }

    @Override
    public String name() {
        return "density";
    }

    @Override
    public Rejection check(Cell cell, SpaceGroup intended) {
        int n = cell.size();
        if (n == 0) {
            return null; // the size filter names empty cells
        }
        double volume = cell.lattice().volume();
        double perAtom = volume / n;
        double mass = 0;
        double elementVolume = 0;
        for (int i = 0; i < n; i++) {
            Element e = cell.species(i);
            mass += e.atomicMass();
            elementVolume += e.molarVolume() * CM3_PER_MOL_TO_A3; // NaN when unknown: ratio skipped
        }
        double ratio = volume / elementVolume;
        if (perAtom > maxVolumePerAtom || ratio > maxVolumeRatio) {
            return new Rejection(
                    "density.too_low",
                    describe(perAtom, ratio, mass / volume * AMU_PER_A3_TO_G_PER_CM3)
                            + (perAtom > maxVolumePerAtom
                                    ? " > " + maxVolumePerAtom + " Å³/atom"
                                    : ": volume ratio > " + maxVolumeRatio));
        }
        if (perAtom < minVolumePerAtom || ratio < minVolumeRatio) {
            return new Rejection(
                    "density.too_high",
                    describe(perAtom, ratio, mass / volume * AMU_PER_A3_TO_G_PER_CM3)
                            + (perAtom < minVolumePerAtom
                                    ? " < " + minVolumePerAtom + " Å³/atom"
                                    : ": volume ratio < " + minVolumeRatio));
        }
        return null;
    }

    private static String describe(double perAtom, double ratio, double gPerCm3) {
        return String.format(
                Locale.ROOT,
                "%.3g g/cm³, volume ratio %.2f (cell / elements' own volumes), %.1f Å³/atom",
                gPerCm3,
                ratio,
                perAtom);
    }
}
