package org.xtalflow.gpaw;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.xtalflow.crystal.io.Poscar;
import org.xtalflow.vasp.inputs.BundleManifest;

/**
 * A GPAW job bundle between attempts: the corrections of {@link GpawCorrections} applied in place to
 * a copy of the failed attempt's bundle. POSCAR becomes the last geometry the job reached,
 * gpaw-settings.json gets the "scf" and "relax" changes under the physics lock ({@link
 * #correctedSettings}), the manifest's file hashes follow, and the correction is appended to
 * {@value #LOG} ({@code attempt<TAB>errors<TAB>actions}, the VASP bundles' format), so a bundle says
 * how it came to be.
 */
public final class GpawNextAttempt {

    public static final String LOG = "xtalflow-corrections.log";
    /** A retried job's walltime in seconds, read by the job script for the driver's deadline (gpaw-run.sh). */
    public static final String WALLTIME_FILE = "xtalflow-walltime-s";
    /** The gpaw-settings.json keys a correction may change; everything else is the run's physics or bookkeeping. */
    public static final List<String> CORRECTABLE = List.of("scf", "relax");
    /** gpaw-settings.json's physics: the input set's {@link GpawInputSet#LOCKED} keys as one job sees them. */
    static final List<String> LOCKED_SETTINGS = List.of(
            "xc",
            "setups",
            "ecut_ev",
            "kpoint_density",
            "kpoints",
            "smearing",
            "spinpol",
            "initial_magmoms_by_element",
            "settings_hash");

    private static final ObjectMapper JSON = new ObjectMapper();

    private GpawNextAttempt() {}

    /**
     * Applies the plan to {@code bundle} (a copy of the failed attempt's bundle).
     *
     * @param failed  the failed attempt's result (its last geometry)
     * @param attempt the failed attempt's number
     * @throws GpawException when the plan would change a locked setting (naming it)
     */
    public static void apply(Path bundle, GpawResult failed, GpawCorrections plan, int attempt) {
        try {
            Path settingsFile = bundle.resolve(GpawJobSettings.FILE_NAME);
            ObjectNode settings = (ObjectNode) JSON.readTree(settingsFile.toFile());
            ObjectNode next = correctedSettings(settings, plan.overrides());
            Map<String, byte[]> changed = new HashMap<>();
            changed.put(
                    GpawJobSettings.FILE_NAME,
                    new GpawJobSettings(
                                    next.path("input_set").asText(),
                                    next.path("settings_hash").asText(),
                                    0,
                                    new int[0],
                                    next.path("spinpol").asBoolean(),
                                    next)
                            .toJson());
            BundleManifest manifest = BundleManifest.read(bundle.resolve(BundleManifest.FILE_NAME));
            if (plan.restart() && failed.lastStructure() != null) {
                if (!sameSites(bundle, failed)) {
                    throw new GpawException("the last geometry of " + failed.source() + " has other sites than "
                            + bundle.resolve("POSCAR") + "; not restarting from it");
                }
                changed.put(
                        "POSCAR",
                        new Poscar(manifest.candidateId(), failed.lastStructure(), null)
                                .toText()
                                .getBytes(StandardCharsets.UTF_8));
            }
            Map<String, String> hashes = new HashMap<>(manifest.files());
            for (Map.Entry<String, byte[]> e : changed.entrySet()) {
                Files.write(bundle.resolve(e.getKey()), e.getValue());
                hashes.put(e.getKey(), BundleManifest.sha256(e.getValue()));
            }
            Files.write(
                    bundle.resolve(BundleManifest.FILE_NAME),
                    new BundleManifest(
                                    manifest.candidateId(),
                                    manifest.inputSet(),
                                    manifest.scheduler(),
                                    manifest.potcarFunctional(),
                                    manifest.potcarSymbols(),
                                    manifest.potcarMode(),
                                    hashes)
                            .toJson());
            Files.writeString(
                    bundle.resolve(LOG),
                    attempt + "\t"
                            + String.join(
                                    ",",
                                    failed.errors().stream()
                                            .map(GpawError::marker)
                                            .toList())
                            + "\t" + String.join("; ", plan.actions()) + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException | ClassCastException e) {
            throw new UncheckedIOException(
                    "cannot prepare the next GPAW attempt in " + bundle + ": " + e.getMessage(),
                    e instanceof IOException io ? io : new IOException(e));
        }
    }

    /**
     * Writes the next job's walltime for the driver's deadline (the scheduler gets it as an option).
     *
     * @param walltime HH:MM:SS or D-HH:MM:SS
     */
    public static void walltime(Path bundle, String walltime) {
        long seconds;
        try {
            seconds = GpawBundleWriter.walltimeSeconds(walltime);
        } catch (RuntimeException e) {
            throw new GpawException("walltime '" + walltime + "' for " + bundle + " is not [D-]HH:MM:SS");
        }
        try {
            Files.writeString(bundle.resolve(WALLTIME_FILE), seconds + "\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + bundle.resolve(WALLTIME_FILE) + ": " + e.getMessage(), e);
        }
    }

    /**
     * A job's settings with a correction's changes, merged key by key. Only {@link #CORRECTABLE} keys
     * may change: a change to the physics ({@link GpawInputSet#LOCKED}, the k-mesh, spin, moments,
     * the settings hash) is refused like the VASP physics lock, and the message names the key.
     *
     * @throws GpawException naming the locked or unknown key
     */
    public static ObjectNode correctedSettings(ObjectNode settings, Map<String, ?> overrides) {
        ObjectNode change = JSON.valueToTree(overrides);
        for (Iterator<String> it = change.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (CORRECTABLE.contains(k)) {
                continue;
            }
            if (LOCKED_SETTINGS.contains(k) || GpawInputSet.LOCKED.contains(k)) {
                throw new GpawException("GPAW correction refused: '" + k + "' is locked (it sets the energy scale; "
                        + "the retried energy would not be comparable with the references): " + overrides);
            }
            throw new GpawException("GPAW correction refused: '" + k + "' is not a setting a correction may change "
                    + "(only " + CORRECTABLE + "): " + overrides);
        }
        ObjectNode next = settings.deepCopy();
        GpawInputSet.merge(next, change);
        for (String k : LOCKED_SETTINGS) {
            if (!java.util.Objects.equals(settings.get(k), next.get(k))) {
                throw new GpawException("GPAW correction refused: it would change the locked '" + k + "'");
            }
        }
        return next;
    }

    private static boolean sameSites(Path bundle, GpawResult failed) throws IOException {
        Path poscar = bundle.resolve("POSCAR");
        if (!Files.isRegularFile(poscar)) {
            return false;
        }
        var first = Poscar.read(poscar).structure();
        return first.size() == failed.lastStructure().size()
                && first.composition().equals(failed.lastStructure().composition());
    }
}
