package org.xtalflow.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.xtalflow.crystal.io.BadInputException;
import org.xtalflow.report.ChartFiles;
import org.xtalflow.report.HistogramPlot;
import org.xtalflow.report.HullPlot;
import org.xtalflow.thermo.CompatibilityException;
import org.xtalflow.thermo.ComputedEntry;
import org.xtalflow.thermo.EntryCsv;
import org.xtalflow.thermo.EntryJson;
import org.xtalflow.thermo.HullAnalysis;
import org.xtalflow.thermo.HullStatistics;
import org.xtalflow.thermo.PhaseDiagram;
import org.xtalflow.thermo.ReferenceSet;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Formation energy per atom, energy above hull and decomposition of each entry, with optional
 * hull diagram and histograms. Entries: a pymatgen JSON list of ComputedEntry /
 * ComputedStructureEntry dicts, or a CSV (xtalflow's or pymatgen's EntrySet layout).
 */
@Command(
        name = "hull",
        mixinStandardHelpOptions = true,
        footer = {
            "%nExample:",
            "  bin/xtalflow hull --correction none ../shared/data/mp_reference/pd_entries_test_Li-Fe-O.csv"
        },
        description = {
            "Formation energy per atom (eV/atom), e_above_hull (eV/atom) and decomposition of each entry, "
                    + "as pymatgen's PhaseDiagram computes them.",
            "Elements without an elemental entry in ENTRIES take the bundled MP 2023-02-07 references (or --references)."
        })
public final class HullCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "ENTRIES", description = "pymatgen JSON list of entries, or CSV")
    Path entriesFile;

    @Option(
            names = "--correction",
            defaultValue = "mp2020",
            paramLabel = "mp2020|none",
            description = "Energy corrections: mp2020 (MaterialsProject2020Compatibility; refuses non-MP runs) "
                    + "or none (energies used as given; GGA mixed with GGA+U is refused). Default: ${DEFAULT-VALUE}.")
    String correction;

    @Option(
            names = "--references",
            paramLabel = "FILE|bundled",
            description = {
                "Reference phases (JSON or CSV; elements and competing compounds) instead of the bundled MP 2023-02-07 "
                        + "elemental set. Repeatable; 'bundled' names the bundled set (e.g. --references bundled --references mp-compounds.json).",
                "Compounds inside the entries' chemical system join the hull; with mp2020 those carrying a run type are corrected, "
                        + "others are taken as final."
            })
    List<Path> references;

    @Option(names = "--json", description = "One JSON document instead of the table.")
    boolean json;

    @Option(
            names = "--plot",
            paramLabel = "hull.png|hull.svg",
            description =
                    "Draw the binary, ternary or quaternary (tetrahedron) hull diagram, candidates coloured by e_above_hull.")
    Path plot;

    @Option(
            names = "--histograms",
            paramLabel = "DIR",
            description = "Write histograms of E_f and E_hull (PNG and SVG) into DIR.")
    Path histograms;

    @Option(
            names = "--write-entries",
            paramLabel = "FILE",
            description = "Write the entries as used (corrected) to FILE: .json (pymatgen) or .csv.")
    Path writeEntries;

    @Option(
            names = "--distinct",
            description = "Drop exact duplicate entries first (same id, composition, energy, corrections, parameters), "
                    + "as pymatgen's EntrySet.from_csv; the count dropped goes to stderr.")
    boolean distinct;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        HullAnalysis.Correction corr;
        switch (correction.toLowerCase(Locale.ROOT)) {
            case "mp2020" -> corr = HullAnalysis.Correction.MP2020;
            case "none" -> corr = HullAnalysis.Correction.NONE;
            default -> {
                err.println("error: --correction must be mp2020 or none, got " + correction);
                return Main.EXIT_USAGE;
            }
        }
        if (plot != null && !ChartFiles.supported(plot)) {
            err.println("error: --plot must name a .png or .svg file, got " + plot);
            return Main.EXIT_USAGE;
        }
        HullAnalysis.Result result;
        try {
            List<ComputedEntry> entries = EntryCsv.readAny(entriesFile);
            if (entries.isEmpty()) {
                err.println("error: " + entriesFile + ": no entries");
                return Main.EXIT_INPUT_FAILED;
            }
            if (distinct) {
                int before = entries.size();
                entries = ComputedEntry.distinct(entries);
                err.println(entriesFile + ": " + entries.size() + " distinct entries of " + before);
            }
            ReferenceSet refs = ReferenceSet.loadAll(references == null ? List.of() : references);
            result = new HullAnalysis(corr, refs).analyze(entries);
        } catch (BadInputException | IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return Main.EXIT_INPUT_FAILED;
        }
        HullStatistics stats = result.statistics();
        if (json) {
            out.println(toJson(result, stats, corr));
        } else {
            printTable(out, result, stats);
        }
        for (CompatibilityException r : result.refused()) {
            err.println("refused: " + r.getMessage());
        }
        for (CompatibilityException r : result.referencesRefused()) {
            err.println("reference left out: " + r.getMessage());
        }
        try {
            if (plot != null) {
                List<HullPlot.Candidate> cands = new ArrayList<>();
                result.rows()
                        .forEach(r -> cands.add(
                                new HullPlot.Candidate(r.corrected(), r.hull().eAboveHull())));
                HullPlot.write(result.phaseDiagram(), cands, plot);
                err.println("wrote " + plot);
            }
            if (histograms != null) {
                for (Path p : HistogramPlot.writeAll(stats, histograms)) {
                    err.println("wrote " + p);
                }
            }
            if (writeEntries != null) {
                List<ComputedEntry> used = new ArrayList<>();
                result.rows().forEach(r -> used.add(r.corrected()));
                if (writeEntries.toString().toLowerCase(Locale.ROOT).endsWith(".csv")) {
                    EntryCsv.write(used, writeEntries);
                } else {
                    EntryJson.write(used, writeEntries);
                }
                err.println("wrote " + writeEntries);
            }
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return Main.EXIT_INPUT_FAILED;
        } catch (IOException e) {
            err.println("error: cannot write output: " + e.getMessage());
            return Main.EXIT_INPUT_FAILED;
        }
        out.flush();
        err.flush();
        return result.refused().isEmpty() ? Main.EXIT_OK : Main.EXIT_INPUT_FAILED;
    }

    static String decompositionText(Map<ComputedEntry, Double> dec) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<ComputedEntry, Double> e : dec.entrySet()) {
            if (sb.length() > 0) {
                sb.append(" + ");
            }
            sb.append(String.format(
                    Locale.ROOT, "%.6f %s", e.getValue(), e.getKey().name()));
        }
        return sb.toString();
    }

    private static void printTable(PrintWriter out, HullAnalysis.Result r, HullStatistics st) {
        PhaseDiagram pd = r.phaseDiagram();
        // "stable phases" counts hull vertices (one entry per composition, as pymatgen's stable_entries);
        // "on hull" below counts entries at E_hull = 0, which includes entries that tie a vertex's energy
        out.printf(
                Locale.ROOT,
                "%s: %d entries, %d stable phases (hull vertices)%n",
                pd.chemicalSystem(),
                r.rows().size(),
                pd.stableEntries().size());
        for (ComputedEntry ref : r.referencesAdded()) {
            out.printf(
                    Locale.ROOT,
                    "reference %s: %s %.6f eV/atom (added)%n",
                    ref.composition().elements().get(0).symbol(),
                    ref.entryId() == null ? "" : ref.entryId(),
                    ref.energyPerAtom());
        }
        if (!r.competingAdded().isEmpty()) {
            List<String> onHull = new ArrayList<>();
            r.competingAdded().stream()
                    .filter(pd::isStable)
                    .forEach(c -> onHull.add(c.name() + (c.entryId() == null ? "" : " (" + c.entryId() + ")")));
            out.printf(
                    Locale.ROOT,
                    "competing compounds from the references: %d; on the hull: %s%n",
                    r.competingAdded().size(),
                    onHull.isEmpty() ? "none" : String.join(", ", onHull));
        }
        out.printf(
                Locale.ROOT,
                "%-20s %-14s %12s %12s %12s %12s %-6s  %s%n",
                "entry_id",
                "formula",
                "E_corr_eV",
                "E_f_eV/at",
                "E_hull_eV/at",
                "hull_E_f",
                "stable",
                "decomposition");
        for (HullAnalysis.Row row : r.rows()) {
            ComputedEntry e = row.corrected();
            out.printf(
                    Locale.ROOT,
                    "%-20s %-14s %12.6f %12.6f %12.6f %12.6f %-6s  %s%n",
                    e.entryId() == null ? "-" : e.entryId(),
                    e.name(),
                    e.correction(),
                    row.hull().formationEnergyPerAtom(),
                    row.hull().eAboveHull(),
                    row.hull().hullEnergyPerAtom(),
                    row.stable() ? "yes" : row.hull().eAboveHull() <= HullStatistics.ON_HULL_TOL ? "tie" : "no",
                    decompositionText(row.hull().decomposition()));
        }
        long vertices = r.rows().stream().filter(HullAnalysis.Row::stable).count();
        long ties = st.onHull() - vertices;
        out.printf(
                Locale.ROOT,
                "E_f < 0: %d/%d (%.1f%%); entries on hull: %d (%.1f%%%s); E_hull < 0.1: %d (%.1f%%); E_hull < 0.25: %d (%.1f%%)%n",
                st.formationBelow0(),
                st.count(),
                100 * st.share(st.formationBelow0()),
                st.onHull(),
                100 * st.share(st.onHull()),
                ties > 0
                        ? String.format(
                                Locale.ROOT,
                                ": the %d stable phases and %d %s tying a stable phase's energy",
                                vertices,
                                ties,
                                ties == 1 ? "entry" : "entries")
                        : "",
                st.hullBelow0p1(),
                100 * st.share(st.hullBelow0p1()),
                st.hullBelow0p25(),
                100 * st.share(st.hullBelow0p25()));
    }

    private static ObjectNode toJson(HullAnalysis.Result r, HullStatistics st, HullAnalysis.Correction corr) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode o = f.objectNode();
        PhaseDiagram pd = r.phaseDiagram();
        o.put("chemical_system", pd.chemicalSystem());
        o.put("correction", corr.name().toLowerCase(Locale.ROOT));
        ObjectNode refs = o.putObject("references");
        pd.references().forEach((el, e) -> {
            ObjectNode x = refs.putObject(el.symbol());
            x.put("entry_id", e.entryId());
            x.put("energy_per_atom", e.energyPerAtom());
            x.put("added", r.referencesAdded().contains(e));
        });
        ArrayNode competing = o.putArray("competing_compounds");
        for (ComputedEntry c : r.competingAdded()) {
            ObjectNode x = competing.addObject();
            x.put("entry_id", c.entryId());
            x.put("formula", c.name());
            x.put("energy_per_atom", c.energyPerAtom());
            x.put("is_stable", pd.isStable(c));
        }
        ArrayNode stable = o.putArray("stable");
        pd.stableEntries().forEach(e -> stable.add(e.name()));
        ArrayNode rows = o.putArray("entries");
        for (HullAnalysis.Row row : r.rows()) {
            ComputedEntry e = row.corrected();
            ObjectNode x = rows.addObject();
            x.put("entry_id", e.entryId());
            x.put("formula", e.name());
            x.put("composition", e.composition().formula());
            x.put("uncorrected_energy", e.uncorrectedEnergy());
            x.put("correction", e.correction());
            x.put("energy_per_atom", e.energyPerAtom());
            x.put("formation_energy_per_atom", row.hull().formationEnergyPerAtom());
            x.put("e_above_hull", row.hull().eAboveHull());
            x.put("is_stable", row.stable());
            ArrayNode dec = x.putArray("decomposition");
            row.hull().decomposition().forEach((d, amt) -> {
                ObjectNode y = dec.addObject();
                y.put("entry_id", d.entryId());
                y.put("formula", d.name());
                y.put("amount", amt);
            });
        }
        ArrayNode refused = o.putArray("refused");
        for (CompatibilityException ex : r.refused()) {
            ObjectNode x = refused.addObject();
            x.put("entry_id", ex.entry().entryId());
            x.put("formula", ex.entry().name());
            x.put("reason", ex.getMessage());
        }
        ObjectNode s = o.putObject("statistics");
        s.put("count", st.count());
        s.put("formation_energy_below_0", st.formationBelow0());
        s.put("on_hull", st.onHull());
        s.put("e_above_hull_below_0.1", st.hullBelow0p1());
        s.put("e_above_hull_below_0.25", st.hullBelow0p25());
        s.put("share_formation_energy_below_0", st.share(st.formationBelow0()));
        s.put("share_on_hull", st.share(st.onHull()));
        s.put("share_e_above_hull_below_0.1", st.share(st.hullBelow0p1()));
        s.put("share_e_above_hull_below_0.25", st.share(st.hullBelow0p25()));
        return o;
    }
}
