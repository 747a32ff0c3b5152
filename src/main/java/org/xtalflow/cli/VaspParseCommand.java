package org.xtalflow.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import org.xtalflow.crystal.io.BadInputException;
import org.xtalflow.vasp.outputs.Oszicar;
import org.xtalflow.vasp.outputs.Outcar;
import org.xtalflow.vasp.outputs.VaspOutputKind;
import org.xtalflow.vasp.outputs.Vasprun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Summarises VASP output files (vasprun.xml[.gz], OUTCAR[.gz], OSZICAR): energies, convergence,
 * formula, run type. The kind is told from the name, else from the content. A file that fails is
 * reported and the others go on; the exit code is 1 if any failed.
 */
@Command(
        name = "parse",
        mixinStandardHelpOptions = true,
        footer = {"%nExample:", "  bin/xtalflow vasp parse --json ../shared/data/vasp_outputs/outputs/OUTCAR.gz"},
        description = "Read vasprun.xml(.gz), OUTCAR(.gz) or OSZICAR files: final energy (eV, pymatgen's "
                + "sigma->0 convention), steps, convergence, formula, run type, U values, Fermi energy.")
public final class VaspParseCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "vasprun.xml[.gz], OUTCAR[.gz] or OSZICAR files")
    List<Path> files;

    @Option(
            names = "--lenient",
            description = "Read a truncated vasprun.xml up to its last complete ionic step "
                    + "(the result says \"complete\": false) instead of failing.")
    boolean lenient;

    @Option(names = "--json", description = "One JSON object per line and file.")
    boolean json;

    @Option(names = "--kind", description = "Force the file kind: ${COMPLETION-CANDIDATES} (default: detect).")
    VaspOutputKind kind;

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public Integer call() {
        PrintStream out = System.out;
        int failed = 0;
        for (Path f : files) {
            try {
                VaspOutputKind k = kind != null ? kind : VaspOutputKind.detect(f);
                ObjectNode o = switch (k) {
                    case VASPRUN -> vasprun(f, Vasprun.read(f, lenient));
                    case OUTCAR -> outcar(f, Outcar.read(f));
                    case OSZICAR -> oszicar(f, Oszicar.read(f));
                };
                out.println(json ? o.toString() : text(o));
            } catch (BadInputException e) {
                failed++;
                InputErrors.report(out, json, f, e);
            }
        }
        return failed == 0 ? Main.EXIT_OK : Main.EXIT_INPUT_FAILED;
    }

    static ObjectNode vasprun(Path f, Vasprun v) {
        ObjectNode o = JSON.createObjectNode();
        o.put("file", f.toString());
        o.put("kind", "vasprun");
        o.put("vasp_version", v.vaspVersion());
        o.put("complete", v.isComplete());
        num(o, "final_energy", v.finalEnergy());
        num(o, "final_energy_per_atom", v.finalEnergyPerAtom());
        num(o, "e_fr_energy", v.eFrEnergy());
        num(o, "e_wo_entrp", v.eWoEntrp());
        num(o, "e_0_energy", v.e0EnergyRaw());
        o.put("n_ionic_steps", v.nIonicSteps());
        o.put("n_electronic_steps", v.nElectronicSteps());
        o.put("n_electronic_steps_last_ionic", v.nElectronicStepsLastIonic());
        o.put("converged_electronic", v.isConvergedElectronic());
        o.put("converged_ionic", v.isConvergedIonic());
        o.put("converged", v.isConverged());
        o.put("formula", v.reducedFormula());
        o.put("full_formula", v.composition().formula());
        o.put("nsites", v.nsites());
        num(o, "volume", v.finalStructure().volume());
        num(o, "efermi", v.efermi());
        o.put("is_spin", v.isSpin());
        v.bandEdges().ifPresent(b -> {
            num(o, "band_gap", b.gap());
            num(o, "cbm", b.cbm());
            num(o, "vbm", b.vbm());
            o.put("is_gap_direct", b.isDirect());
        });
        v.totalDos().ifPresent(d -> {
            num(o, "dos_gap", d.gap());
            num(o, "spin_polarization", d.spinPolarization());
        });
        o.put("run_type", v.runType());
        o.put("is_hubbard", v.isHubbard());
        ObjectNode h = o.putObject("hubbards");
        v.hubbards().forEach(h::put);
        ArrayNode p = o.putArray("potcar_symbols");
        v.potcarSymbols().forEach(p::add);
        o.put("entry_id", v.defaultEntryId()); // pymatgen's get_computed_entry() default
        ArrayNode ps = o.putArray("potcar_spec"); // pymatgen's: hash null when no POTCAR sits beside the file
        v.potcarSpec().forEach(x -> ps.addObject().put("titel", x.titel()).put("hash", x.hash()));
        ArrayNode e = o.putArray("ionic_energies");
        v.ionicSteps().forEach(s -> {
            if (Double.isFinite(s.energy())) {
                e.add(s.energy());
            } else {
                e.addNull();
            }
        });
        if (!v.warnings().isEmpty()) {
            ArrayNode w = o.putArray("warnings");
            v.warnings().forEach(w::add);
        }
        return o;
    }

    static ObjectNode outcar(Path f, Outcar c) {
        ObjectNode o = JSON.createObjectNode();
        o.put("file", f.toString());
        o.put("kind", "outcar");
        o.put("vasp_version", c.vaspVersion());
        num(o, "final_energy", c.finalEnergy());
        num(o, "energy_without_entropy", c.finalEnergyWoEntrp());
        num(o, "free_energy", c.finalFrEnergy());
        o.put("n_ionic_steps", c.nIonicSteps());
        num(o, "efermi", c.efermi());
        num(o, "nelect", c.nelect());
        num(o, "nelect_tag", c.nelectTag());
        num(o, "total_magnetization", c.totalMagnetization());
        if (c.nions() > 0) {
            o.put("nsites", c.nions());
            num(o, "final_energy_per_atom", c.finalEnergy() / c.nions());
        }
        o.put("nbands", c.nbands());
        o.put("stopped", c.isStopped());
        o.put("finished", c.isFinished());
        o.put("reached_required_accuracy", c.reachedRequiredAccuracy());
        ObjectNode rs = o.putObject("run_stats");
        c.runStats().forEach((k, val) -> {
            if (val == null) {
                rs.putNull(k);
            } else {
                rs.put(k, val);
            }
        });
        if (c.cores() != null) {
            rs.put("cores", c.cores());
        }
        return o;
    }

    static ObjectNode oszicar(Path f, Oszicar z) {
        ObjectNode o = JSON.createObjectNode();
        o.put("file", f.toString());
        o.put("kind", "oszicar");
        num(o, "final_energy", z.finalEnergy());
        num(o, "free_energy", z.finalFreeEnergy());
        num(o, "total_magnetization", z.finalMagnetization());
        o.put("n_ionic_steps", z.nIonicSteps());
        o.put(
                "n_electronic_steps",
                z.electronicStepCounts().stream().mapToInt(Integer::intValue).sum());
        return o;
    }

    private static void num(ObjectNode o, String k, double v) {
        if (Double.isFinite(v)) {
            o.put(k, v);
        } else {
            o.putNull(k); // JSON has no NaN: missing or overflowed
        }
    }

    private static void num(ObjectNode o, String k, OptionalDouble v) {
        num(o, k, v.isPresent() ? v.getAsDouble() : Double.NaN);
    }

    /** A readable one-per-line summary of the JSON fields (ionic energies left out). */
    private static String text(ObjectNode o) {
        StringBuilder sb = new StringBuilder(o.get("file").asText()).append('\n');
        o.properties().iterator().forEachRemaining((Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> e) -> {
            if (e.getKey().equals("file") || e.getKey().equals("ionic_energies")) {
                return;
            }
            sb.append(String.format(Locale.ROOT, "  %-30s %s%n", e.getKey(), e.getValue()));
        });
        return sb.toString().stripTrailing();
    }
}
