package org.xtalflow.screen;

import java.util.concurrent.atomic.AtomicLong;
import org.xtalflow.crystal.SpaceGroup;

/**
 * Space-group retention. First, every operation of the intended group maps the structure onto
 * itself within {@code toleranceAngstrom}. Then, when spglib is available, the group spglib
 * detects at {@code symprec} (Å) must be the intended one, as PGCGM checks with pymatgen's
 * get_space_group_info(symprec=0.1): a structure that gained symmetry (a supergroup) fails too.
 * Without spglib the first check stands alone ({@link #spglibStatus()} says so).
 *
 * <p>spglib is slow (2.0.2 spends ~28 ms on any face-centred cubic cell) and most candidates
 * need no call: when G's operations hold with a margin (within half of symprec) and
 * {@link SupergroupSearch} finds no operation beyond G even at a looser tolerance (1.5 x symprec,
 * lattice angles within 1.5 x spglib's 5°), G is the structure's whole group and spglib could
 * only find G. Every other candidate goes to spglib, which decides. {@code spglibEveryCandidate}
 * calls spglib on all of them instead.
 */
public final class SpaceGroupFilter implements Filter {

    public static final double DEFAULT_TOLERANCE_ANGSTROM = 0.1;
    public static final double DEFAULT_SYMPREC = 0.1;

    private final double toleranceAngstrom;
    private final double symprec;
    private final Spglib spglib;
    private final String spglibStatus;
    private final boolean spglibEveryCandidate;
    private final AtomicLong spglibCalls = new AtomicLong();
    private final AtomicLong decidedBySearch = new AtomicLong();

    /** Margins of the shortcut: G must hold within IN x symprec, nothing more within OUT x symprec. */
    static final double MARGIN_IN = 0.5;

    static final double MARGIN_OUT = 1.5;

    /** @param spglib null to run the operation check alone; {@code why} says why (for the report) */
    public SpaceGroupFilter(double toleranceAngstrom, double symprec, Spglib spglib, String why) {
        this(toleranceAngstrom, symprec, spglib, why, false);
    }

    /**
     * @param spglibEveryCandidate call spglib on every candidate that keeps G's operations, not only
     *                             on those where a supergroup is possible
     */
    public SpaceGroupFilter(
            double toleranceAngstrom, double symprec, Spglib spglib, String why, boolean spglibEveryCandidate) {
        if (!(toleranceAngstrom > 0) || !(symprec > 0)) {
            throw new IllegalArgumentException("spacegroup.tolerance_angstrom and spacegroup.symprec must be > 0");
        }
        this.toleranceAngstrom = toleranceAngstrom;
        this.symprec = symprec;
        this.spglib = spglib;
        this.spglibEveryCandidate = spglibEveryCandidate;
        this.spglibStatus = spglib != null
                ? "spglib " + spglib.version() + " (" + spglib.location() + ") at symprec " + symprec
                        + (spglibEveryCandidate
                                ? " on every candidate"
                                : " on every candidate where the supergroup search finds symmetry beyond the intended group")
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

    /** Candidates spglib was asked about. */
    public long spglibCalls() {
        return spglibCalls.get();
    }

    /** Candidates whose group the supergroup search settled without spglib. */
    public long decidedBySearch() {
        return decidedBySearch.get();
    }

    @Override
    public Rejection check(Cell cell, SpaceGroup intended) {
        String broken = SymmetryCheck.firstBrokenOperation(cell, intended, toleranceAngstrom);
        if (broken != null) {
            return new Rejection("spacegroup.operation_broken", broken + " (intended " + intended + ")");
        }
        if (spglib == null) {
            return null;
        }
        int n = cell.size();
        int[] types = cell.typeIds();
        // spglib's cost grows steeply with the atom count, and the search wants a primitive cell:
        // the primitive cell of a centred group (the operation check above has verified the centring)
        CentredCellReduction.Reduced p =
                CentredCellReduction.reduce(cell.lattice(), cell.fracArray(), types, n, intended, toleranceAngstrom);
        if (!spglibEveryCandidate && onlyIntendedSymmetry(cell, intended, p, types)) {
            decidedBySearch.incrementAndGet();
            return null;
        }
        spglibCalls.incrementAndGet();
        int found = p != null
                ? spglib.spaceGroupNumber(p.lattice(), p.frac(), p.types(), p.n(), symprec)
                : spglib.spaceGroupNumber(cell.lattice(), cell.fracArray(), types, n, symprec);
        if (found != intended.number()) {
            String what = found == 0 ? "no space group" : SpaceGroup.of(found).toString();
            return new Rejection(
                    "spacegroup.spglib_mismatch",
                    "spglib finds " + what + " at symprec " + symprec + ", intended " + intended);
        }
        return null;
    }

    /** True when G holds with margin and nothing beyond G holds even loosely: spglib could only find G. */
    boolean onlyIntendedSymmetry(Cell cell, SpaceGroup intended, CentredCellReduction.Reduced p, int[] types) {
        boolean centred =
                CentredCellReduction.primitiveVectors(intended.symbol().charAt(0)) != null;
        if (centred && p == null) {
            return false; // no primitive cell: the centring would look like extra translations
        }
        if (SymmetryCheck.firstBrokenOperation(cell, intended, MARGIN_IN * symprec) != null) {
            return false;
        }
        String extra = p != null
                ? SupergroupSearch.firstExtraOperation(
                        cell.lattice(),
                        intended,
                        p.lattice(),
                        p.frac(),
                        p.types(),
                        p.n(),
                        MARGIN_OUT * symprec,
                        MARGIN_OUT * Spglib.ANGLE_TOLERANCE_DEG)
                : SupergroupSearch.firstExtraOperation(
                        cell.lattice(),
                        intended,
                        cell.lattice(),
                        cell.fracArray(),
                        types,
                        cell.size(),
                        MARGIN_OUT * symprec,
                        MARGIN_OUT * Spglib.ANGLE_TOLERANCE_DEG);
        return extra == null;
    }
}
