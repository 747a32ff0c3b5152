package org.xtalflow.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.xtalflow.config.ConfigKeys;
import org.xtalflow.config.ConfigurationException;
import org.xtalflow.crystal.io.StructureFileLimits;
import org.xtalflow.thermo.EntryCsv;
import org.xtalflow.vasp.outputs.VaspReadLimits;

/**
 * {@code limits} in conf/xtalflow.yaml: the caps on what the readers of untrusted files accept
 * (VASP outputs fetched from a cluster, structure files, entries files, inbox files). Every key is
 * optional and defaults to the built-in value, far above any real file; the application
 * {@link #apply applies} them once at start. A system property {@code xtalflow.vasp.<key>} still
 * overrides a {@code vasp_outputs} key (for tests and one-off runs).
 *
 * @param vaspOutputs         {@code limits.vasp_outputs}: vasprun.xml, OUTCAR, OSZICAR
 * @param structureMaxBytes   {@code limits.structures.max_bytes}: a CIF or POSCAR file
 * @param structureMaxSites   {@code limits.structures.max_sites}: sites per structure read
 * @param entriesMaxBytes     {@code limits.entries.max_bytes}: an entries JSON or CSV file
 * @param inboxMaxBytes       {@code limits.inbox.max_bytes}: a file dropped into the inbox
 */
public record InputLimits(
        VaspReadLimits vaspOutputs,
        long structureMaxBytes,
        int structureMaxSites,
        long entriesMaxBytes,
        long inboxMaxBytes) {

    public static final List<String> SECTIONS = List.of("vasp_outputs", "structures", "entries", "inbox");
    public static final List<String> VASP_OUTPUT_KEYS =
            List.of("max_bytes", "max_text_chars", "max_elements", "max_depth", "max_line_chars", "max_ionic_steps");
    public static final List<String> STRUCTURE_KEYS = List.of("max_bytes", "max_sites");
    public static final List<String> BYTES_ONLY = List.of("max_bytes");

    /** The built-in limits (what an absent {@code limits} section means). */
    public static InputLimits builtIn() {
        return new InputLimits(
                VaspReadLimits.BUILT_IN,
                StructureFileLimits.MAX_BYTES,
                StructureFileLimits.MAX_SITES,
                EntryCsv.MAX_BYTES,
                InboxFiles.MAX_BYTES);
    }

    /** Reads {@code limits} (null or missing: the built-in limits); unknown keys and bad values refused. */
    public static InputLimits of(JsonNode section, Path file) {
        ConfigKeys.requireKnown(file, "limits", section, SECTIONS);
        InputLimits d = builtIn();
        if (section == null || section.isMissingNode() || section.isNull()) {
            return d;
        }
        JsonNode v = section.path("vasp_outputs");
        ConfigKeys.requireKnown(file, "limits.vasp_outputs", v, VASP_OUTPUT_KEYS);
        JsonNode s = section.path("structures");
        ConfigKeys.requireKnown(file, "limits.structures", s, STRUCTURE_KEYS);
        ConfigKeys.requireKnown(file, "limits.entries", section.path("entries"), BYTES_ONLY);
        ConfigKeys.requireKnown(file, "limits.inbox", section.path("inbox"), BYTES_ONLY);
        VaspReadLimits b = d.vaspOutputs;
        String vw = "limits.vasp_outputs.";
        VaspReadLimits vasp = new VaspReadLimits(
                positive(file, vw + "max_bytes", v, b.maxBytes(), Long.MAX_VALUE),
                (int) positive(file, vw + "max_text_chars", v, b.maxTextChars(), Integer.MAX_VALUE - 16),
                positive(file, vw + "max_elements", v, b.maxElements(), Long.MAX_VALUE),
                (int) positive(file, vw + "max_depth", v, b.maxDepth(), 100_000),
                (int) positive(file, vw + "max_line_chars", v, b.maxLineChars(), Integer.MAX_VALUE - 16),
                (int) positive(file, vw + "max_ionic_steps", v, b.maxIonicSteps(), Integer.MAX_VALUE));
        return new InputLimits(
                vasp,
                positive(file, "limits.structures.max_bytes", s, d.structureMaxBytes, Long.MAX_VALUE),
                (int) positive(file, "limits.structures.max_sites", s, d.structureMaxSites, 10_000_000),
                positive(file, "limits.entries.max_bytes", section.path("entries"), d.entriesMaxBytes, Long.MAX_VALUE),
                positive(file, "limits.inbox.max_bytes", section.path("inbox"), d.inboxMaxBytes, Long.MAX_VALUE));
    }

    /** Makes these the limits of every reader in this process. */
    public void apply() {
        VaspReadLimits.configure(vaspOutputs);
        StructureFileLimits.configure(structureMaxBytes, structureMaxSites);
        EntryCsv.configureMaxBytes(entriesMaxBytes);
        InboxFiles.configureMaxBytes(inboxMaxBytes);
    }

    /** The whole number at {@code parent.<last part of key>}, 1..max; absent: {@code dflt}. */
    private static long positive(Path file, String key, JsonNode parent, long dflt, long max) {
        JsonNode n = parent.get(key.substring(key.lastIndexOf('.') + 1));
        if (n == null || n.isNull() || n.isMissingNode()) {
            return dflt;
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() < 1 || n.asLong() > max) {
            throw new ConfigurationException(file + ": '" + key + "' must be a whole number in 1.." + max + ", got '"
                    + n.asText() + "' (omit it for the built-in " + dflt + ")");
        }
        return n.asLong();
    }
}
