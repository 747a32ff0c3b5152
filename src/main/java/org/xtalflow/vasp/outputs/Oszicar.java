package org.xtalflow.vasp.outputs;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xtalflow.crystal.io.BadInputException;
import org.xtalflow.crystal.io.InputLimitException;
import org.xtalflow.crystal.io.LimitedInputStream;

/**
 * A VASP OSZICAR (plain or gzipped), read as pymatgen's {@code Oszicar}: one entry per ionic
 * step with the keys VASP printed ("F", "E0", "dE", and "mag" for spin-polarized runs; "T",
 * "E", "F", "E0", "EK", "SP", "SK" for MD), and the SCF lines of each ionic step. Energies in eV;
 * overflowed {@code *****} values are NaN. Immutable.
 */
public final class Oszicar {

    private static final String N = "([-+\\d.Ee*]+)";
    private static final Pattern IONIC = Pattern.compile(
            "(\\d+)\\s+F=\\s*" + N + "\\s+E0=\\s*" + N + "\\s+d\\s*E\\s*=\\s*" + N + "(?:\\s+mag=\\s*" + N + ")?.*");
    private static final Pattern IONIC_MD = Pattern.compile("(\\d+)\\s+T=\\s*" + N + "\\s+E=\\s*" + N + "\\s+F=\\s*" + N
            + "\\s+E0=\\s*" + N + "\\s+EK=\\s*" + N + "\\s+SP=\\s*" + N + "\\s+SK=\\s*" + N + ".*");
    private static final Pattern ELECTRONIC = Pattern.compile("\\s*\\w+\\s*:(.*)");

    private final String source;
    private final List<Map<String, Double>> ionicSteps;
    private final List<Integer> electronicStepCounts;
    private final List<Double> lastElectronicDe;

    private Oszicar(String source, List<Map<String, Double>> ionic, List<Integer> electronic, List<Double> lastDe) {
        this.source = source;
        this.ionicSteps = Collections.unmodifiableList(ionic);
        this.electronicStepCounts = Collections.unmodifiableList(electronic);
        this.lastElectronicDe = Collections.unmodifiableList(lastDe);
    }

    public static Oszicar read(Path file) {
        return VaspFiles.parse(file, Oszicar::read);
    }

    /** Reads an uncompressed OSZICAR from a stream; name is used in messages. */
    public static Oszicar read(InputStream in, String name) throws IOException {
        VaspReadLimits limits = VaspReadLimits.defaults();
        BoundedLines br = new BoundedLines(
                new InputStreamReader(
                        new LimitedInputStream(in, limits.maxBytes(), name, "xtalflow.vasp.max_bytes"),
                        StandardCharsets.ISO_8859_1),
                name,
                limits.maxLineChars());
        List<Map<String, Double>> ionic = new ArrayList<>();
        List<Integer> electronic = new ArrayList<>();
        List<Double> lastDe = new ArrayList<>();
        String line;
        int lineNo = 0;
        int nonEmpty = 0;
        while ((line = br.readLine()) != null) {
            lineNo++;
            String clean = line.strip();
            if (clean.isEmpty()) {
                continue;
            }
            nonEmpty++;
            Matcher m;
            if ((m = ELECTRONIC.matcher(clean)).matches()) {
                String[] toks = VaspNumbers.splitWhitespace(m.group(1));
                if (toks.length > 0 && toks[0].equals("1") || electronic.size() <= ionic.size()) {
                    electronic.add(1); // a new ionic step's SCF loop
                    lastDe.add(Double.NaN);
                } else {
                    electronic.set(electronic.size() - 1, electronic.get(electronic.size() - 1) + 1);
                }
                lastDe.set(lastDe.size() - 1, toks.length > 2 ? lenientNumber(toks[2]) : Double.NaN);
            } else if (ionic.size() >= limits.maxIonicSteps()
                    && (IONIC.matcher(clean).matches()
                            || IONIC_MD.matcher(clean).matches())) {
                throw new InputLimitException(
                        name,
                        lineNo,
                        "more than " + limits.maxIonicSteps() + " ionic steps",
                        "xtalflow.vasp.max_ionic_steps",
                        limits.maxIonicSteps());
            } else if ((m = IONIC.matcher(clean)).matches()) {
                Map<String, Double> d = new LinkedHashMap<>();
                d.put("F", num(m.group(2), name, lineNo));
                d.put("E0", num(m.group(3), name, lineNo));
                d.put("dE", num(m.group(4), name, lineNo));
                if (m.group(5) != null) {
                    d.put("mag", num(m.group(5), name, lineNo));
                }
                ionic.add(Collections.unmodifiableMap(d));
            } else if ((m = IONIC_MD.matcher(clean)).matches()) {
                Map<String, Double> d = new LinkedHashMap<>();
                String[] keys = {"T", "E", "F", "E0", "EK", "SP", "SK"};
                for (int i = 0; i < keys.length; i++) {
                    d.put(keys[i], num(m.group(i + 2), name, lineNo));
                }
                ionic.add(Collections.unmodifiableMap(d));
            }
            // other lines (the "N E dE ..." header) are skipped, as pymatgen does; a file with
            // nothing recognisable at all is refused below
        }
        if (ionic.isEmpty() && electronic.isEmpty()) {
            throw new BadInputException(
                    name,
                    0,
                    nonEmpty == 0
                            ? "empty file, not an OSZICAR"
                            : "not an OSZICAR: no SCF line and no ionic 'F= ... E0= ...' line in " + lineNo + " lines");
        }
        return new Oszicar(name, ionic, electronic, lastDe);
    }

    private static double num(String s, String name, int line) {
        try {
            return VaspNumbers.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new BadInputException(name, line, "not a number: '" + s + "'");
        }
    }

    private static double lenientNumber(String s) {
        try {
            return VaspNumbers.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    public String source() {
        return source;
    }

    /** One map per ionic step, keys as VASP printed them ("F", "E0", "dE", "mag", or the MD set). */
    public List<Map<String, Double>> ionicSteps() {
        return ionicSteps;
    }

    /** SCF lines per ionic step (the last entry may belong to an unfinished step). */
    public List<Integer> electronicStepCounts() {
        return electronicStepCounts;
    }

    /**
     * The energy change dE (eV) of the last SCF line of each ionic step, parallel to
     * {@link #electronicStepCounts()}; NaN where it was not a number.
     */
    public List<Double> lastElectronicDe() {
        return lastElectronicDe;
    }

    public int nIonicSteps() {
        return ionicSteps.size();
    }

    /** E0 of every ionic step (pymatgen's {@code all_energies} gives (F, E0) pairs). */
    public double[] allE0() {
        return ionicSteps.stream().mapToDouble(d -> d.get("E0")).toArray();
    }

    /** E0 (sigma→0 energy) of the last ionic step, eV: pymatgen's {@code Oszicar.final_energy}; NaN if none. */
    public double finalEnergy() {
        return last("E0");
    }

    /** F (free energy TOTEN) of the last ionic step, eV; NaN if none. */
    public double finalFreeEnergy() {
        return last("F");
    }

    /** Total magnetization of the last ionic step (μB); NaN when not printed. */
    public double finalMagnetization() {
        return last("mag");
    }

    private double last(String key) {
        if (ionicSteps.isEmpty()) {
            return Double.NaN;
        }
        Double v = ionicSteps.get(ionicSteps.size() - 1).get(key);
        return v == null ? Double.NaN : v;
    }
}
