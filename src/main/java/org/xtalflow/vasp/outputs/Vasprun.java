package org.xtalflow.vasp.outputs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import org.xtalflow.crystal.Composition;
import org.xtalflow.crystal.Structure;
import org.xtalflow.crystal.io.BadInputException;

/**
 * What the pipeline needs from a vasprun.xml (or vasprun.xml.gz), with pymatgen's conventions:
 * energies (eV, whole cell), ionic and electronic step counts, convergence, final structure,
 * INCAR and parameters, POTCAR symbols, run type and Hubbard U values, Fermi energy. Immutable.
 *
 * <p>Read with {@link #read(Path)} (strict: a damaged file is a {@link BadInputException} naming
 * file and line) or {@link #read(Path, boolean)} with lenient = true (a truncated file gives its
 * complete ionic steps, and {@link #isComplete()} is false). Eigenvalues, DOS and projections
 * are skipped, not parsed.
 */
public final class Vasprun {

    private static final Map<String, String> GGA_TYPES = Map.of(
            "RE",
            "revPBE",
            "PE",
            "PBE",
            "PS",
            "PBEsol",
            "RP",
            "revPBE+Padé",
            "AM",
            "AM05",
            "OR",
            "optPBE",
            "BO",
            "optB88",
            "MK",
            "optB86b",
            "--",
            "GGA");
    private static final Map<String, String> METAGGA_TYPES = Map.of(
            "TPSS",
            "TPSS",
            "RTPSS",
            "revTPSS",
            "M06L",
            "M06-L",
            "MBJ",
            "modified Becke-Johnson",
            "SCAN",
            "SCAN",
            "R2SCAN",
            "R2SCAN",
            "RSCAN",
            "RSCAN",
            "MS0",
            "MadeSimple0",
            "MS1",
            "MadeSimple1",
            "MS2",
            "MadeSimple2");
    private static final Map<Integer, String> IVDW_TYPES = Map.of(
            0,
            "no-correction",
            1,
            "DFT-D2",
            10,
            "DFT-D2",
            11,
            "DFT-D3",
            12,
            "DFT-D3-BJ",
            2,
            "TS",
            20,
            "TS",
            21,
            "TS-H",
            202,
            "MBD",
            4,
            "dDsC");

    private final String source;
    private final String vaspVersion;
    private final VasprunParameters generator;
    private final String truncation;
    private final VasprunParameters incar;
    private final VasprunParameters parameters;
    private final List<String> atomicSymbols;
    private final List<String> potcarSymbols;
    private final Structure initialStructure;
    private final Structure finalStructure;
    private final IonicStepList ionicSteps;
    private final BitSet lastStepThreeKeysOnly;
    private final int mdSteps;
    private final double efermi;
    private final BandEdges bandEdges;
    private final TotalDos totalDos;
    private final int nkpoints;
    private final List<String> warnings;
    // derived once
    private final Map<String, Double> hubbards;
    private final String hubbardsError;
    private final double finalEnergy;
    private final List<PotcarSpec> potcarSpec;

    Vasprun(
            String source,
            String vaspVersion,
            VasprunParameters generator,
            String truncation,
            VasprunParameters incar,
            VasprunParameters parameters,
            List<String> atomicSymbols,
            List<String> potcarSymbols,
            Structure initialStructure,
            Structure finalStructure,
            IonicStepList ionicSteps,
            BitSet lastStepThreeKeysOnly,
            int mdSteps,
            double efermi,
            BandEdges bandEdges,
            TotalDos totalDos,
            int nkpoints,
            List<String> warnings) {
        this.source = source;
        this.vaspVersion = vaspVersion;
        this.generator = generator == null ? VasprunParameters.empty() : generator;
        this.truncation = truncation;
        this.incar = incar;
        this.parameters = parameters;
        this.atomicSymbols = atomicSymbols;
        this.potcarSymbols = potcarSymbols;
        this.initialStructure = initialStructure;
        this.finalStructure = finalStructure;
        this.ionicSteps = ionicSteps;
        this.lastStepThreeKeysOnly = (BitSet) lastStepThreeKeysOnly.clone();
        this.mdSteps = mdSteps;
        this.efermi = efermi;
        this.bandEdges = bandEdges;
        this.totalDos = totalDos;
        this.nkpoints = nkpoints;
        String err = null;
        Map<String, Double> h;
        try {
            h = computeHubbards();
        } catch (IllegalStateException e) {
            h = Map.of();
            err = e.getMessage();
        }
        this.hubbards = h;
        this.hubbardsError = err;
        this.finalEnergy = ionicSteps.get(ionicSteps.size() - 1).energy();
        // pymatgen's UnconvergedVASPWarning, same condition (not for ALGO=Chi/Bse or MD)
        String algo = incar.getString("ALGO", "");
        List<String> w = new java.util.ArrayList<>(warnings);
        if (!algo.equals("Chi")
                && !algo.equals("Bse")
                && parameters.getInt("IBRION", -1) != 0
                && !(isConvergedElectronic() && isConvergedIonic())) {
            w.add(source + " is an unconverged VASP run: electronic convergence reached: " + isConvergedElectronic()
                    + ", ionic convergence reached: " + isConvergedIonic());
        }
        this.warnings = List.copyOf(w);
        this.potcarSpec =
                potcarSymbols.stream().map(t -> new PotcarSpec(t, null)).toList();
    }

    /** A copy with the POTCAR hashes found beside the file and the warnings met looking for them. */
    private Vasprun(Vasprun v, List<PotcarSpec> potcarSpec, List<String> moreWarnings) {
        this.source = v.source;
        this.vaspVersion = v.vaspVersion;
        this.generator = v.generator;
        this.truncation = v.truncation;
        this.incar = v.incar;
        this.parameters = v.parameters;
        this.atomicSymbols = v.atomicSymbols;
        this.potcarSymbols = v.potcarSymbols;
        this.initialStructure = v.initialStructure;
        this.finalStructure = v.finalStructure;
        this.ionicSteps = v.ionicSteps;
        this.lastStepThreeKeysOnly = v.lastStepThreeKeysOnly;
        this.mdSteps = v.mdSteps;
        this.efermi = v.efermi;
        this.bandEdges = v.bandEdges;
        this.totalDos = v.totalDos;
        this.nkpoints = v.nkpoints;
        this.hubbards = v.hubbards;
        this.hubbardsError = v.hubbardsError;
        this.finalEnergy = v.finalEnergy;
        List<String> w = new java.util.ArrayList<>(v.warnings);
        w.addAll(moreWarnings);
        this.warnings = List.copyOf(w);
        this.potcarSpec = List.copyOf(potcarSpec);
    }

    // ---------------------------------------------------------------- reading

    /** Reads strictly: a truncated or malformed file is a {@link BadInputException}. */
    public static Vasprun read(Path file) {
        return read(file, false);
    }

    /**
     * Reads a vasprun.xml, gzipped or not (detected from the content).
     *
     * @param lenient when true, a truncated or malformed file gives the ionic steps completed
     *                before the damage and {@link #isComplete()} false; it still fails when
     *                not one ionic step is complete
     */
    public static Vasprun read(Path file, boolean lenient) {
        return read(file, lenient, VaspReadLimits.defaults());
    }

    /** As {@link #read(Path, boolean)}, refusing what exceeds {@code limits} with an InputLimitException. */
    public static Vasprun read(Path file, boolean lenient, VaspReadLimits limits) {
        return VaspFiles.parse(file, (in, name) -> read(in, name, lenient, limits))
                .withPotcarBeside(file);
    }

    /**
     * pymatgen's parse_potcar_file=True: the first file (by name) beside the vasprun.xml whose
     * name starts with "POTCAR" (not "*.spec*") and whose data-set headers are, as a set, the
     * vasprun's TITELs gives each TITEL the hash of the data set with the same symbol (the
     * TITEL's second word). A POTCAR that cannot be read is skipped with a warning (pymatgen
     * would fail the whole read). Unlike pymatgen, a symbol present twice in the POTCAR does not
     * repeat the item: one item per atom type, always.
     */
    private Vasprun withPotcarBeside(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null || potcarSymbols.isEmpty()) {
            return this;
        }
        List<Path> candidates;
        try (java.util.stream.Stream<Path> s = java.nio.file.Files.list(dir)) {
            candidates = s.filter(p -> {
                        String n = p.getFileName().toString();
                        return n.startsWith("POTCAR") && !n.contains(".spec") && java.nio.file.Files.isRegularFile(p);
                    })
                    .sorted()
                    .toList();
        } catch (IOException e) {
            return new Vasprun(this, potcarSpec, List.of(dir + ": cannot list for a POTCAR: " + e.getMessage()));
        }
        List<String> problems = new java.util.ArrayList<>();
        java.util.Set<String> titels = new java.util.HashSet<>(potcarSymbols);
        for (Path p : candidates) {
            List<PotcarHash.Single> singles;
            try {
                singles = PotcarHash.read(p);
            } catch (BadInputException e) {
                problems.add(p + ": POTCAR not usable for potcar_spec hashes: " + e.getMessage());
                continue;
            }
            java.util.Set<String> headers = new java.util.HashSet<>();
            singles.forEach(x -> headers.add(x.header()));
            if (!headers.equals(titels)) {
                continue;
            }
            List<PotcarSpec> spec = new java.util.ArrayList<>();
            for (String t : potcarSymbols) {
                String[] w = t.strip().split("\\s+");
                String hash = null;
                for (PotcarHash.Single x : singles) {
                    if (w.length > 1 && x.symbol().equals(w[1])) {
                        hash = x.hash();
                        break;
                    }
                }
                spec.add(new PotcarSpec(t, hash));
            }
            return new Vasprun(this, spec, problems);
        }
        if (!candidates.isEmpty()) {
            problems.add(
                    dir + ": no POTCAR file with TITELs matching " + potcarSymbols + "; potcar_spec hashes are null");
        }
        return problems.isEmpty() ? this : new Vasprun(this, potcarSpec, problems);
    }

    /** Reads from a stream of uncompressed XML; name is used in messages. */
    public static Vasprun read(InputStream in, String name, boolean lenient) {
        return read(in, name, lenient, VaspReadLimits.defaults());
    }

    /** Reads from a stream of uncompressed XML within {@code limits}; name is used in messages. */
    public static Vasprun read(InputStream in, String name, boolean lenient, VaspReadLimits limits) {
        return new VasprunReader(name, lenient, limits).read(in);
    }

    // ---------------------------------------------------------------- provenance

    /** The file (or stream name) this was read from. */
    public String source() {
        return source;
    }

    /** VASP version from {@code <generator>}, e.g. "5.4.1". */
    public String vaspVersion() {
        return vaspVersion;
    }

    /** The {@code <generator>} block: program, version, subversion, platform, date, time. */
    public VasprunParameters generator() {
        return generator;
    }

    /**
     * The entry id current pymatgen gives {@code get_computed_entry()} when none is passed:
     * {@code vasprun-<generator date without spaces>-<generator time>-<md5 of str(final_structure)>},
     * e.g. "vasprun-20100729-15.0-da7b01a471dc249323505c0676ae7350". The time is "15.0" because
     * pymatgen stores the generator block as INCAR tags and TIME is a float INCAR tag, so
     * "15:19:15" reads as its leading number. A missing date or time is written "unknown".
     */
    public String defaultEntryId() {
        String date = generator.getString("date", "").replace(" ", "");
        String time = generator.getString("time", "").strip();
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("^-?\\d*\\.?\\d*[eE]?-?\\d*").matcher(time);
        String t = "unknown";
        if (m.find() && !m.group().isEmpty()) {
            try {
                t = Double.toString(Double.parseDouble(m.group()));
            } catch (NumberFormatException e) {
                t = "unknown";
            }
        }
        String text = PymatgenStructureText.of(finalStructure);
        try {
            byte[] d = java.security.MessageDigest.getInstance("MD5")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "vasprun-" + (date.isEmpty() ? "unknown" : date) + "-" + t + "-"
                    + java.util.HexFormat.of().formatHex(d);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every JDK", e);
        }
    }

    /** False when the file was truncated or malformed and read leniently. */
    public boolean isComplete() {
        return truncation == null;
    }

    /** Why the file is incomplete ("malformed or truncated XML at line N: ..."), or null. */
    public String incompleteReason() {
        return truncation;
    }

    /** Non-fatal problems met while reading (file:line: what), e.g. a truncation read leniently. */
    public List<String> warnings() {
        return warnings;
    }

    // ---------------------------------------------------------------- inputs

    /** The {@code <incar>} block: the tags as the user set them. */
    public VasprunParameters incar() {
        return incar;
    }

    /** The {@code <parameters>} block: every tag as VASP used it, defaults included. */
    public VasprunParameters parameters() {
        return parameters;
    }

    /** Element symbol of each site, in file order. */
    public List<String> atomicSymbols() {
        return atomicSymbols;
    }

    /**
     * pymatgen's potcar_spec: per atom type its TITEL and, when {@link #read(Path)} found a
     * matching POTCAR beside the file, pymatgen's hash of that POTCAR's data (else null).
     */
    public List<PotcarSpec> potcarSpec() {
        return potcarSpec;
    }

    /** POTCAR TITEL of each atom type, e.g. "PAW_PBE Fe_pv 06Sep2000" (pymatgen's potcar_symbols). */
    public List<String> potcarSymbols() {
        return potcarSymbols;
    }

    /** Number of k-points in the (first) k-point list; -1 when absent. */
    public int nkpoints() {
        return nkpoints;
    }

    // ---------------------------------------------------------------- structures

    public Structure initialStructure() {
        return initialStructure;
    }

    /**
     * The {@code finalpos} structure; for a truncated file read leniently, the structure of the
     * last complete ionic step (pymatgen would fall back to the initial structure).
     */
    public Structure finalStructure() {
        return finalStructure;
    }

    public int nsites() {
        return finalStructure.size();
    }

    public Composition composition() {
        return finalStructure.composition();
    }

    /** pymatgen's reduced formula of the final structure, e.g. "LiFe4(PO4)4". */
    public String reducedFormula() {
        return composition().reducedFormula();
    }

    // ---------------------------------------------------------------- energies

    /** The ionic steps, first to last (energies per step). */
    public List<IonicStep> ionicSteps() {
        return ionicSteps;
    }

    /**
     * Every skip-th ionic step from offset on (pymatgen's {@code ionic_step_skip} /
     * {@code ionic_step_offset} selection, here applied after reading, since reading all steps
     * costs little): skip 3 of 29 steps gives 10, with offset 6 gives 8.
     */
    public List<IonicStep> ionicSteps(int skip, int offset) {
        if (skip < 1 || offset < 0) {
            throw new IllegalArgumentException("skip must be >= 1 and offset >= 0, got " + skip + ", " + offset);
        }
        List<IonicStep> out = new java.util.ArrayList<>();
        for (int i = offset; i < ionicSteps.size(); i += skip) {
            out.add(ionicSteps.get(i));
        }
        return Collections.unmodifiableList(out);
    }

    public int nIonicSteps() {
        return ionicSteps.size();
    }

    /** SCF steps summed over all ionic steps. */
    public long nElectronicSteps() {
        return ionicSteps.totalElectronicSteps();
    }

    /** SCF steps in the last ionic step (what electronic convergence is judged on). */
    public int nElectronicStepsLastIonic() {
        return lastStep().nElectronicSteps();
    }

    /**
     * pymatgen's {@code Vasprun.final_energy} in eV: the sigma→0 energy ({@code e_0_energy}) of
     * the last ionic step, corrected from its last SCF step when VASP wrote it wrong (0 in old
     * VASP 5 files); see {@link IonicStep#energy()}. NaN when the last step has no energy.
     */
    public double finalEnergy() {
        return finalEnergy;
    }

    /** {@link #finalEnergy()} divided by the number of sites, eV/atom. */
    public double finalEnergyPerAtom() {
        return finalEnergy / nsites();
    }

    /** Free energy TOTEN ({@code e_fr_energy}) of the last ionic step, eV. */
    public double eFrEnergy() {
        return lastStep().eFrEnergy();
    }

    /** Energy without entropy ({@code e_wo_entrp}) of the last ionic step, eV. */
    public double eWoEntrp() {
        return lastStep().eWoEntrp();
    }

    /** The raw {@code e_0_energy} field of the last ionic step, eV (may be 0 in VASP 5 files). */
    public double e0EnergyRaw() {
        return lastStep().e0EnergyRaw();
    }

    /** Fermi energy (eV) from the {@code <dos>} block, when the file has one. */
    public OptionalDouble efermi() {
        return Double.isNaN(efermi) ? OptionalDouble.empty() : OptionalDouble.of(efermi);
    }

    /**
     * Band gap, CBM, VBM and directness from the eigenvalues of the last ionic step that has
     * them (pymatgen's {@code eigenvalue_band_properties}); empty when the file has none.
     */
    public java.util.Optional<BandEdges> bandEdges() {
        return java.util.Optional.ofNullable(bandEdges);
    }

    /**
     * The total density of states of the last {@code <dos>} block (gap, spin polarization at
     * E_F); empty when the file has none. The per-site partial DOS is not read.
     */
    public java.util.Optional<TotalDos> totalDos() {
        return java.util.Optional.ofNullable(totalDos);
    }

    private IonicStep lastStep() {
        return ionicSteps.get(ionicSteps.size() - 1);
    }

    // ---------------------------------------------------------------- convergence (pymatgen's rules)

    /**
     * pymatgen's {@code converged_electronic}: the last ionic step used fewer SCF steps than NELM.
     * Special cases as pymatgen: LEPSILON runs count the SCF steps after the first that carry only
     * the three total energies; ALGO = Exact with NELM = 1 is converged; ALGO = Chi (response
     * functions, no SCF) is reported false here (pymatgen raises).
     */
    public boolean isConvergedElectronic() {
        int nelm = parameters.getInt("NELM", 60);
        String algo = incar.getString("ALGO", "");
        if (algo.equalsIgnoreCase("chi")) {
            return false;
        }
        int n = lastStep().nElectronicSteps();
        if (VasprunParameters.truthy(incar.get("LEPSILON"))) {
            int idx = 1;
            while (idx < n && lastStepThreeKeysOnly.get(idx)) {
                idx++;
            }
            return idx + 1 != nelm;
        }
        if (algo.equals("Exact") && incar.getInt("NELM", -1) == 1) {
            return true;
        }
        return n < nelm;
    }

    /**
     * pymatgen's {@code converged_ionic}: NSW ≤ 1, or fewer ionic steps than NSW. For MD
     * (IBRION = 0) all NSW steps must have run; for IBRION 1 or 2 with EDIFFG = 0 (a fixed-length
     * relaxation trajectory) exactly NSW steps must have run.
     */
    public boolean isConvergedIonic() {
        int nsw = parameters.getInt("NSW", 0);
        int ibrion = parameters.getInt("IBRION", nsw == -1 || nsw == 0 ? -1 : 0);
        if (ibrion == 0) {
            return nsw <= 1 || mdSteps == nsw;
        }
        double ediffg = parameters.getDouble("EDIFFG", 1);
        if ((ibrion == 1 || ibrion == 2) && ediffg == 0) {
            return nsw <= 1 || nsw == nIonicSteps();
        }
        return nsw <= 1 || nIonicSteps() < nsw;
    }

    /**
     * Electronically and ionically converged, and the file complete. For a complete file this is
     * pymatgen's {@code converged}; a truncated file read leniently is never converged (pymatgen
     * judges only the steps it got, so it may call such a run converged).
     */
    public boolean isConverged() {
        return isComplete() && isConvergedElectronic() && isConvergedIonic();
    }

    // ---------------------------------------------------------------- functional

    /**
     * Hubbard U − J (eV) per element for a GGA+U run (LDAU true), else empty; pymatgen's
     * {@code hubbards}: LDAUU/LDAUJ from INCAR (else parameters) matched to the POTCAR species.
     *
     * @throws BadInputException when the number of U values does not match the species
     */
    public Map<String, Double> hubbards() {
        if (hubbardsError != null) {
            throw new BadInputException(source, 0, hubbardsError);
        }
        return hubbards;
    }

    /** True for a DFT+U run with non-zero U (pymatgen's {@code is_hubbard}). */
    public boolean isHubbard() {
        Map<String, Double> h = hubbards();
        double sum = 0;
        for (double v : h.values()) {
            sum += v;
        }
        return !h.isEmpty() && sum > 1e-8;
    }

    public boolean isSpin() {
        return parameters.getInt("ISPIN", 1) == 2;
    }

    private Map<String, Double> computeHubbards() {
        if (!VasprunParameters.truthy(incar.get("LDAU"))) {
            return Map.of();
        }
        List<String> symbols =
                potcarSymbols.stream().map(Vasprun::potcarElement).toList();
        List<Double> us = incar.contains("LDAUU") ? incar.getDoubles("LDAUU") : parameters.getDoubles("LDAUU");
        List<Double> js = incar.contains("LDAUJ") ? incar.getDoubles("LDAUJ") : parameters.getDoubles("LDAUJ");
        if (us == null) {
            us = List.of();
        }
        if (js == null || js.size() != us.size()) {
            js = Collections.nCopies(us.size(), 0.0);
        }
        if (us.size() == symbols.size()) {
            Map<String, Double> m = new LinkedHashMap<>();
            for (int i = 0; i < symbols.size(); i++) {
                m.put(symbols.get(i), us.get(i) - js.get(i)); // a repeated species keeps its last value, as in pymatgen
            }
            return Collections.unmodifiableMap(m);
        }
        double su = us.stream().mapToDouble(Double::doubleValue).sum();
        double sj = js.stream().mapToDouble(Double::doubleValue).sum();
        if (su == 0 && sj == 0) {
            return Map.of();
        }
        throw new IllegalStateException("LDAUU has " + us.size() + " values but the POTCARs list " + symbols.size()
                + " species " + symbols + ": cannot tell which U belongs to which element");
    }

    /** "PAW_PBE Fe_pv 06Sep2000" → "Fe". */
    private static String potcarElement(String titel) {
        String[] toks = titel.strip().split("\\s+");
        String sym = toks.length > 1 ? toks[1] : toks[0];
        int u = sym.indexOf('_');
        return u >= 0 ? sym.substring(0, u) : sym;
    }

    /**
     * pymatgen's {@code run_type}: "GGA", "GGA+U", "PBE", "PBEsol", "SCAN", "R2SCAN", "HSE06",
     * "PBEO or other Hybrid Functional", "LDA" ..., with "+U" for DFT+U and "+vdW-..." or
     * "+rVV10" for dispersion corrections. Note that MP-compatible runs (GGA tag unset, so
     * "--") give "GGA"/"GGA+U", which is what MP2020 corrections accept.
     */
    public String runType() {
        String rt;
        if (parameters.getDouble("AEXX", 1.00) == 1.00) {
            rt = "HF";
        } else if (parameters.getDouble("HFSCREEN", 0.30) == 0.30) {
            rt = "HSE03";
        } else if (parameters.getDouble("HFSCREEN", 0.20) == 0.20) {
            rt = "HSE06";
        } else if (parameters.getDouble("AEXX", 0.20) == 0.20) {
            rt = "B3LYP";
        } else if (parameters.getBoolean("LHFCALC", true)) {
            rt = "PBEO or other Hybrid Functional";
        } else if (VasprunParameters.truthy(incar.get("METAGGA"))
                && !Set.of("--", "None").contains(incar.getString("METAGGA", ""))) {
            String tag = incar.getString("METAGGA", "").toUpperCase(java.util.Locale.ROOT);
            rt = METAGGA_TYPES.getOrDefault(tag, tag);
        } else if (VasprunParameters.truthy(parameters.get("GGA"))) {
            String tag = parameters.getString("GGA", "").toUpperCase(java.util.Locale.ROOT);
            rt = GGA_TYPES.getOrDefault(tag, tag);
        } else if (!potcarSymbols.isEmpty()
                && potcarSymbols.get(0).strip().split("\\s+")[0].equals("PAW")) {
            rt = "LDA";
        } else {
            rt = "unknown";
        }
        if (isHubbard() || parameters.getBoolean("LDAU", true)) {
            rt += "+U";
        }
        if (parameters.getBoolean("LUSE_VDW", false)) {
            rt += "+rVV10";
        } else if (incar.get("IVDW") instanceof Number n && IVDW_TYPES.containsKey(n.intValue())) {
            rt += "+vdW-" + IVDW_TYPES.get(n.intValue());
        } else if (VasprunParameters.truthy(incar.get("IVDW"))) {
            rt += "+vdW-unknown";
        }
        return rt;
    }

    @Override
    public String toString() {
        return "Vasprun(" + source + ", " + reducedFormula() + ", " + nIonicSteps() + " ionic steps, E=" + finalEnergy
                + " eV" + (isComplete() ? "" : ", incomplete") + ")";
    }
}
