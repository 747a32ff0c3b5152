package org.xtalflow.vasp.inputs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.compressors.z.ZCompressorInputStream;

/**
 * The user's licensed POTCAR library laid out as VASP ships it and pymatgen expects it
 * ({@code PMG_VASP_PSP_DIR}): {@code <root>/<functional dir>/<symbol>/POTCAR}, or
 * {@code POTCAR.Z} (compress) / {@code POTCAR.gz}. xtalflow never ships POTCARs.
 */
public final class PotcarLibrary {

    /** pymatgen's POTCAR_FUNCTIONAL → library sub-directory. */
    private static final Map<String, String> FUNCTIONAL_DIRS = Map.of(
            "PBE", "POT_GGA_PAW_PBE",
            "PBE_52", "POT_GGA_PAW_PBE_52",
            "PBE_54", "POT_GGA_PAW_PBE_54",
            "PBE_64", "POT_PAW_PBE_64",
            "LDA", "POT_LDA_PAW",
            "LDA_52", "POT_LDA_PAW_52",
            "LDA_54", "POT_LDA_PAW_54",
            "LDA_64", "POT_LDA_PAW_64",
            "PW91", "POT_GGA_PAW_PW91");

    private static final String[] FILE_NAMES = {"POTCAR", "POTCAR.Z", "POTCAR.gz"};

    private final Path root;

    public PotcarLibrary(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** The library sub-directory for a functional, e.g. PBE → POT_GGA_PAW_PBE. */
    public static String functionalDirectory(String functional) {
        String dir = FUNCTIONAL_DIRS.get(functional.toUpperCase(Locale.ROOT));
        if (dir == null) {
            throw new VaspInputException("unknown POTCAR functional '" + functional + "' (known: "
                    + new java.util.TreeSet<>(FUNCTIONAL_DIRS.keySet()) + ")");
        }
        return dir;
    }

    /**
     * The POTCAR for the symbols, concatenated in the given (POSCAR) order.
     *
     * @throws PotcarNotFoundException naming the first missing symbol and every path looked at
     */
    public byte[] assemble(List<String> symbols, String functional) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String symbol : symbols) {
            byte[] one = single(symbol, functional);
            out.writeBytes(one);
            if (one.length > 0 && one[one.length - 1] != '\n') {
                out.write('\n');
            }
        }
        return out.toByteArray();
    }

    /** One symbol's POTCAR, decompressed. */
    public byte[] single(String symbol, String functional) {
        if (!symbol.matches("[A-Za-z][A-Za-z0-9_.+-]*")) {
            throw new VaspInputException("malformed POTCAR symbol '" + symbol + "'");
        }
        Path dir = root.resolve(functionalDirectory(functional)).resolve(symbol);
        List<Path> searched = new ArrayList<>();
        for (String name : FILE_NAMES) {
            Path p = dir.resolve(name);
            searched.add(p);
            if (Files.isRegularFile(p)) {
                byte[] data = read(p);
                check(symbol, p, data);
                return data;
            }
        }
        throw new PotcarNotFoundException(symbol, searched);
    }

    private static byte[] read(Path p) {
        String name = p.getFileName().toString();
        try (InputStream raw = Files.newInputStream(p);
                InputStream in = name.endsWith(".gz")
                        ? new GZIPInputStream(raw)
                        : name.endsWith(".Z") ? new ZCompressorInputStream(raw) : raw) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new VaspInputException("cannot read POTCAR " + p + ": " + e.getMessage(), e);
        }
    }

    /** An empty file, or one whose header names another symbol, is refused (a mislabelled library). */
    private static void check(String symbol, Path p, byte[] data) {
        String text = new String(data, 0, Math.min(data.length, 256), StandardCharsets.US_ASCII);
        if (text.isBlank()) {
            throw new VaspInputException("POTCAR " + p + " is empty");
        }
        String[] first = text.lines().findFirst().orElse("").trim().split("\\s+");
        if (first.length >= 2 && first[0].startsWith("PAW") && !first[1].equals(symbol)) {
            throw new VaspInputException("POTCAR " + p + " is for " + first[1] + ", not " + symbol + " (first line '"
                    + String.join(" ", first) + "')");
        }
    }
}
