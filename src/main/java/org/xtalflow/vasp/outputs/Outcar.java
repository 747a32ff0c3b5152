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
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xtalflow.crystal.io.BadInputException;
import org.xtalflow.crystal.io.LimitedInputStream;

/**
 * The energies and run facts of a VASP OUTCAR (plain or gzipped), read the way pymatgen's
 * {@code Outcar} reads them: the last {@code energy(sigma->0)}, {@code energy  without entropy}
 * and {@code free  energy   TOTEN} values, the last {@code E-fermi}, NELECT and total
 * magnetization from the last "number of electron ... magnetization ..." line, the last charge
 * and magnetization tables, the timing block, and whether the run was stopped (STOPCAR) or
 * finished. Energies in eV for the whole cell; NaN where the file has no value or an overflowed
 * {@code *****}. Immutable.
 */
public final class Outcar {

    private static final String NUM = "([-+]?[\\d.]+(?:[EeDd][-+]?\\d+)?|\\*+)";
    private static final Pattern E_FR = Pattern.compile("free  energy   TOTEN\\s+=\\s+" + NUM);
    private static final Pattern E_WO = Pattern.compile("energy  without entropy\\s*=\\s+" + NUM);
    private static final Pattern E_0 = Pattern.compile("energy\\(sigma->0\\)\\s*=\\s+" + NUM);
    private static final Pattern EFERMI = Pattern.compile("E-fermi\\s*:\\s*(\\S+)");
    private static final Pattern NELECT_MAG =
            Pattern.compile("number of electron\\s+(\\S+)\\s+magnetization\\s+(\\S+)");
    private static final Pattern NELECT_TAG = Pattern.compile("NELECT\\s*=\\s*(\\S+)");
    private static final Pattern NBANDS = Pattern.compile("NBANDS\\s*=\\s*(\\d+)");
    private static final Pattern NIONS = Pattern.compile("NIONS\\s*=\\s*(\\d+)");
    private static final Pattern TABLE_ROW = Pattern.compile("\\s*(\\d+)\\s+(([\\d.\\-]+)\\s+)+.*");
    private static final Pattern TABLE_NUM = Pattern.compile("[\\d.\\-]+");
    private static final Pattern NPLWV = Pattern.compile("total plane-waves  NPLWV =\\s+(\\*{6}|\\d+)");
    private static final Pattern KPOINT_PLWV = Pattern.compile(".+plane waves:\\s+(\\*{6,}|\\d+)");
    private static final Pattern DRIFT =
            Pattern.compile("total drift:\\s+([.\\-\\d]+)\\s+([.\\-\\d]+)\\s+([.\\-\\d]+)");
    private static final Pattern NGF =
            Pattern.compile("dimension x,y,z NGXF=\\s+(\\d+)\\sNGYF=\\s+(\\d+)\\sNGZF=\\s+(\\d+)");
    private static final Pattern RADII = Pattern.compile("the test charge radii are((?:\\s+[.\\-\\d]+)+)");
    private static final Pattern POT_PAIR = Pattern.compile("(\\d+)\\s*([-.\\d]+)");
    /** pymatgen's final_energy_contribs keys, in its order. */
    private static final String[] CONTRIB_KEYS = {
        "PSCENC", "TEWEN", "DENC", "EXHF", "XCENC", "PAW double counting", "EENTRO", "EBANDS", "EATOM", "Ediel_sol"
    };

    private static final Pattern[] CONTRIB = new Pattern[CONTRIB_KEYS.length];

    static {
        for (int i = 0; i < CONTRIB_KEYS.length; i++) {
            CONTRIB[i] = Pattern.compile(
                    CONTRIB_KEYS[i].equals("PAW double counting")
                            ? "PAW double counting\\s+=\\s+([.\\-\\d]+)\\s+([.\\-\\d]+)"
                            : Pattern.quote(CONTRIB_KEYS[i]) + "\\s+=\\s+([\\d\\-.]+)");
        }
    }

    private final String source;
    private final String vaspVersion;
    private final double finalEnergy;
    private final double finalEnergyWoEntrp;
    private final double finalFrEnergy;
    private final int nIonicSteps;
    private final double efermi;
    private final double nelect;
    private final double nelectTag;
    private final double totalMagnetization;
    private final int nbands;
    private final int nions;
    private final boolean stopped;
    private final boolean finished;
    private final boolean reachedRequiredAccuracy;
    private final Map<String, Double> runStats;
    private final Integer cores;
    private final List<Map<String, Double>> charge;
    private final List<Map<String, Double>> magnetization;
    private final Integer nplwv;
    private final List<Integer> nplwvsAtKpoints;
    private final List<double[]> drift;
    private final boolean lepsilon;
    private final Map<String, Double> finalEnergyContribs;
    private final int[] ngf;
    private final double[] samplingRadii;
    private final double[] electrostaticPotential;

    private Outcar(Parser p) {
        source = p.name;
        vaspVersion = p.version;
        finalEnergy = p.e0;
        finalEnergyWoEntrp = p.eWo;
        finalFrEnergy = p.eFr;
        nIonicSteps = p.nToten;
        efermi = p.efermi;
        nelect = p.nelect;
        nelectTag = p.nelectTag;
        totalMagnetization = p.totalMag;
        nbands = p.nbands;
        nions = p.nions;
        stopped = p.stopped;
        finished = p.finished;
        reachedRequiredAccuracy = p.reached;
        runStats = Collections.unmodifiableMap(p.runStats);
        cores = p.cores;
        charge = freeze(p.charge);
        magnetization = freeze(p.magX);
        nplwv = p.nplwv;
        nplwvsAtKpoints = Collections.unmodifiableList(new ArrayList<>(p.kpointPlwv));
        drift = Collections.unmodifiableList(new ArrayList<>(p.drift));
        lepsilon = p.lepsilon;
        Map<String, Double> contribs = new LinkedHashMap<>();
        for (String k : CONTRIB_KEYS) {
            if (p.contribs.containsKey(k)) {
                contribs.put(k, p.contribs.get(k));
            }
        }
        finalEnergyContribs = Collections.unmodifiableMap(contribs);
        ngf = p.ngf;
        samplingRadii = p.radii;
        electrostaticPotential = p.potentials;
    }

    private static List<Map<String, Double>> freeze(List<Map<String, Double>> rows) {
        List<Map<String, Double>> out = new ArrayList<>(rows.size());
        rows.forEach(m -> out.add(Collections.unmodifiableMap(m)));
        return Collections.unmodifiableList(out);
    }

    /** Reads an OUTCAR, gzipped or not. */
    public static Outcar read(Path file) {
        return VaspFiles.parse(file, Outcar::read);
    }

    /** Reads an uncompressed OUTCAR from a stream; name is used in messages. */
    public static Outcar read(InputStream in, String name) throws IOException {
        Parser p = new Parser(name);
        BoundedLines br = new BoundedLines(
                new InputStreamReader(
                        new LimitedInputStream(
                                in, VaspReadLimits.defaults().maxBytes(), name, "xtalflow.vasp.max_bytes"),
                        StandardCharsets.ISO_8859_1),
                name,
                VaspReadLimits.defaults().maxLineChars());
        String line;
        while ((line = br.readLine()) != null) {
            p.line(line);
        }
        if (p.version == null && p.nToten == 0 && Double.isNaN(p.e0)) {
            throw new BadInputException(
                    name,
                    0,
                    p.lineNo == 0
                            ? "empty file, not an OUTCAR"
                            : "not an OUTCAR: no 'vasp.' version line and no energy in " + p.lineNo + " lines");
        }
        return new Outcar(p);
    }

    // ---------------------------------------------------------------- getters

    public String source() {
        return source;
    }

    /** The version line's first word, e.g. "vasp.5.4.1"; null when absent. */
    public String vaspVersion() {
        return vaspVersion;
    }

    /** Last {@code energy(sigma->0)} (pymatgen's {@code Outcar.final_energy}), eV. */
    public double finalEnergy() {
        return finalEnergy;
    }

    /** Last {@code energy  without entropy} (pymatgen's {@code final_energy_wo_entrp}), eV. */
    public double finalEnergyWoEntrp() {
        return finalEnergyWoEntrp;
    }

    /** Last {@code free  energy   TOTEN} (pymatgen's {@code final_fr_energy}), eV. */
    public double finalFrEnergy() {
        return finalFrEnergy;
    }

    /** Ionic steps written: the count of "free  energy   TOTEN" summary lines. */
    public int nIonicSteps() {
        return nIonicSteps;
    }

    /** Last E-fermi (eV), when present and not overflowed. */
    public OptionalDouble efermi() {
        return Double.isNaN(efermi) ? OptionalDouble.empty() : OptionalDouble.of(efermi);
    }

    /**
     * Electron count from the last "number of electron N magnetization M" line (pymatgen's
     * {@code nelect}, e.g. 44.9999991); NaN when absent. See {@link #nelectTag()} for the INCAR value.
     */
    public double nelect() {
        return nelect;
    }

    /** The NELECT tag as VASP set it ("NELECT =" in the header), NaN when absent. */
    public double nelectTag() {
        return nelectTag;
    }

    /** Total magnetization (μB) from the last "number of electron ... magnetization" line; NaN when absent. */
    public double totalMagnetization() {
        return totalMagnetization;
    }

    /** NBANDS, or -1 when absent. */
    public int nbands() {
        return nbands;
    }

    /** NIONS, or -1 when absent. */
    public int nions() {
        return nions;
    }

    /** True when VASP was stopped by a STOPCAR ("soft stop encountered!  aborting job"). */
    public boolean isStopped() {
        return stopped;
    }

    /** True when the run reached VASP's final timing block (it ended normally, converged or not). */
    public boolean isFinished() {
        return finished;
    }

    /** True when VASP printed "reached required accuracy" (ionic relaxation converged). */
    public boolean reachedRequiredAccuracy() {
        return reachedRequiredAccuracy;
    }

    /**
     * The timing block as pymatgen's {@code run_stats}: "Total CPU time used (sec)", "User time
     * (sec)", "System time (sec)", "Elapsed time (sec)", "Maximum memory used (kb)", "Average
     * memory used (kb)" (null values for "N/A").
     */
    public Map<String, Double> runStats() {
        return runStats;
    }

    /** Cores from the "running on N ..." line (pymatgen's run_stats["cores"]), or null. */
    public Integer cores() {
        return cores;
    }

    /** The last "total charge" table: per site, orbital ("s", "p", "d", ..., "tot") → charge. */
    public List<Map<String, Double>> charge() {
        return charge;
    }

    /** The last "magnetization (x)" table: per site, orbital → moment (μB). */
    public List<Map<String, Double>> magnetization() {
        return magnetization;
    }

    /** NPLWV, the total number of plane waves (FFT grid points); null when absent or overflowed. */
    public Integer nplwv() {
        return nplwv;
    }

    /** Plane waves at each k-point (the first such table; null entries where VASP overflowed). */
    public List<Integer> nplwvsAtKpoints() {
        return nplwvsAtKpoints;
    }

    /** The "total drift" force vector (eV/Å) of each ionic step. */
    public List<double[]> drift() {
        return drift.stream().map(double[]::clone).toList();
    }

    /** True when LEPSILON = T (a DFPT dielectric run). */
    public boolean isLepsilon() {
        return lepsilon;
    }

    /**
     * pymatgen's {@code final_energy_contribs}: the last value of each term of "Free energy of the
     * ion-electron system" (PSCENC, TEWEN, DENC, EXHF, XCENC, PAW double counting (both parts
     * summed), EENTRO, EBANDS, EATOM, Ediel_sol when present), eV; they sum to the free energy.
     */
    public Map<String, Double> finalEnergyContribs() {
        return finalEnergyContribs;
    }

    /** The fine FFT grid (NGXF, NGYF, NGZF), or null when absent. */
    public int[] ngf() {
        return ngf == null ? null : ngf.clone();
    }

    /** Test-charge radii (Å) of the last "average (electrostatic) potential at core" block, or null. */
    public double[] samplingRadii() {
        return samplingRadii == null ? null : samplingRadii.clone();
    }

    /** Average electrostatic potential at each core (eV), last block, in POSCAR order; or null. */
    public double[] electrostaticPotential() {
        return electrostaticPotential == null ? null : electrostaticPotential.clone();
    }

    // ---------------------------------------------------------------- parsing

    private static final class Parser {
        final String name;
        int lineNo;
        String version;
        double e0 = Double.NaN;
        double eWo = Double.NaN;
        double eFr = Double.NaN;
        int nToten;
        double efermi = Double.NaN;
        double nelect = Double.NaN;
        double nelectTag = Double.NaN;
        double totalMag = Double.NaN;
        int nbands = -1;
        int nions = -1;
        boolean stopped;
        boolean finished;
        boolean reached;
        Map<String, Double> runStats = new LinkedHashMap<>();
        Integer cores;
        boolean coresSeen;
        Integer nplwv;
        boolean nplwvSeen;
        List<Integer> kpointPlwv = new ArrayList<>();
        boolean kpointPlwvDone;
        List<double[]> drift = new ArrayList<>();
        boolean lepsilon;
        Map<String, Double> contribs = new LinkedHashMap<>();
        int[] ngf;
        double[] radii;
        double[] potentials;
        /** 0 outside; 1 after "potential at core"; 2 in the table after "(the norm of the test charge". */
        int potState;

        List<Double> potBuf = new ArrayList<>();
        // table state (pymatgen's second pass, done in the same forward pass)
        List<Map<String, Double>> charge = new ArrayList<>();
        List<Map<String, Double>> magX = new ArrayList<>();
        List<Map<String, Double>> table; // the one being filled, or null
        List<String> header = List.of();

        Parser(String name) {
            this.name = name;
        }

        void line(String raw) {
            lineNo++;
            electrostatic(raw);
            if (lineNo <= 5 && version == null) {
                String t = raw.strip();
                if (t.startsWith("vasp.")) {
                    version = t.split("\\s+")[0];
                }
            }
            if (!coresSeen && raw.contains("running")) {
                coresSeen = true;
                String[] tok = raw.strip().split("\\s+");
                try {
                    cores = Integer.parseInt(tok.length > 2 && tok[1].equals("on") ? tok[2] : tok[1]);
                } catch (RuntimeException e) {
                    cores = null;
                }
            }
            tables(raw);
            if (raw.indexOf('=') < 0
                    && raw.indexOf(':') < 0
                    && raw.indexOf('!') < 0
                    && !raw.contains("accuracy")
                    && !raw.contains("number of electron")) {
                return; // fast path: every line read below has one of these
            }
            if (raw.contains("TOTEN")) {
                Matcher m = E_FR.matcher(raw);
                if (m.find()) {
                    eFr = num(m.group(1));
                    nToten++;
                }
            }
            if (raw.contains("sigma->0")) {
                Matcher m = E_0.matcher(raw);
                if (m.find()) {
                    e0 = num(m.group(1));
                }
                m = E_WO.matcher(raw);
                if (m.find()) {
                    eWo = num(m.group(1));
                }
            } else if (raw.contains("without entropy")) {
                Matcher m = E_WO.matcher(raw);
                if (m.find()) {
                    eWo = num(m.group(1));
                }
            }
            if (raw.contains("E-fermi")) {
                Matcher m = EFERMI.matcher(raw);
                if (m.find()) {
                    efermi = lenientNum(m.group(1));
                }
            }
            if (raw.contains("number of electron")) {
                Matcher m = NELECT_MAG.matcher(raw);
                if (m.find()) {
                    nelect = lenientNum(m.group(1));
                    totalMag = lenientNum(m.group(2));
                }
            }
            if (Double.isNaN(nelectTag) && raw.contains("NELECT")) {
                Matcher m = NELECT_TAG.matcher(raw);
                if (m.find()) {
                    nelectTag = lenientNum(m.group(1));
                }
            }
            if (nbands < 0 && raw.contains("NBANDS")) {
                Matcher m = NBANDS.matcher(raw);
                if (m.find()) {
                    nbands = intOr(m.group(1), -1);
                }
            }
            if (nions < 0 && raw.contains("NIONS")) {
                Matcher m = NIONS.matcher(raw);
                if (m.find()) {
                    nions = intOr(m.group(1), -1);
                }
            }
            if (!nplwvSeen && raw.contains("NPLWV")) {
                Matcher m = NPLWV.matcher(raw);
                if (m.find()) {
                    nplwvSeen = true;
                    nplwv = intOr(m.group(1), null);
                }
            }
            if (!kpointPlwvDone) {
                if (raw.contains("plane waves:")) {
                    Matcher m = KPOINT_PLWV.matcher(raw);
                    if (m.matches()) {
                        kpointPlwv.add(intOr(m.group(1), null));
                    }
                } else if (raw.contains("maximum and minimum number of plane-waves")) {
                    kpointPlwvDone = true;
                }
            }
            if (raw.contains("total drift:")) {
                Matcher m = DRIFT.matcher(raw);
                if (m.find()) {
                    drift.add(new double[] {lenientNum(m.group(1)), lenientNum(m.group(2)), lenientNum(m.group(3))});
                }
            }
            if (raw.contains("LEPSILON=     T")) {
                lepsilon = true;
            }
            if (raw.indexOf('=') >= 0) {
                for (int i = 0; i < CONTRIB_KEYS.length; i++) {
                    if (raw.contains(CONTRIB_KEYS[i])) {
                        Matcher m = CONTRIB[i].matcher(raw);
                        if (m.find()) {
                            double v = lenientNum(m.group(1));
                            if (m.groupCount() == 2) {
                                v += lenientNum(m.group(2));
                            }
                            contribs.put(CONTRIB_KEYS[i], v);
                        }
                    }
                }
            }
            if (raw.contains("soft stop encountered!  aborting job")) {
                stopped = true;
            }
            if (raw.contains("General timing and accounting")) {
                finished = true;
            }
            if (raw.contains("reached required accuracy")) {
                reached = true;
            }
            if (finished && (raw.contains("(sec)") || raw.contains("(kb)"))) {
                int c = raw.indexOf(':');
                if (c > 0) {
                    String key = raw.substring(0, c).strip();
                    String val = raw.substring(c + 1).strip();
                    double v = lenientNum(val);
                    runStats.put(key, Double.isNaN(v) ? null : v);
                }
            }
        }

        /** pymatgen's read_electrostatic_potential: the last block wins. */
        void electrostatic(String raw) {
            if (ngf == null && raw.contains("NGXF=")) {
                Matcher m = NGF.matcher(raw);
                if (m.find()) {
                    ngf = new int[] {intOr(m.group(1), -1), intOr(m.group(2), -1), intOr(m.group(3), -1)};
                }
            }
            if (raw.contains("average (electrostatic) potential at core")) {
                potState = 1;
                return;
            }
            if (potState == 1) {
                Matcher m = RADII.matcher(raw);
                if (m.find()) {
                    radii = VaspNumbers.splitWhitespace(m.group(1)).length == 0
                            ? new double[0]
                            : java.util.Arrays.stream(VaspNumbers.splitWhitespace(m.group(1)))
                                    .mapToDouble(Parser::lenientNum)
                                    .toArray();
                } else if (raw.contains("(the norm of the test charge is")) {
                    potState = 2;
                    potBuf = new ArrayList<>();
                }
                return;
            }
            if (potState == 2) {
                if (raw.isBlank() || raw.contains("E-fermi")) {
                    potentials =
                            potBuf.stream().mapToDouble(Double::doubleValue).toArray();
                    potState = 0;
                    return;
                }
                Matcher m = POT_PAIR.matcher(raw);
                while (m.find()) {
                    potBuf.add(lenientNum(m.group(2)));
                }
            }
        }

        /** pymatgen's charge/magnetization table reading: the last table of each kind wins. */
        void tables(String raw) {
            String clean = raw.strip();
            if (table != null) {
                if (clean.startsWith("# of ion")) {
                    String[] h = clean.split("\\s{2,}");
                    header = List.of(h).subList(1, h.length);
                } else if (TABLE_ROW.matcher(clean).matches()) {
                    Matcher m = TABLE_NUM.matcher(clean);
                    List<Double> toks = new ArrayList<>();
                    while (m.find()) {
                        toks.add(lenientNum(m.group()));
                    }
                    toks.remove(0);
                    Map<String, Double> row = new LinkedHashMap<>();
                    for (int i = 0; i < Math.min(header.size(), toks.size()); i++) {
                        row.put(header.get(i), toks.get(i));
                    }
                    table.add(row);
                } else if (clean.startsWith("tot")) {
                    table = null;
                }
            }
            if (clean.equals("total charge")) {
                charge = new ArrayList<>();
                table = charge;
            } else if (clean.equals("magnetization (x)")) {
                magX = new ArrayList<>();
                table = magX;
            } else if (clean.equals("magnetization (y)")
                    || clean.equals("magnetization (z)")
                    || clean.contains("electrostatic")) {
                table = null;
            }
        }

        double num(String s) {
            try {
                return VaspNumbers.parseDouble(s);
            } catch (NumberFormatException e) {
                throw new BadInputException(name, lineNo, "not a number: '" + s + "'");
            }
        }

        /** An integer field, or dflt when overflowed ("******") or too large. */
        static Integer intOr(String s, Integer dflt) {
            try {
                return Integer.valueOf(s);
            } catch (NumberFormatException e) {
                return dflt;
            }
        }

        /** For values pymatgen also tolerates being garbage (E-fermi "****", memory "N/A"). */
        static double lenientNum(String s) {
            try {
                return VaspNumbers.parseDouble(s);
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
    }
}
