package org.xtalflow.crystal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One of the 230 space groups in the setting used by pymatgen, spglib's standardization and the
 * Materials Project (data: resources/xtalflow/spacegroups/spacegroups.json). Operations include
 * centring translations, so they generate the conventional cell.
 */
public final class SpaceGroup {

    private static final SpaceGroup[] BY_NUMBER = new SpaceGroup[231];
    private static final Map<String, SpaceGroup> BY_SYMBOL = new HashMap<>();

    static {
        try (InputStream in = SpaceGroup.class.getResourceAsStream("/xtalflow/spacegroups/spacegroups.json")) {
            if (in == null) {
                throw new IOException("missing resource /xtalflow/spacegroups/spacegroups.json");
            }
            JsonNode groups = new ObjectMapper().readTree(in).get("groups");
            for (JsonNode g : groups) {
                List<SymOp> ops = new ArrayList<>();
                for (JsonNode a : g.get("ops_affine")) {
                    double[][] aff = new double[4][4];
                    for (int i = 0; i < 4; i++) {
                        for (int j = 0; j < 4; j++) {
                            aff[i][j] = a.get(i).get(j).asDouble();
                        }
                    }
                    ops.add(SymOp.fromAffine(aff));
                }
                SpaceGroup sg = new SpaceGroup(
                        g.get("number").asInt(),
                        g.get("international_short").asText(),
                        g.get("international_full").asText(),
                        g.get("symbol").asText(),
                        g.get("full_symbol").asText(),
                        g.get("crystal_system").asText(),
                        g.get("point_group").asText(),
                        g.get("hall_symbol").asText(),
                        Collections.unmodifiableList(ops));
                BY_NUMBER[sg.number] = sg;
            }
            // Register spellings; the first registration wins so canonical symbols are never shadowed.
            for (int n = 1; n <= 230; n++) {
                SpaceGroup sg = BY_NUMBER[n];
                register(sg.symbol, sg);
                register(sg.pymatgenSymbol, sg);
            }
            for (int n = 1; n <= 230; n++) {
                SpaceGroup sg = BY_NUMBER[n];
                register(sg.fullSymbol, sg);
                register(sg.pymatgenFullSymbol, sg);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled space-group table", e);
        }
    }

    private static void register(String spelling, SpaceGroup sg) {
        String key = normalize(spelling);
        BY_SYMBOL.putIfAbsent(key, sg);
        BY_SYMBOL.putIfAbsent(key.replace("_", ""), sg);
    }

    /**
     * Canonical lookup key: no spaces, '#' read as '/', trailing setting marks (":H", ":1", ":2",
     * the 'H' of pymatgen's "R-3mH") removed.
     */
    static String normalize(String symbol) {
        String s = symbol.trim()
                .replace(" ", "")
                .replace("#", "/")
                .replace("'", "")
                .replace("\"", "");
        int colon = s.indexOf(':');
        if (colon >= 0) {
            s = s.substring(0, colon);
        }
        if (s.startsWith("R") && (s.endsWith("H") || s.endsWith("h"))) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    private final int number;
    private final String symbol;
    private final String fullSymbol;
    private final String pymatgenSymbol;
    private final String pymatgenFullSymbol;
    private final String crystalSystem;
    private final String pointGroup;
    private final String hallSymbol;
    private final List<SymOp> operations;

    private SpaceGroup(
            int number,
            String symbol,
            String fullSymbol,
            String pymatgenSymbol,
            String pymatgenFullSymbol,
            String crystalSystem,
            String pointGroup,
            String hallSymbol,
            List<SymOp> operations) {
        this.number = number;
        this.symbol = symbol;
        this.fullSymbol = fullSymbol;
        this.pymatgenSymbol = pymatgenSymbol;
        this.pymatgenFullSymbol = pymatgenFullSymbol;
        this.crystalSystem = crystalSystem;
        this.pointGroup = pointGroup;
        this.hallSymbol = hallSymbol;
        this.operations = operations;
    }

    /** The group with ITA number 1..230. */
    public static SpaceGroup of(int number) {
        if (number < 1 || number > 230) {
            throw new IllegalArgumentException("space-group number must be 1..230, got " + number);
        }
        return BY_NUMBER[number];
    }

    /**
     * Looks a group up by Hermann-Mauguin symbol in the spellings users and PGCGM use ("P6_3/mmc",
     * "P63/mmc", "P 63/m m c", "Fm-3m", "R-3mH", "P6_3#mmc") or by number given as text ("225").
     */
    public static Optional<SpaceGroup> find(String symbolOrNumber) {
        if (symbolOrNumber == null || symbolOrNumber.isBlank()) {
            return Optional.empty();
        }
        String s = symbolOrNumber.trim();
        if (s.chars().allMatch(Character::isDigit)) {
            if (s.length() > 9) {
                return Optional.empty(); // beyond int: no group number (found by fuzzing: a NumberFormatException)
            }
            int n = Integer.parseInt(s);
            return n >= 1 && n <= 230 ? Optional.of(BY_NUMBER[n]) : Optional.empty();
        }
        String key = normalize(s);
        SpaceGroup sg = BY_SYMBOL.get(key);
        if (sg == null) {
            sg = BY_SYMBOL.get(key.replace("_", ""));
        }
        return Optional.ofNullable(sg);
    }

    /** As {@link #find} but throws IllegalArgumentException naming the symbol. */
    public static SpaceGroup of(String symbolOrNumber) {
        return find(symbolOrNumber)
                .orElseThrow(() -> new IllegalArgumentException("unknown space group '" + symbolOrNumber + "'"));
    }

    public int number() {
        return number;
    }
    /** Short international symbol as spglib writes it, e.g. "P6_3/mmc". */
    public String symbol() {
        return symbol;
    }

    public String fullSymbol() {
        return fullSymbol;
    }
    /** pymatgen's symbol for the same setting, e.g. "R-3mH". */
    public String pymatgenSymbol() {
        return pymatgenSymbol;
    }
    /** "triclinic", "monoclinic", "orthorhombic", "tetragonal", "trigonal", "hexagonal" or "cubic". */
    public String crystalSystem() {
        return crystalSystem;
    }

    public String pointGroup() {
        return pointGroup;
    }

    public String hallSymbol() {
        return hallSymbol;
    }
    /** All operations of the conventional cell, centring included. */
    public List<SymOp> operations() {
        return operations;
    }

    /** True for groups whose conventional cell is hexagonal-axes (trigonal and hexagonal systems). */
    public boolean isHexagonalAxes() {
        return crystalSystem.equals("hexagonal") || crystalSystem.equals("trigonal");
    }

    @Override
    public String toString() {
        return symbol + " (" + number + ")";
    }
}
