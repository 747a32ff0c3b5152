package org.xtalflow.vasp.inputs;

import java.util.Locale;
import org.xtalflow.crystal.Lattice;
import org.xtalflow.crystal.Structure;

/**
 * An automatic KPOINTS mesh: style (Gamma-centred or Monkhorst-Pack) and divisions along the
 * three reciprocal vectors, no shift.
 *
 * @param comment first line of the file
 */
public record Kpoints(String comment, Style style, int[] mesh) {

    public enum Style {
        GAMMA,
        MONKHORST
    }

    public Kpoints {
        if (mesh == null || mesh.length != 3 || mesh[0] < 1 || mesh[1] < 1 || mesh[2] < 1) {
            throw new IllegalArgumentException("a k-point mesh needs 3 divisions >= 1");
        }
        mesh = mesh.clone();
    }

    @Override
    public int[] mesh() {
        return mesh.clone();
    }

    /** Number of k-points in the full mesh (n1 n2 n3). */
    public int totalPoints() {
        return mesh[0] * mesh[1] * mesh[2];
    }

    /**
     * pymatgen's {@code Kpoints.automatic_density_by_vol}: kppa = rho · V_recip · N_sites with
     * V_recip = (2π)³/V; kppa bumped by 1 % when within 1 of a perfect cube; mult = (kppa/N · abc)^(1/3);
     * n_i = floor(max(mult/|a_i|, 1)). Gamma-centred when any n_i is odd, the lattice is hexagonal,
     * the cell is face-centred, or forced; Monkhorst-Pack otherwise.
     *
     * @param reciprocalDensity rho, k-points per Å⁻³ of reciprocal volume
     * @param faceCentred whether the space group symbol starts with F (newer pymatgen's rule; pass
     *                    false when the space group is unknown)
     */
    public static Kpoints automaticDensityByVolume(
            Structure structure, int reciprocalDensity, boolean forceGamma, boolean faceCentred) {
        int n = structure.size();
        if (n == 0) {
            throw new IllegalArgumentException("no sites: cannot choose a k-point mesh");
        }
        Lattice lattice = structure.lattice();
        double kppa = reciprocalDensity * lattice.reciprocalLattice().volume() * n;
        String comment = String.format(
                Locale.ROOT,
                "xtalflow automatic mesh: reciprocal density %d, grid density %.0f / number of atoms",
                reciprocalDensity,
                kppa);
        return fromKppa(structure, kppa, comment, forceGamma || faceCentred);
    }

    /**
     * pymatgen's {@code Kpoints.automatic_density}: a mesh of about {@code kppa} k-points per
     * reciprocal atom (k-points × sites ≈ kppa), same division rule as
     * {@link #automaticDensityByVolume}.
     */
    public static Kpoints automaticDensity(Structure structure, double kppa, boolean forceGamma) {
        if (structure.size() == 0) {
            throw new IllegalArgumentException("no sites: cannot choose a k-point mesh");
        }
        String comment = String.format(Locale.ROOT, "xtalflow automatic mesh: %.0f k-points per reciprocal atom", kppa);
        return fromKppa(structure, kppa, comment, forceGamma);
    }

    private static Kpoints fromKppa(Structure structure, double kppa, String comment, boolean forceGamma) {
        int n = structure.size();
        Lattice lattice = structure.lattice();
        if (Math.abs(Math.pow(Math.floor(Math.pow(kppa, 1.0 / 3) + 0.5), 3) - kppa) < 1) {
            kppa += kppa * 0.01;
        }
        double[] abc = lattice.abc();
        double mult = Math.pow(kppa / n * abc[0] * abc[1] * abc[2], 1.0 / 3);
        int[] div = new int[3];
        boolean odd = false;
        for (int i = 0; i < 3; i++) {
            div[i] = (int) Math.floor(Math.max(mult / abc[i], 1));
            odd |= div[i] % 2 == 1;
        }
        boolean gamma = odd || isHexagonal(lattice) || forceGamma;
        return new Kpoints(comment, gamma ? Style.GAMMA : Style.MONKHORST, div);
    }

    /**
     * pymatgen's {@code Lattice.is_hexagonal}: two angles within 5° of 90, one within 5° of 60 or
     * 120, and the lengths at the two right-angle indices equal within 0.01 Å.
     */
    public static boolean isHexagonal(Lattice lattice) {
        double[] ang = lattice.angles();
        double[] len = lattice.abc();
        int[] right = new int[3];
        int nRight = 0;
        int nHex = 0;
        for (int i = 0; i < 3; i++) {
            if (Math.abs(ang[i] - 90) < 5) {
                right[nRight++] = i;
            }
            if (Math.abs(ang[i] - 60) < 5 || Math.abs(ang[i] - 120) < 5) {
                nHex++;
            }
        }
        return nRight == 2 && nHex == 1 && Math.abs(len[right[0]] - len[right[1]]) < 0.01;
    }

    /**
     * Reads an automatic-mesh KPOINTS (comment, {@code 0}, Gamma or Monkhorst[-Pack], three
     * divisions, an optional shift that must be zero). Other forms (explicit lists, line mode,
     * fully automatic length) are a {@link org.xtalflow.crystal.io.BadInputException}: the
     * corrections edit meshes only.
     */
    public static Kpoints parse(String text, String file) {
        String[] lines = text.lines().toArray(String[]::new); // no regex over the whole file
        if (lines.length < 4 || !lines[1].strip().equals("0")) {
            throw new org.xtalflow.crystal.io.BadInputException(
                    file,
                    2,
                    "not an automatic-mesh KPOINTS (line 2 must be 0, then Gamma or Monkhorst-Pack and 3 divisions)");
        }
        String st = lines[2].strip();
        Style style;
        if (!st.isEmpty() && (st.charAt(0) == 'G' || st.charAt(0) == 'g')) {
            style = Style.GAMMA;
        } else if (!st.isEmpty() && (st.charAt(0) == 'M' || st.charAt(0) == 'm')) {
            style = Style.MONKHORST;
        } else {
            throw new org.xtalflow.crystal.io.BadInputException(
                    file, 3, "k-mesh style '" + st + "' is not Gamma or Monkhorst-Pack");
        }
        String[] d = lines[3].strip().split("\\s+");
        try {
            if (d.length < 3) {
                throw new NumberFormatException("3 divisions needed");
            }
            return new Kpoints(
                    lines[0], style, new int[] {Integer.parseInt(d[0]), Integer.parseInt(d[1]), Integer.parseInt(d[2])
                    });
        } catch (IllegalArgumentException e) {
            throw new org.xtalflow.crystal.io.BadInputException(
                    file, 4, "bad k-mesh divisions '" + lines[3].strip() + "': " + e.getMessage());
        }
    }

    /** A copy with another style (same divisions). */
    public Kpoints withStyle(Style s) {
        return new Kpoints(comment, s, mesh);
    }

    /** A copy with other divisions (same style). */
    public Kpoints withMesh(int[] divisions) {
        return new Kpoints(comment, style, divisions);
    }

    public String toText() {
        return comment.replace('\n', ' ') + "\n0\n" + (style == Style.GAMMA ? "Gamma" : "Monkhorst") + "\n" + mesh[0]
                + " " + mesh[1] + " " + mesh[2] + "\n";
    }
}
