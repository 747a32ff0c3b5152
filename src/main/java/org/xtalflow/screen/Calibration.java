package org.xtalflow.screen;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.xtalflow.crystal.SpaceGroup;
import org.xtalflow.crystal.Structure;

/**
 * Runs the merge and every filter, each on its own, on real structures (each against its own
 * space group) and reports per filter the share that passes. Real, experimentally observed ground
 * states should pass every validity filter; the novelty filter should reject them all (they are
 * the known set) and the duplicate filter should find none of them duplicated.
 */
public final class Calibration {

    /** A real structure with the group it has. */
    public record Entry(String id, Structure structure, SpaceGroup spaceGroup) {}

    /** Counts of one filter (or of the merge). */
    public static final class Row {
        public final String name;
        public long total;
        public long passed;
        public final Map<String, Long> reasons = new TreeMap<>();
        /** id: detail of every structure that did not pass. */
        public final List<String> failures = new ArrayList<>();

        Row(String name) {
            this.name = name;
        }

        public double share() {
            return total == 0 ? 0 : (double) passed / total;
        }
    }

    private final Merger merger;
    private final Merger firstPassOnly;
    private final List<Filter> filters;

    public Calibration(Merger merger, List<Filter> filters) {
        this.merger = merger;
        this.firstPassOnly = merger.firstPassOnly();
        this.filters = filters;
    }

    public Map<String, Row> run(Iterable<Entry> entries) {
        Map<String, Row> rows = new LinkedHashMap<>();
        Row merge = new Row("merge (unchanged)");
        rows.put("merge", merge);
        for (Filter f : filters) {
            rows.put(f.name(), new Row(f.name()));
        }
        for (Entry e : entries) {
            Cell cell = Cell.of(e.structure());
            Cell merged = cell.copy();
            int removed = merger.merge(merged);
            merge.total++;
            if (removed == 0) {
                merge.passed++;
            } else {
                Cell first = cell.copy();
                boolean firstPass = firstPassOnly.merge(first) > 0;
                merge.reasons.merge(firstPass ? "merge.first_pass" : "merge.second_pass_only", 1L, Long::sum);
                merge.failures.add(e.id() + ": " + removed + " of " + cell.size() + " sites merged");
            }
            for (Filter f : filters) {
                Row row = rows.get(f.name());
                row.total++;
                Rejection r;
                try {
                    r = f.check(cell, e.spaceGroup());
                } catch (IllegalArgumentException ex) {
                    r = new Rejection(f.name() + ".cannot_check", ex.getMessage());
                }
                if (r == null) {
                    row.passed++;
                    f.accepted(cell, e.spaceGroup(), e.id());
                } else {
                    row.reasons.merge(r.code(), 1L, Long::sum);
                    row.failures.add(e.id() + " " + e.structure().composition().reducedFormula() + " ("
                            + e.spaceGroup().number() + "): " + r.detail());
                }
            }
        }
        return rows;
    }

    /** The table as text: filter, passed/total, share, reasons. */
    public static String table(Map<String, Row> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "| %-18s | %11s | %7s | %s |%n", "stage", "passed", "share", "reasons"));
        sb.append("|--------------------|-------------|---------|---------|\n");
        for (Row r : rows.values()) {
            sb.append(String.format(
                    Locale.ROOT,
                    "| %-18s | %5d/%5d | %6.2f%% | %s |%n",
                    r.name,
                    r.passed,
                    r.total,
                    100 * r.share(),
                    r.reasons.isEmpty() ? "" : r.reasons.toString()));
        }
        return sb.toString();
    }
}
