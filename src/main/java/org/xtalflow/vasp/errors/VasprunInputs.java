package org.xtalflow.vasp.errors;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xtalflow.crystal.io.BadInputException;
import org.xtalflow.vasp.inputs.Incar;
import org.xtalflow.vasp.inputs.Kpoints;
import org.xtalflow.vasp.outputs.VaspFiles;
import org.xtalflow.vasp.outputs.Vasprun;

/**
 * The inputs a run really used, as its vasprun.xml records them: the INCAR block, the k-point
 * generation (style and divisions, from the {@code <kpoints><generation>} block near the top of
 * the file) and the POTCAR symbols.
 */
public final class VasprunInputs {

    private static final Pattern GENERATION = Pattern.compile("<generation\\s+param=\"([^\"]+)\"");
    private static final Pattern DIVISIONS = Pattern.compile("name=\"divisions\"\\s*>\\s*(\\d+)\\s+(\\d+)\\s+(\\d+)");
    /** The kpoints block follows the incar and primitive-cell blocks: within the first megabyte. */
    private static final int HEAD_BYTES = 1 << 20;

    private VasprunInputs() {}

    /** The {@code <incar>} block as an Incar (the tags the run's INCAR file set). */
    public static Incar incar(Vasprun v) {
        Incar i = new Incar();
        v.incar().asMap().forEach((tag, value) -> {
            if (value != null) {
                i.put(tag, value);
            }
        });
        return i;
    }

    /** The automatic mesh of the run, or null when it used an explicit list or KSPACING without a generation block. */
    public static Kpoints kpoints(Path vasprunFile) {
        String head;
        try (InputStream in = VaspFiles.open(vasprunFile)) {
            head = new String(in.readNBytes(HEAD_BYTES), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new BadInputException(vasprunFile.toString(), 0, "cannot read: " + e.getMessage(), e);
        }
        Matcher g = GENERATION.matcher(head);
        if (!g.find()) {
            return null;
        }
        Matcher d = DIVISIONS.matcher(head);
        if (!d.find(g.end())) {
            return null;
        }
        Kpoints.Style style = g.group(1).toLowerCase(java.util.Locale.ROOT).startsWith("g")
                ? Kpoints.Style.GAMMA
                : Kpoints.Style.MONKHORST;
        return new Kpoints("from " + vasprunFile.getFileName(), style, new int[] {
            Integer.parseInt(d.group(1)), Integer.parseInt(d.group(2)), Integer.parseInt(d.group(3))
        });
    }

    /** POTCAR symbols of the run ("PAW_PBE Fe_pv 06Sep2000" gives Fe_pv), in POSCAR order. */
    public static List<String> potcarSymbols(Vasprun v) {
        List<String> out = new ArrayList<>();
        for (String t : v.potcarSymbols()) {
            String[] w = t.strip().split("\\s+");
            out.add(w.length >= 2 ? w[1] : w[0]);
        }
        return out;
    }
}
