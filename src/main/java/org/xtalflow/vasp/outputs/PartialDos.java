package org.xtalflow.vasp.outputs;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.xtalflow.crystal.io.BadInputException;

/**
 * The projected (partial) DOS of one site from a vasprun.xml, read on demand in its own streaming
 * pass so that memory holds one site, never the whole per-site table (which for a large cell
 * and fine grid can exceed the file's other content). Densities by orbital as VASP names them
 * ("s", "py", "pz", "px", "dxy", ... or "s", "p", "d"), then by spin (0 = up, 1 = down), on the
 * energy grid of the total DOS (eV). This is pymatgen's {@code Vasprun.pdos[site]}.
 */
public final class PartialDos {
    private final int site;
    private final double[] energies;
    private final Map<String, double[][]> densities; // orbital -> [spin][point]

    private PartialDos(int site, double[] energies, Map<String, double[][]> densities) {
        this.site = site;
        this.energies = energies;
        this.densities = Collections.unmodifiableMap(densities);
    }

    /** 0-based site index. */
    public int site() {
        return site;
    }

    public double[] energies() {
        return energies.clone();
    }

    /** Orbital names in file order. */
    public List<String> orbitals() {
        return List.copyOf(densities.keySet());
    }

    public int nspins() {
        return densities.isEmpty() ? 0 : densities.values().iterator().next().length;
    }

    /** Density of one orbital and spin (0 = up, 1 = down). */
    public double[] densities(String orbital, int spin) {
        double[][] d = densities.get(orbital);
        if (d == null) {
            throw new IllegalArgumentException("no orbital '" + orbital + "'; the file has " + orbitals());
        }
        return d[spin].clone();
    }

    /**
     * Reads the partial DOS of site (0-based) from the last {@code <dos>} block that has one.
     *
     * @throws BadInputException when the file is unreadable or has no partial DOS for that site
     */
    public static PartialDos read(Path file, int site) {
        return VaspFiles.parse(file, (in, name) -> read(in, name, site));
    }

    static PartialDos read(InputStream in, String name, int site) {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        String ionComment = "ion " + (site + 1);
        PartialDos found = null;
        XMLStreamReader r = null;
        try {
            r = f.createXMLStreamReader(org.xtalflow.crystal.io.Utf8XmlInputStream.of(in, name));
            // element path as tag names; the partial DOS is dos/partial/array/set/set[ion]/set[spin]/r
            List<String> path = new ArrayList<>();
            boolean inDos = false;
            List<String> fields = new ArrayList<>();
            List<List<double[]>> spins = null; // rows per spin of the wanted ion
            boolean inWantedIon = false;
            int ionDepth = -1;
            while (r.hasNext()) {
                int ev = r.next();
                if (ev == XMLStreamConstants.START_ELEMENT) {
                    String tag = r.getLocalName();
                    path.add(tag);
                    int depth = path.size();
                    if (tag.equals("dos") && !"kpoints_opt".equals(r.getAttributeValue(null, "comment"))) {
                        inDos = true;
                    } else if (inDos && tag.equals("partial")) {
                        fields = new ArrayList<>();
                        spins = new ArrayList<>();
                    } else if (inDos && spins != null && tag.equals("field")) {
                        fields.add(r.getElementText().strip());
                        path.remove(depth - 1);
                    } else if (inDos && spins != null && tag.equals("set")) {
                        String c = r.getAttributeValue(null, "comment");
                        if (c != null && c.startsWith("ion ")) {
                            inWantedIon = c.equals(ionComment);
                            ionDepth = depth;
                        } else if (inWantedIon && c != null && c.startsWith("spin")) {
                            spins.add(new ArrayList<>());
                        }
                    } else if (inWantedIon && tag.equals("r") && !spins.isEmpty()) {
                        int line = r.getLocation().getLineNumber();
                        String text = r.getElementText();
                        path.remove(depth - 1);
                        try {
                            spins.get(spins.size() - 1).add(VaspNumbers.parseDoubles(text));
                        } catch (NumberFormatException e) {
                            throw new BadInputException(
                                    name, line, "not a number in partial DOS: '" + text.strip() + "'");
                        }
                    }
                } else if (ev == XMLStreamConstants.END_ELEMENT) {
                    int depthBefore = path.size();
                    String tag = path.remove(depthBefore - 1);
                    if (tag.equals("set") && depthBefore == ionDepth) {
                        inWantedIon = false;
                        ionDepth = -1;
                    }
                    if (tag.equals("partial") && spins != null) {
                        if (!spins.isEmpty()) {
                            found = build(name, site, fields, spins);
                        }
                        spins = null;
                        inWantedIon = false;
                    } else if (tag.equals("dos")) {
                        inDos = false;
                    }
                }
            }
        } catch (XMLStreamException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNumber();
            throw new BadInputException(
                    name, line, "malformed or truncated XML: " + e.getMessage().replace('\n', ' '), e);
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException ignored) {
                    // nothing more to report
                }
            }
        }
        if (found == null) {
            throw new BadInputException(
                    name, 0, "no partial DOS for site " + site + " (LORBIT not set, or fewer sites)");
        }
        return found;
    }

    private static PartialDos build(String name, int site, List<String> fields, List<List<double[]>> spins) {
        if (fields.size() < 2) {
            throw new BadInputException(name, 0, "partial DOS without orbital fields");
        }
        int npts = spins.get(0).size();
        double[] energies = new double[npts];
        Map<String, double[][]> dens = new LinkedHashMap<>();
        for (int o = 1; o < fields.size(); o++) {
            dens.put(fields.get(o), new double[spins.size()][npts]);
        }
        for (int s = 0; s < spins.size(); s++) {
            List<double[]> rows = spins.get(s);
            if (rows.size() != npts) {
                throw new BadInputException(name, 0, "partial DOS spin channels differ in length");
            }
            for (int i = 0; i < npts; i++) {
                double[] row = rows.get(i);
                if (row.length != fields.size()) {
                    throw new BadInputException(
                            name, 0, "partial DOS row has " + row.length + " values, expected " + fields.size());
                }
                energies[i] = row[0];
                for (int o = 1; o < fields.size(); o++) {
                    dens.get(fields.get(o))[s][i] = row[o];
                }
            }
        }
        return new PartialDos(site, energies, dens);
    }
}
