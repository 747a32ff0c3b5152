package org.xtalflow.gpaw;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.xtalflow.crystal.Element;
import org.xtalflow.crystal.Lattice;
import org.xtalflow.crystal.Site;
import org.xtalflow.crystal.Structure;
import org.xtalflow.crystal.io.BadInputException;

/**
 * Reads a GPAW job directory: gpaw-result.json as the job driver (templates/jobs/gpaw_relax.py)
 * writes it, or, when the driver could not write one, the exit code the job script left in
 * gpaw-exit-code (137, a SIGKILL, is read as out of memory: the OOM killer's signal; a scheduler's
 * walltime kill comes after SIGTERM, which the driver answers with a result marked walltime).
 *
 * <p>Bounded input: a result larger than {@link #MAX_BYTES} is refused. A file that is not a
 * driver result (wrong format tag, missing or non-finite numbers, unknown elements, sizes that
 * disagree) is a {@link BadInputException} naming the file and the field.
 */
public final class GpawResultReader {

    /** 16 MiB: a result of 10,000 atoms is about 2 MiB. */
    public static final long MAX_BYTES = 16L << 20;

    public static final String FORMAT_PREFIX = "xtalflow-gpaw-result/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private GpawResultReader() {}

    /** The outcome of the job whose files are in {@code jobDir}. */
    public static GpawResult readDirectory(Path jobDir) {
        Path file = jobDir.resolve(GpawBundleWriter.RESULT);
        if (Files.isRegularFile(file)) {
            return read(file);
        }
        Path exit = jobDir.resolve(GpawBundleWriter.EXIT_CODE);
        String code = "";
        if (Files.isRegularFile(exit)) {
            try {
                code = Files.readString(exit, StandardCharsets.UTF_8).trim();
            } catch (IOException e) {
                code = "unreadable (" + e.getMessage() + ")";
            }
        }
        GpawError error = code.equals("137") ? GpawError.OUT_OF_MEMORY : GpawError.NO_RESULT;
        String detail = "no " + GpawBundleWriter.RESULT + " in " + jobDir
                + (code.isEmpty()
                        ? " and no exit code (the job did not run, or was killed before it ended)"
                        : " (exit code " + code
                                + (error == GpawError.OUT_OF_MEMORY ? ": killed, most likely out of memory" : "")
                                + ")");
        return new GpawResult(
                jobDir.toString(),
                List.of(error),
                detail,
                Double.NaN,
                null,
                null,
                new double[0][],
                new double[0],
                0,
                false,
                false,
                0,
                0,
                null,
                0);
    }

    /** One gpaw-result.json. */
    public static GpawResult read(Path file) {
        String where = file.toString();
        JsonNode o;
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new BadInputException(
                        where, 0, "GPAW result of " + size + " bytes exceeds the limit of " + MAX_BYTES);
            }
            o = JSON.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new BadInputException(where, 0, "cannot read GPAW result: " + e.getMessage(), e);
        }
        if (o == null || !o.isObject() || !o.path("format").asText("").startsWith(FORMAT_PREFIX)) {
            throw new BadInputException(
                    where,
                    0,
                    "not a GPAW result of xtalflow's job driver (format '"
                            + (o == null ? "" : o.path("format").asText("")) + "', expected " + FORMAT_PREFIX + "N)");
        }
        List<GpawError> errors = new ArrayList<>();
        o.path("errors").forEach(e -> errors.add(GpawError.ofMarker(e.asText())));
        boolean statusOk = "ok".equals(o.path("status").asText());
        if (!statusOk && errors.isEmpty()) {
            errors.add(GpawError.CRASHED);
        }
        JsonNode fin = o.path("final");
        double energy = Double.NaN;
        Structure finalStructure = null;
        double[][] forces = new double[0][];
        double[] stress = new double[0];
        int scfIterations = 0;
        double magmom = 0;
        boolean scfConverged = false;
        if (fin.isObject()) {
            energy = finite(fin, "energy_ev", where);
            finalStructure = structure(fin.path("structure"), where, "final.structure");
            forces = matrix(fin.path("forces_ev_per_a"), finalStructure.size(), where, "final.forces_ev_per_a");
            if (fin.hasNonNull("stress_ev_per_a3")) {
                stress = matrix(
                        JSON.createArrayNode().add(fin.get("stress_ev_per_a3")), 1, 6, where, "final.stress_ev_per_a3")[
                        0];
            }
            scfIterations = fin.path("scf_iterations").asInt(0);
            magmom = fin.path("magnetic_moment_mu_b").asDouble(0);
            scfConverged = fin.path("scf_converged").asBoolean(false);
        } else if (statusOk) {
            throw new BadInputException(where, 0, "status ok but no 'final' block");
        }
        Structure last = o.path("last_structure").isObject()
                ? structure(o.path("last_structure"), where, "last_structure")
                : null;
        JsonNode relax = o.path("relax");
        return new GpawResult(
                where,
                errors,
                o.path("error_detail").asText(""),
                energy,
                finalStructure,
                last,
                forces,
                stress,
                relax.path("steps").asInt(0),
                relax.path("converged").asBoolean(!relax.has("steps")),
                scfConverged,
                scfIterations,
                magmom,
                parameters(o),
                o.path("wall_s").asDouble(0));
    }

    /** The entry's parameters: what a hull needs to refuse mixing engines or settings. */
    private static ObjectNode parameters(JsonNode o) {
        JsonNode s = o.path("settings");
        ObjectNode p = JSON.createObjectNode();
        p.put("engine", "gpaw");
        p.put("input_set", o.path("input_set").asText(s.path("input_set").asText("")));
        p.put(
                "settings_hash",
                o.path("settings_hash").asText(s.path("settings_hash").asText("")));
        p.put("run_type", GpawResult.RUN_TYPE);
        for (String k : List.of("xc", "setups", "ecut_ev", "kpoint_density", "spinpol")) {
            if (s.has(k)) {
                p.set(k, s.get(k));
            }
        }
        if (s.path("kpoints").has("mesh")) {
            p.set("kpoints_mesh", s.path("kpoints").get("mesh"));
        }
        if (s.has("smearing")) {
            p.set("smearing", s.get("smearing"));
        }
        if (o.has("versions")) {
            p.set("versions", o.get("versions"));
        }
        if (o.has("setups")) {
            p.set("setups_used", o.get("setups"));
        }
        p.put("mpi_ranks", o.path("mpi_ranks").asInt(1));
        return p;
    }

    private static Structure structure(JsonNode s, String where, String field) {
        if (!s.isObject()) {
            throw new BadInputException(where, 0, field + " is missing");
        }
        double[][] cell = matrix(s.path("cell_a"), 3, 3, where, field + ".cell_a");
        JsonNode species = s.path("species");
        if (!species.isArray() || species.isEmpty()) {
            throw new BadInputException(where, 0, field + ".species must be a non-empty list");
        }
        double[][] frac = matrix(s.path("frac_coords"), species.size(), 3, where, field + ".frac_coords");
        List<Site> sites = new ArrayList<>();
        for (int i = 0; i < species.size(); i++) {
            Element e = Element.bySymbolOrNull(species.get(i).asText());
            if (e == null) {
                throw new BadInputException(
                        where,
                        0,
                        field + ".species[" + i + "]: unknown element '"
                                + species.get(i).asText() + "'");
            }
            sites.add(new Site(e, frac[i]));
        }
        try {
            return new Structure(new Lattice(cell), sites);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(where, 0, field + ": " + e.getMessage(), e);
        }
    }

    private static double[][] matrix(JsonNode a, int rows, String where, String field) {
        return matrix(a, rows, 3, where, field);
    }

    private static double[][] matrix(JsonNode a, int rows, int cols, String where, String field) {
        if (!a.isArray() || a.size() != rows) {
            throw new BadInputException(where, 0, field + " must be a list of " + rows + " rows");
        }
        double[][] m = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            JsonNode r = a.get(i);
            if (!r.isArray() || r.size() != cols) {
                throw new BadInputException(where, 0, field + "[" + i + "] must hold " + cols + " numbers");
            }
            for (int j = 0; j < cols; j++) {
                if (!r.get(j).isNumber() || !Double.isFinite(r.get(j).asDouble())) {
                    throw new BadInputException(
                            where, 0, field + "[" + i + "][" + j + "] is not a finite number: " + r.get(j));
                }
                m[i][j] = r.get(j).asDouble();
            }
        }
        return m;
    }

    private static double finite(JsonNode o, String key, String where) {
        JsonNode v = o.get(key);
        if (v == null || !v.isNumber() || !Double.isFinite(v.asDouble())) {
            throw new BadInputException(where, 0, "final." + key + " is not a finite number: " + v);
        }
        return v.asDouble();
    }
}
