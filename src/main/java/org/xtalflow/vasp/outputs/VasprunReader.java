package org.xtalflow.vasp.outputs;

import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.xtalflow.crystal.Element;
import org.xtalflow.crystal.Lattice;
import org.xtalflow.crystal.Site;
import org.xtalflow.crystal.Structure;
import org.xtalflow.crystal.io.BadInputException;
import org.xtalflow.crystal.io.InputLimitException;
import org.xtalflow.crystal.io.LimitedInputStream;
import org.xtalflow.crystal.io.Utf8XmlInputStream;

/**
 * Streaming (StAX) reader of vasprun.xml. It walks the document once, keeps the header (INCAR,
 * parameters, atom info, initial and final structures), a few numbers per ionic step and the
 * structure of the last complete step, and skips everything else (eigenvalues, projections, DOS
 * arrays) without building any tree, so memory does not grow with the file.
 *
 * <p>A file that ends early or is not well-formed: in strict mode a {@link BadInputException}
 * naming file and line; in lenient mode the result holds every ionic step that was complete
 * before the damage and is marked incomplete (pymatgen's {@code exception_on_bad_xml=False}).
 */
final class VasprunReader {

    /**
     * The JDK's own StAX implementation, whatever else is on the class path; no DTDs, no
     * entities. One per thread: factories are not specified to be thread-safe, and harvests
     * read many files in parallel.
     */
    private static final ThreadLocal<XMLInputFactory> FACTORY = ThreadLocal.withInitial(VasprunReader::createFactory);

    private static XMLInputFactory createFactory() {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
        return f;
    }

    private static final String E_FR = "e_fr_energy";
    private static final String E_WO = "e_wo_entrp";
    private static final String E_0 = "e_0_energy";

    private final String name;
    private final boolean lenient;
    private final VaspReadLimits limits;
    private XMLStreamReader r;
    /** Current nesting depth and elements started so far, checked against the limits. */
    private int depth;

    private long elements;
    private final StringBuilder text = new StringBuilder(64);

    // header
    private String vaspVersion = "";
    private VasprunParameters generator;
    private VasprunParameters incar = VasprunParameters.empty();
    private VasprunParameters parameters = VasprunParameters.empty();
    private List<Element> species;
    private List<String> atomicSymbols;
    private List<String> potcarSymbols = List.of();
    private Structure initialStructure;
    private Structure finalpos;
    private int nkpoints = -1;
    private boolean kpointsSeen;
    private boolean mlff;
    private int unnamedStructures;

    // ionic steps (compact: a few numbers each, so a million steps stay small)
    private final IonicStepList steps = new IonicStepList();
    private Structure lastStepStructure;
    private BitSet lastStepThreeKeysOnly = new BitSet();
    private double efermi = Double.NaN;
    private BandEdges bandEdges;
    private TotalDos totalDos;

    private final List<String> warnings = new ArrayList<>();

    VasprunReader(String name, boolean lenient, VaspReadLimits limits) {
        this.name = name;
        this.lenient = lenient;
        this.limits = limits;
    }

    Vasprun read(InputStream in) {
        String truncation = null;
        try {
            r = FACTORY.get()
                    .createXMLStreamReader(Utf8XmlInputStream.of(
                            new LimitedInputStream(in, limits.maxBytes(), name, "xtalflow.vasp.max_bytes"), name));
            if (!nextChildStart()) {
                throw bad("empty document: no root element");
            }
            if (!"modeling".equals(r.getLocalName())) {
                throw bad("not a vasprun.xml: root element is <" + r.getLocalName() + ">, expected <modeling>");
            }
            readModeling();
            while (r.hasNext()) {
                next(); // trailing comments/whitespace; a second root would be an XML error
            }
        } catch (XMLStreamException | UncheckedIOException e) {
            int line = lineOf(e);
            String msg = "malformed or truncated XML at line " + line + ": " + cleanMessage(e);
            if (!lenient) {
                throw new BadInputException(
                        name,
                        line,
                        "malformed or truncated XML: " + cleanMessage(e)
                                + " (read leniently, e.g. `vasp parse --lenient`, to keep the "
                                + steps.size() + " complete ionic step(s))",
                        e);
            }
            if (steps.size() == 0) {
                throw new BadInputException(
                        name, line, "malformed or truncated XML with no complete ionic step: " + cleanMessage(e), e);
            }
            truncation = msg;
            warnings.add(name + ": " + msg + "; kept the " + steps.size() + " complete ionic step(s)");
        } catch (RuntimeException e) {
            if (e instanceof BadInputException) {
                throw e;
            }
            throw new BadInputException(name, currentLine(), "cannot read vasprun.xml: " + e, e);
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException ignored) {
                    // closing a broken stream: nothing left to report
                }
            }
        }
        if (atomicSymbols == null) {
            throw bad("no <atominfo> block: not a complete vasprun.xml header");
        }
        if (steps.size() == 0) {
            throw new BadInputException(name, 0, "no ionic step (<calculation>) in the file");
        }
        Structure fin = finalpos != null ? finalpos : lastStepStructure != null ? lastStepStructure : initialStructure;
        if (fin == null) {
            throw new BadInputException(name, 0, "no structure in the file");
        }
        return new Vasprun(
                name,
                vaspVersion,
                generator,
                truncation,
                incar,
                parameters,
                atomicSymbols,
                potcarSymbols,
                initialStructure,
                fin,
                steps.trimmed(),
                lastStepThreeKeysOnly,
                mlff ? unnamedStructures : steps.size(),
                efermi,
                bandEdges,
                totalDos,
                nkpoints,
                warnings);
    }

    // ---------------------------------------------------------------- document walk

    private void readModeling() throws XMLStreamException {
        while (nextChildStart()) {
            switch (r.getLocalName()) {
                case "generator" -> {
                    VasprunParameters g = readParams();
                    generator = g;
                    vaspVersion = g.getString("version", "").strip();
                }
                case "incar" -> {
                    incar = readParams();
                    mlff = VasprunParameters.truthy(incar.get("ML_LMLFF"));
                }
                case "parameters" -> parameters = readParams();
                case "kpoints" -> readKpoints();
                case "atominfo" -> readAtominfo();
                case "structure" -> {
                    String n = r.getAttributeValue(null, "name");
                    if (n == null) {
                        unnamedStructures++;
                        skip();
                    } else if (n.equals("initialpos")) {
                        initialStructure = readStructure();
                    } else if (n.equals("finalpos")) {
                        finalpos = readStructure();
                    } else {
                        skip(); // primitive_cell etc.
                    }
                }
                case "calculation" -> readCalculation();
                case "dos" -> {
                    double ef = readDos();
                    if (!Double.isNaN(ef)) {
                        efermi = ef;
                    }
                    if (dosRead != null) {
                        totalDos = dosRead;
                    }
                }
                default -> skip();
            }
        }
    }

    /** One {@code <calculation>}: committed only when its end tag is read. */
    private void readCalculation() throws XMLStreamException {
        double eFr = Double.NaN;
        double eWo = Double.NaN;
        double e0 = Double.NaN;
        boolean energySeen = false;
        int nEl = 0;
        double scFr = Double.NaN;
        double sc0 = Double.NaN;
        BitSet threeOnly = new BitSet();
        Structure s = null;
        double ef = Double.NaN;
        BandEdges edges = null;
        TotalDos dos = null;
        double[] tmp = new double[3];
        while (nextChildStart()) {
            switch (r.getLocalName()) {
                case "scstep" -> {
                    if (readScstep(tmp, threeOnly, nEl)) {
                        scFr = tmp[0];
                        sc0 = tmp[2];
                        nEl++;
                    }
                }
                case "energy" -> {
                    if (energySeen) {
                        skip(); // pymatgen reads the first <energy> child only
                    } else {
                        energySeen = true;
                        Arrays.fill(tmp, Double.NaN);
                        readEnergy(tmp, null, 0);
                        eFr = tmp[0];
                        eWo = tmp[1];
                        e0 = tmp[2];
                    }
                }
                case "structure" -> {
                    if (r.getAttributeValue(null, "name") == null) {
                        unnamedStructures++;
                    }
                    if (s == null) {
                        s = readStructure();
                    } else {
                        skip();
                    }
                }
                case "dos" -> {
                    double v = readDos();
                    if (!Double.isNaN(v)) {
                        ef = v;
                    }
                    if (dosRead != null) {
                        dos = dosRead;
                    }
                }
                case "eigenvalues" -> {
                    BandEdges b = readEigenvalues();
                    if (b != null) {
                        edges = b;
                    }
                }
                default -> skip();
            }
        }
        if (edges != null) {
            bandEdges = edges;
        }
        if (dos != null) {
            totalDos = dos;
        }
        steps.add(eFr, eWo, e0, nEl, scFr, sc0, s != null);
        if (s != null) {
            lastStepStructure = s;
        }
        lastStepThreeKeysOnly = threeOnly;
        if (!Double.isNaN(ef)) {
            efermi = ef;
        }
    }

    /** Reads a scstep; true when it had an {@code <energy>} (pymatgen counts only those). */
    private boolean readScstep(double[] out, BitSet threeOnly, int index) throws XMLStreamException {
        boolean had = false;
        while (nextChildStart()) {
            if (!had && "energy".equals(r.getLocalName())) {
                had = true;
                Arrays.fill(out, Double.NaN);
                readEnergy(out, threeOnly, index);
            } else {
                skip();
            }
        }
        return had;
    }

    /**
     * Reads the {@code <i>} children of an {@code <energy>} into out = {e_fr, e_wo, e_0}. When
     * threeOnly is given, records whether the names were exactly those three (pymatgen's LEPSILON rule).
     */
    private void readEnergy(double[] out, BitSet threeOnly, int index) throws XMLStreamException {
        int names = 0;
        int known = 0;
        while (nextChildStart()) {
            if (!"i".equals(r.getLocalName())) {
                skip();
                continue;
            }
            String n = r.getAttributeValue(null, "name");
            names++;
            int slot = E_FR.equals(n) ? 0 : E_WO.equals(n) ? 1 : E_0.equals(n) ? 2 : -1;
            if (slot < 0) {
                skip(); // alphaZ, ewald, ...: not needed, not parsed
                continue;
            }
            known++;
            out[slot] = number(text(), n);
        }
        if (threeOnly != null && names == 3 && known == 3) {
            threeOnly.set(index);
        }
    }

    /**
     * Band edges from an {@code <eigenvalues>} block (array/set/set[spin]/set[kpoint]/r "eig occ"),
     * streamed without storing the eigenvalues.
     */
    private BandEdges readEigenvalues() throws XMLStreamException {
        BandEdges.Accumulator acc = new BandEdges.Accumulator();
        while (nextChildStart()) {
            if (!"array".equals(r.getLocalName())) {
                skip();
                continue;
            }
            while (nextChildStart()) {
                if (!"set".equals(r.getLocalName())) {
                    skip(); // dimension, field
                    continue;
                }
                while (nextChildStart()) { // spin sets
                    if (!"set".equals(r.getLocalName())) {
                        skip();
                        continue;
                    }
                    int k = 0;
                    while (nextChildStart()) { // k-point sets
                        if (!"set".equals(r.getLocalName())) {
                            skip();
                            continue;
                        }
                        while (nextChildStart()) {
                            if (!"r".equals(r.getLocalName())) {
                                skip();
                                continue;
                            }
                            int line = currentLine();
                            String text = text();
                            double[] v;
                            try {
                                v = VaspNumbers.parseDoubles(text);
                            } catch (NumberFormatException e) {
                                throw new BadInputException(
                                        name, line, "not a number in eigenvalues: '" + text.strip() + "'");
                            }
                            if (v.length >= 2) {
                                acc.add(k, v[0], v[1]);
                            }
                        }
                        k++;
                    }
                }
            }
        }
        return acc.result();
    }

    /** The last total DOS read by {@link #readDos()} (null when the block had none). */
    private TotalDos dosRead;

    /**
     * The efermi of a {@code <dos>} block (NaN for the KPOINTS_OPT one or when absent); its total
     * DOS is left in {@link #dosRead}. The partial (per-site) DOS is skipped.
     */
    private double readDos() throws XMLStreamException {
        boolean opt = "kpoints_opt".equals(r.getAttributeValue(null, "comment"));
        double ef = Double.NaN;
        dosRead = null;
        double[][] total = null;
        while (nextChildStart()) {
            String tag = r.getLocalName();
            if (!opt && Double.isNaN(ef) && "i".equals(tag) && "efermi".equals(r.getAttributeValue(null, "name"))) {
                ef = number(text(), "efermi");
            } else if (!opt && "total".equals(tag)) {
                total = readTotalDos();
            } else {
                skip();
            }
        }
        if (total != null && total.length > 1 && !Double.isNaN(ef)) {
            dosRead = new TotalDos(ef, total[0], Arrays.copyOfRange(total, 1, total.length));
        }
        return ef;
    }

    /** {energies, density spin 1, [density spin 2]} from total/array/set/set[spin]/r "e dos int". */
    private double[][] readTotalDos() throws XMLStreamException {
        List<double[]> columns = new ArrayList<>();
        double[] energies = null;
        while (nextChildStart()) {
            if (!"array".equals(r.getLocalName())) {
                skip();
                continue;
            }
            while (nextChildStart()) {
                if (!"set".equals(r.getLocalName())) {
                    skip();
                    continue;
                }
                while (nextChildStart()) { // one set per spin
                    if (!"set".equals(r.getLocalName())) {
                        skip();
                        continue;
                    }
                    double[][] rows = readRows();
                    double[] e = new double[rows.length];
                    double[] d = new double[rows.length];
                    for (int i = 0; i < rows.length; i++) {
                        e[i] = rows[i][0];
                        d[i] = rows[i][1];
                    }
                    if (energies == null) {
                        energies = e;
                    } else if (e.length != energies.length) {
                        throw new BadInputException(name, currentLine(), "total DOS spin channels differ in length");
                    }
                    columns.add(d);
                }
            }
        }
        if (energies == null) {
            return null;
        }
        columns.add(0, energies);
        return columns.toArray(new double[0][]);
    }

    /** The {@code <r>} rows (at least 2 numbers each) of the current element. */
    private double[][] readRows() throws XMLStreamException {
        return readNumberRows("r", 2, false);
    }

    private void readKpoints() throws XMLStreamException {
        boolean first = !kpointsSeen;
        kpointsSeen = true;
        while (nextChildStart()) {
            if (first && "varray".equals(r.getLocalName()) && "kpointlist".equals(r.getAttributeValue(null, "name"))) {
                int n = 0;
                while (nextChildStart()) {
                    n++;
                    skip();
                }
                nkpoints = n;
            } else {
                skip();
            }
        }
    }

    private void readAtominfo() throws XMLStreamException {
        List<List<String>> atoms = null;
        List<List<String>> types = null;
        int line = currentLine();
        while (nextChildStart()) {
            if ("array".equals(r.getLocalName())) {
                String n = r.getAttributeValue(null, "name");
                if ("atoms".equals(n)) {
                    atoms = readArrayRows();
                } else if ("atomtypes".equals(n)) {
                    types = readArrayRows();
                } else {
                    skip();
                }
            } else {
                skip();
            }
        }
        if (atoms == null) {
            throw new BadInputException(name, line, "<atominfo> has no 'atoms' array");
        }
        List<String> syms = new ArrayList<>(atoms.size());
        List<Element> els = new ArrayList<>(atoms.size());
        for (List<String> row : atoms) {
            if (row.isEmpty()) {
                throw new BadInputException(name, line, "<atominfo> atoms row without element");
            }
            String sym = atomSymbol(row.get(0).strip(), line);
            syms.add(sym);
            els.add(Element.of(sym));
        }
        atomicSymbols = List.copyOf(syms);
        species = List.copyOf(els);
        List<String> pots = new ArrayList<>();
        if (types != null) {
            for (List<String> row : types) {
                if (row.size() < 5) {
                    throw new BadInputException(
                            name,
                            line,
                            "<atominfo> atomtypes row has " + row.size()
                                    + " fields, expected 5 (the 5th is the POTCAR symbol)");
                }
                pots.add(row.get(4).strip());
            }
        }
        potcarSymbols = List.copyOf(pots);
    }

    /** vasprun.xml writes "X" for Xe and "r" for Zr (a 2-character field cut short); pymatgen maps them. */
    private String atomSymbol(String s, int line) {
        if (Element.isSymbol(s)) {
            return s;
        }
        if (s.equals("X")) {
            return "Xe";
        }
        if (s.equals("r")) {
            return "Zr";
        }
        throw new BadInputException(name, line, "unknown element symbol '" + s + "' in <atominfo>");
    }

    /** The {@code <c>} texts of each {@code <rc>} of an {@code <array>}'s {@code <set>}. */
    private List<List<String>> readArrayRows() throws XMLStreamException {
        List<List<String>> rows = new ArrayList<>();
        while (nextChildStart()) {
            if (!"set".equals(r.getLocalName())) {
                skip();
                continue;
            }
            while (nextChildStart()) {
                if (!"rc".equals(r.getLocalName())) {
                    skip();
                    continue;
                }
                List<String> row = new ArrayList<>(5);
                while (nextChildStart()) {
                    if ("c".equals(r.getLocalName())) {
                        row.add(text());
                    } else {
                        skip();
                    }
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private Structure readStructure() throws XMLStreamException {
        int line = currentLine();
        if (species == null) {
            throw new BadInputException(name, line, "<structure> before <atominfo>: species unknown");
        }
        double[][] basis = null;
        double[][] pos = null;
        while (nextChildStart()) {
            String tag = r.getLocalName();
            if ("crystal".equals(tag)) {
                while (nextChildStart()) {
                    if ("varray".equals(r.getLocalName()) && "basis".equals(r.getAttributeValue(null, "name"))) {
                        basis = readVarray(3);
                    } else {
                        skip();
                    }
                }
            } else if ("varray".equals(tag) && "positions".equals(r.getAttributeValue(null, "name"))) {
                pos = readVarray(3);
            } else {
                skip();
            }
        }
        if (basis == null || basis.length != 3) {
            throw new BadInputException(name, line, "<structure> without a 3x3 lattice basis");
        }
        if (pos == null || pos.length != species.size()) {
            throw new BadInputException(
                    name,
                    line,
                    "<structure> has " + (pos == null ? 0 : pos.length) + " positions but <atominfo> lists "
                            + species.size() + " atoms");
        }
        try {
            Lattice lattice = new Lattice(basis);
            List<Site> sites = new ArrayList<>(pos.length);
            for (int i = 0; i < pos.length; i++) {
                sites.add(new Site(species.get(i), pos[i]));
            }
            return new Structure(lattice, sites);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(name, line, "invalid structure: " + e.getMessage(), e);
        }
    }

    /** Rows of a {@code <varray>}, each of the given width. */
    private double[][] readVarray(int width) throws XMLStreamException {
        return readNumberRows("v", width, true);
    }

    /**
     * The {@code <tag>} children of the current element as rows of numbers, each with at least
     * (or, when {@code exact}, exactly) {@code width} values; other children are skipped.
     */
    private double[][] readNumberRows(String tag, int width, boolean exact) throws XMLStreamException {
        List<double[]> rows = new ArrayList<>();
        while (nextChildStart()) {
            if (!tag.equals(r.getLocalName())) {
                skip();
                continue;
            }
            int line = currentLine();
            String text = text();
            double[] v;
            try {
                v = VaspNumbers.parseDoubles(text);
            } catch (NumberFormatException e) {
                throw new BadInputException(name, line, "not a number in <" + tag + ">: '" + text.strip() + "'");
            }
            if (exact ? v.length != width : v.length < width) {
                throw new BadInputException(
                        name,
                        line,
                        "<" + tag + "> has " + v.length + " values, expected " + (exact ? "" : "at least ") + width);
            }
            rows.add(v);
        }
        return rows.toArray(new double[0][]);
    }

    // ---------------------------------------------------------------- parameters

    /** A block of {@code <i>}/{@code <v>} (possibly nested in {@code <separator>}), flattened as pymatgen does. */
    private VasprunParameters readParams() throws XMLStreamException {
        Map<String, Object> m = new LinkedHashMap<>();
        readParamsInto(m);
        return new VasprunParameters(m);
    }

    private void readParamsInto(Map<String, Object> m) throws XMLStreamException {
        while (nextChildStart()) {
            String tag = r.getLocalName();
            String pname = r.getAttributeValue(null, "name");
            if (!"i".equals(tag) && !"v".equals(tag)) {
                Map<String, Object> sub = new LinkedHashMap<>();
                readParamsInto(sub);
                if ("response functions".equals(pname)) {
                    // its duplicates of general tags must not override them (pymatgen's rule)
                    sub.forEach(m::putIfAbsent);
                } else {
                    m.putAll(sub);
                }
                continue;
            }
            String type = r.getAttributeValue(null, "type");
            int line = currentLine();
            String text = text().strip();
            if (pname == null) {
                continue;
            }
            m.put(pname, "i".equals(tag) ? scalar(type, text, pname, line) : vector(type, text, pname, line));
        }
    }

    private Object scalar(String type, String text, String pname, int line) {
        if ("logical".equals(type)) {
            return text.equals("T");
        }
        if ("string".equals(type)) {
            return text;
        }
        if ("int".equals(type)) {
            return integer(text, pname, line);
        }
        try {
            return VaspNumbers.parseDouble(text);
        } catch (NumberFormatException e) {
            warnings.add(
                    name + ":" + line + ": parameter " + pname + " is not a number ('" + text + "'); kept as text");
            return text;
        }
    }

    private Object vector(String type, String text, String pname, int line) {
        String[] toks = VaspNumbers.splitWhitespace(text);
        List<Object> out = new ArrayList<>(toks.length);
        for (String t : toks) {
            if ("logical".equals(type)) {
                out.add(t.equals("T"));
            } else if ("string".equals(type)) {
                out.add(t);
            } else if ("int".equals(type)) {
                out.add(integer(t, pname, line));
            } else {
                try {
                    out.add(VaspNumbers.parseDouble(t));
                } catch (NumberFormatException e) {
                    warnings.add(
                            name + ":" + line + ": parameter " + pname + " has a non-number '" + t + "'; read as NaN");
                    out.add(Double.NaN);
                }
            }
        }
        return java.util.Collections.unmodifiableList(out);
    }

    private Object integer(String text, String pname, int line) {
        try {
            long v = Long.parseLong(text);
            return v == (int) v ? (Object) (int) v : (Object) v;
        } catch (NumberFormatException e) {
            if (!VaspNumbers.isOverflow(text)) {
                warnings.add(name + ":" + line + ": parameter " + pname + " is not an integer ('" + text
                        + "'); read as null");
            }
            return null; // overflowed (*****): pymatgen gives None for RANDOM_SEED
        }
    }

    // ---------------------------------------------------------------- StAX helpers

    private double number(String text, String what) {
        try {
            return VaspNumbers.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new BadInputException(name, currentLine(), "not a number for " + what + ": '" + text.strip() + "'");
        }
    }

    /**
     * Advances to the next child start element of the current element; false (positioned on the
     * parent's end tag) when there is none.
     */
    private boolean nextChildStart() throws XMLStreamException {
        while (r.hasNext()) {
            int ev = next();
            if (ev == XMLStreamConstants.START_ELEMENT) {
                return true;
            }
            if (ev == XMLStreamConstants.END_ELEMENT) {
                return false;
            }
        }
        return false;
    }

    /** Skips the element whose start tag is current, with all its content, to its end tag. */
    private void skip() throws XMLStreamException {
        int level = 1;
        while (level > 0) {
            int ev = next();
            if (ev == XMLStreamConstants.START_ELEMENT) {
                level++;
            } else if (ev == XMLStreamConstants.END_ELEMENT) {
                level--;
            }
        }
    }

    /** The reader's next event, with the element count and nesting checked against the limits. */
    private int next() throws XMLStreamException {
        int ev = r.next();
        if (ev == XMLStreamConstants.START_ELEMENT) {
            if (++elements > limits.maxElements()) {
                throw new InputLimitException(
                        name,
                        currentLine(),
                        "more than " + limits.maxElements() + " XML elements",
                        "xtalflow.vasp.max_elements",
                        limits.maxElements());
            }
            if (++depth > limits.maxDepth()) {
                throw new InputLimitException(
                        name,
                        currentLine(),
                        "XML nested deeper than " + limits.maxDepth() + " levels",
                        "xtalflow.vasp.max_depth",
                        limits.maxDepth());
            }
        } else if (ev == XMLStreamConstants.END_ELEMENT) {
            depth--;
        }
        return ev;
    }

    /**
     * The text of the element whose start tag is current, up to its end tag (StAX's
     * getElementText, which would build a text node of any length): more than the limit's
     * characters is refused while reading, in chunks of the parser's buffer.
     */
    private String text() throws XMLStreamException {
        text.setLength(0);
        while (true) {
            int ev = next();
            switch (ev) {
                case XMLStreamConstants.CHARACTERS,
                        XMLStreamConstants.CDATA,
                        XMLStreamConstants.SPACE,
                        XMLStreamConstants.ENTITY_REFERENCE -> {
                    int len = r.getTextLength();
                    if (text.length() + len > limits.maxTextChars()) {
                        throw new InputLimitException(
                                name,
                                currentLine(),
                                "an XML text node longer than " + limits.maxTextChars() + " characters",
                                "xtalflow.vasp.max_text_chars",
                                limits.maxTextChars());
                    }
                    text.append(r.getTextCharacters(), r.getTextStart(), len);
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    return text.toString();
                }
                case XMLStreamConstants.START_ELEMENT ->
                    throw new XMLStreamException("an element with text only holds a child element", r.getLocation());
                case XMLStreamConstants.END_DOCUMENT ->
                    throw new XMLStreamException("the document ends inside an element", r.getLocation());
                default -> {
                    // comments and processing instructions are not text
                }
            }
        }
    }

    private int currentLine() {
        if (r == null) {
            return 0;
        }
        Location loc = r.getLocation();
        return loc == null ? 0 : Math.max(0, loc.getLineNumber());
    }

    private int lineOf(Exception e) {
        if (e instanceof XMLStreamException x
                && x.getLocation() != null
                && x.getLocation().getLineNumber() > 0) {
            return x.getLocation().getLineNumber();
        }
        return currentLine();
    }

    private static String cleanMessage(Exception e) {
        String m = e.getMessage();
        if (e instanceof XMLStreamException x && x.getNestedException() != null && m == null) {
            m = x.getNestedException().toString();
        }
        if (m == null) {
            m = e.toString();
        }
        // JDK messages start with "ParseError at [row,col]:[932,1]\nMessage: ..."
        int k = m.indexOf("Message: ");
        if (k >= 0) {
            m = m.substring(k + "Message: ".length());
        }
        return m.replace('\n', ' ').strip();
    }

    private BadInputException bad(String problem) {
        return new BadInputException(name, currentLine(), problem);
    }
}
