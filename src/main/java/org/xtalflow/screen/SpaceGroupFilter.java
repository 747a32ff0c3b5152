package org.xtalflow.screen;

import org.xtalflow.crystal.Element;
import org.xtalflow.crystal.SpaceGroup;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Space-group retention. First, every operation of the intended group maps the structure onto
 * itself within {@code toleranceAngstrom}. Then, when spglib is available, the group spglib
 * detects at {@code symprec} (Å) must be the intended one, as PGCGM checks with pymatgen's
 * get_space_group_info(symprec=0.1): a structure that gained symmetry (a supergroup) fails too.
 * Without spglib the first check stands alone ({@link #spglibStatus()} says so).
 */
public final class SpaceGroupFilter implements Filter {

    public static final double DEFAULT_TOLERANCE_ANGSTROM = 0.1;
    public static final double DEFAULT_SYMPREC = 0.1;

    private final double toleranceAngstrom;
    private final double symprec;
    private final Spglib spglib;
    private final String spglibStatus;

    /** @param spglib null to run the operation check alone; {@code why} says why (for the report) */
    public SpaceGroupFilter(double toleranceAngstrom, double symprec, Spglib spglib, String why) {
        if (!(toleranceAngstrom > 0) || !(symprec > 0)) {
            throw new IllegalArgumentException("spacegroup.tolerance_angstrom and spacegroup.symprec must be > 0");
        }
        this.toleranceAngstrom = toleranceAngstrom;
        this.symprec = symprec;
        this.spglib = spglib;
        this.spglibStatus = spglib != null
                ? "spglib " + spglib.version() + " (" + spglib.location() + ") at symprec " + symprec
                : "spglib not used: " + why + "; only the operation check ran";
    }

    @Override
    public String name() {
        return "spacegroup";
    }

    public boolean usesSpglib() {
        return spglib != null;
    }

    public String spglibStatus() {
        return spglibStatus;
    }

    @Override
    public Rejection check(Cell cell, SpaceGroup intended) {
        String broken = SymmetryCheck.firstBrokenOperation(cell, intended, toleranceAngstrom);
        if (broken != null) {
            return new Rejection("spacegroup.operation_broken", broken + " (intended " + intended + ")");
        }
        if (spglib != null) {
            int n = cell.size();
            int[] types = new int[n];
            Map<Element, Integer> ids = new IdentityHashMap<>();
            Element[] sp = cell.speciesArray();
            for (int i = 0; i < n; i++) {
                types[i] = ids.computeIfAbsent(sp[i], e -> ids.size() + 1);
            }
            // spglib's cost grows steeply with the atom count: give it the primitive cell of a
            // centred group (the operation check above has verified the centring)
            CentredCellReduction.Reduced p = CentredCellReduction.reduce(cell.lattice(), cell.fracArray(), types, n,
                    intended, toleranceAngstrom);
            int found = p != null
                    ? spglib.spaceGroupNumber(p.lattice(), p.frac(), p.types(), p.n(), symprec)
                    : spglib.spaceGroupNumber(cell.lattice(), cell.fracArray(), types, n, symprec);
            if (found != intended.number()) {
                String what = found == 0 ? "no space group" : SpaceGroup.of(found).toString();
                return new Rejection("spacegroup.spglib_mismatch", "spglib finds " + what + " at symprec " + symprec
                        + ", intended " + intended);
            }
        }
        return null;
    }
}
