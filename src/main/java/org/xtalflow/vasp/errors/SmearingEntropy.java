package org.xtalflow.vasp.errors;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xtalflow.vasp.outputs.VaspFiles;

/**
 * The smearing entropy term of an OUTCAR: the {@code entropy T*S EENTRO} value of the last
 * electronic step of every completed ionic step ("aborting loop" ends one), the number of ions and
 * ISMEAR. The largest |T*S| per atom is what custodian's LargeSigmaHandler compares with its
 * tolerance (only for ISMEAR &gt;= 0: tetrahedron and Fermi smearing have no such term to tame).
 *
 * @param maxEntropyPerAtom largest |T*S| / NIONS over the completed ionic steps, eV; NaN if none
 * @param nions             NIONS, 0 if not found
 * @param ismear            ISMEAR, or null if not found
 */
public record SmearingEntropy(double maxEntropyPerAtom, int nions, Integer ismear) {

    private static final Pattern EENTRO =
            Pattern.compile("entropy T\\*S\\s+EENTRO\\s*=\\s*([-+]?[\\d.]+(?:[Ee][-+]?\\d+)?)");
    private static final Pattern NIONS = Pattern.compile("NIONS\\s*=\\s*(\\d+)");
    private static final Pattern ISMEAR = Pattern.compile("^\\s*ISMEAR\\s*=\\s*(-?\\d+)", Pattern.MULTILINE);

    public static SmearingEntropy read(Path outcar) {
        return of(VaspFiles.readText(outcar));
    }

    static SmearingEntropy of(String text) {
        Matcher n = NIONS.matcher(text);
        int nions = n.find() ? Integer.parseInt(n.group(1)) : 0;
        Matcher s = ISMEAR.matcher(text);
        Integer ismear = s.find() ? Integer.parseInt(s.group(1)) : null;
        double max = Double.NaN;
        double last = Double.NaN;
        int from = 0;
        Matcher e = EENTRO.matcher(text);
        while (true) {
            int abort = text.indexOf("aborting loop", from);
            // the entropies before this "aborting loop": the last one belongs to the finished ionic step
            while (e.find(from) && (abort < 0 || e.start() < abort)) {
                last = Double.parseDouble(e.group(1));
                from = e.end();
            }
            if (abort < 0) {
                break;
            }
            if (!Double.isNaN(last) && nions > 0) {
                double perAtom = Math.abs(last) / nions;
                max = Double.isNaN(max) ? perAtom : Math.max(max, perAtom);
            }
            last = Double.NaN;
            from = abort + 1;
        }
        return new SmearingEntropy(max, nions, ismear);
    }
}
