package org.xtalflow.vasp.errors;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The catalogue of failures recognised by their printed messages. The texts are the ones VASP 5
 * and 6 print (as custodian's {@code VaspErrorHandler}, {@code StdErrHandler} and
 * {@code MeshSymmetryErrorHandler} list them, commit e22cc88), plus the scheduler's own words for a
 * job killed at its time or memory limit. Any text file of a run (VASP's standard output, its
 * standard error, the scheduler's .out/.err) is scanned against all of them: job scripts often
 * merge the two streams.
 */
public final class VaspMessages {

    private VaspMessages() {}

    private static final List<MessageRule> RULES = List.of(
            rule(
                    "tet",
                    "the tetrahedron method failed (too few k-points or special values needed)",
                    "Tetrahedron method fails",
                    "tetrahedron method fails",
                    "Routine TETIRR needs special values",
                    "BZINTS"),
            rule(
                    "ksymm",
                    "the k-mesh does not match the symmetry",
                    "Fatal error detecting k-mesh",
                    "Fatal error: unable to match k-point"),
            rule(
                    "inv_rot_mat",
                    "inverse of a rotation matrix not found",
                    "rotation matrix was not found (increase SYMPREC)"),
            rule("brmix", "charge-density mixing broke down (BRMIX)", "BRMIX: very serious problems"),
            rule(
                    "subspacematrix",
                    "subspace matrix not hermitian in the Davidson solver",
                    "WARNING: Sub-Space-Matrix is not hermitian in DAV"),
            rule("tetirr", "TETIRR needs special k-point values", "Routine TETIRR needs special values"),
            rule(
                    "incorrect_shift",
                    "the k-mesh shift is not compatible with the lattice",
                    "Could not get correct shifts"),
            rule(
                    "real_optlay",
                    "real-space projection (LREAL) optimisation failed",
                    "REAL_OPTLAY: internal error",
                    "REAL_OPT: internal ERROR"),
            rule("rspher", "real-space projectors failed (RSPHER)", "ERROR RSPHER"),
            rule("dentet", "the Fermi level cannot be found accurately with the tetrahedron method", "DENTET"),
            rule("too_few_bands", "NBANDS too small for the electrons", "TOO FEW BANDS"),
            rule("triple_product", "lattice vectors are left-handed", "ERROR: the triple product of the basis vectors"),
            rule(
                    "rot_matrix",
                    "a symmetry operation is not an integer rotation (SGRCON)",
                    "Found some non-integer element in rotation matrix",
                    "SGRCON"),
            rule("brions", "the ionic step size is too small (BRIONS)", "BRIONS problems: POTIM should be increased"),
            rule("pricel", "the primitive cell could not be found (PRICEL)", "internal error in subroutine PRICEL"),
            rule(
                    "zpotrf",
                    "Cholesky decomposition failed (atoms too close or a bad step)",
                    "LAPACK: Routine ZPOTRF failed",
                    "Routine ZPOTRF ZTRTRI"),
            rule(
                    "amin",
                    "a lattice vector is very long and AMIN should be smaller",
                    "One of the lattice vectors is very long (>50 A), but AMIN"),
            rule(
                    "zbrent",
                    "the line minimisation of the ionic step failed (noisy forces)",
                    "ZBRENT: fatal internal in",
                    "ZBRENT: fatal error in bracketing"),
            rule("pssyevx", "subspace rotation failed (PSSYEVX)", "ERROR in subspace rotation PSSYEVX"),
            rule("pdsyevx", "subspace rotation failed (PDSYEVX)", "ERROR in subspace rotation PDSYEVX"),
            rule("eddrmm", "the RMM-DIIS solver failed (ZHEGV)", "WARNING in EDDRMM: call to ZHEGV failed"),
            rule("edddav", "the Davidson solver failed (ZHEGV)", "Error EDDDAV: Call to ZHEGV failed"),
            rule("algo_tet", "ALGO=All/Damped with tetrahedron smearing fails", "ALGO=A and IALGO=5X tend to fail"),
            rule(
                    "grad_not_orth",
                    "the gradient is not orthogonal (EDWAV)",
                    "EDWAV: internal error, the gradient is not orthogonal"),
            rule(
                    "nicht_konv",
                    "the Bessel-function iteration did not converge (often LREAL)",
                    "ERROR: SBESSELITER : nicht konvergent"),
            rule("zheev", "diagonalisation failed (ZHEEV)", "ERROR EDDIAG: Call to routine ZHEEV failed!"),
            rule(
                    "eddiag",
                    "diagonalisation failed (EDDIAG)",
                    "ERROR in EDDIAG: call to ZHEEV/ZHEEVX/DSYEV/DSYEVX failed"),
            rule("elf_kpar", "ELF cannot run with KPAR > 1", "ELF: KPAR>1 not implemented"),
            rule(
                    "elf_ncl",
                    "ELF is not implemented for non-collinear runs",
                    "WARNING: ELF not implemented for non collinear case"),
            rule("rhosyg", "charge-density symmetrisation failed (RHOSYG)", "RHOSYG"),
            rule("posmap", "atom positions could not be mapped by symmetry (POSMAP)", "POSMAP"),
            rule("point_group", "a point-group operation is missing", "group operation missing"),
            rule(
                    "pricelv",
                    "current and primitive lattice incommensurate (PRICELV)",
                    "PRICELV: current lattice and primitive lattice are incommensurate"),
            rule(
                    "symprec_noise",
                    "symmetry detection is noisy (SYMPREC)",
                    "determination of the symmetry of your systems shows a strong"),
            rule(
                    "dfpt_ncore",
                    "linear response does not work with NCORE/NPAR",
                    "PEAD routines do not work for NCORE",
                    "remove the tag NPAR from the INCAR file"),
            rule("bravais", "inconsistent Bravais lattice", "Inconsistent Bravais lattice"),
            rule("nbands_not_sufficient", "NBANDS is not sufficient", "number of bands is not sufficient"),
            rule("hnform", "k-point generating lattice not found (HNFORM)", "HNFORM: k-point generating"),
            rule("coef", "WAVECAR cannot be read", "while reading plane", "while reading WAVECAR"),
            rule("set_core_wf", "core electrons incorrect: the POTCAR needs updating", "internal error in SET_CORE_WF"),
            rule(
                    "read_error",
                    "INCAR has an item VASP cannot read (a typo)",
                    "Error reading item",
                    "Error code was IERR= 5"),
            rule(
                    "ibzkpt",
                    "not all point-group operations are compatible with the k-mesh",
                    "not all point group operations"),
            rule("fexcf", "the exchange-correlation table was exceeded", "supplied exchange-correlation table"),
            rule(
                    "spin_polarized_harris",
                    "ICHARG >= 10 with ISPIN = 2 and NSW > 0 is not allowed",
                    "Spin polarized Harris functional dynamics is a good joke"),
            // custodian's MeshSymmetryErrorHandler: non-fatal, ignored when symmetry is off or the run converged
            rule(
                    "mesh_symmetry",
                    "reciprocal lattice and k-lattice of different classes (IBZKPT)",
                    "Reciprocal lattice and k-lattice belong to different class of lattices."),
            // custodian's StdErrHandler (standard error)
            rule(
                    "kpoints_trans",
                    "the number of G-vectors changed in a k-point star",
                    "internal error in GENERATE_KPOINTS_TRANS: number of G-vector changed in star"),
            rule(
                    "out_of_memory",
                    "the job ran out of memory",
                    "Allocation would exceed memory limit",
                    "oom-kill event",
                    "Exceeded job memory limit",
                    "Out Of Memory"),
            // the schedulers' own words (Slurm's slurmstepd, Torque/PBS) for a job killed at its time limit
            rule(
                    "walltime",
                    "the scheduler's time limit was reached",
                    "DUE TO TIME LIMIT",
                    "walltime exceeded limit",
                    "job killed: walltime"));

    /** VASP's warning that it changed NBANDS itself: not an error (custodian only warns). */
    public static final String AUTO_NBANDS = "The number of bands has been changed";

    private static MessageRule rule(String key, String meaning, String... messages) {
        return new MessageRule(key, List.of(messages), meaning);
    }

    public static List<MessageRule> all() {
        return RULES;
    }

    /** The keys whose messages occur in {@code text}, sorted. */
    public static Set<String> find(String text) {
        Set<String> keys = new TreeSet<>();
        for (MessageRule r : RULES) {
            if (r.matches(text)) {
                keys.add(r.key());
            }
        }
        return keys;
    }

    /** The rule for a key, or null. */
    public static MessageRule rule(String key) {
        for (MessageRule r : RULES) {
            if (r.key().equals(key)) {
                return r;
            }
        }
        return null;
    }
}
