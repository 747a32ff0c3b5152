package org.xtalflow.hpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.xtalflow.crystal.io.BadInputException;

/**
 * A prepared VASP job bundle as the HPC stage sees it: a folder with {@code manifest.json}
 * (carrying {@code "candidate_id"}, optionally {@code "job_script"}) and the job script
 * (default {@code job.sh}); the packed archive is {@code bundle.tar.gz} in the folder when the
 * preparation stage made one, else {@link BundlePacker} makes it.
 *
 * @param dir the bundle folder
 * @param candidateId the candidate id from the manifest
 * @param jobScript the job script's file name inside the bundle
 */
public record JobBundleDir(Path dir, String candidateId, String jobScript) {

    public static final String MANIFEST = "manifest.json";
    public static final String ARCHIVE = "bundle.tar.gz";
    /**
     * A retried job's scheduler options over the cluster profile's ({@code {"time": "02:00:00"}}:
     * sbatch --NAME=VALUE, qsub -l NAME=VALUE), written by the campaign's retry; absent: none.
     */
    public static final String RESOURCES = "xtalflow-resources.json";

    /** Reads and checks a bundle folder; bad bundles raise BadInputException naming the file. */
    public static JobBundleDir read(Path dir) {
        Path manifest = dir.resolve(MANIFEST);
        if (!Files.isDirectory(dir)) throw new BadInputException(dir.toString(), 0, "not a bundle folder");
        if (!Files.isRegularFile(manifest))
            throw new BadInputException(manifest.toString(), 0, "missing manifest.json");
        JsonNode m;
        try {
            m = new ObjectMapper().readTree(manifest.toFile());
        } catch (IOException e) {
            throw new BadInputException(manifest.toString(), 0, "not valid JSON: " + e.getMessage());
        }
        String id = m == null ? null : m.path("candidate_id").asText(null);
        if (id == null || !id.matches("[A-Za-z0-9._-]{1,120}")) {
            throw new BadInputException(
                    manifest.toString(), 0, "\"candidate_id\" missing or not a safe name ([A-Za-z0-9._-]): " + id);
        }
        String script = m.path("job_script").asText("job.sh");
        if (!script.matches("[A-Za-z0-9._-]{1,120}") || script.startsWith(".")) {
            throw new BadInputException(manifest.toString(), 0, "\"job_script\" is not a plain file name: " + script);
        }
        if (!Files.isRegularFile(dir.resolve(script))) {
            throw new BadInputException(dir.resolve(script).toString(), 0, "job script named in the bundle is missing");
        }
        return new JobBundleDir(dir, id, script);
    }

    /**
     * The bundle's scheduler options ({@link #RESOURCES}), name → value; empty when it has none.
     * A file that is not a flat JSON object of plain names raises BadInputException naming it.
     */
    public java.util.Map<String, String> schedulerOptions() {
        Path f = dir.resolve(RESOURCES);
        if (!Files.isRegularFile(f)) return java.util.Map.of();
        JsonNode m;
        try {
            m = new ObjectMapper().readTree(f.toFile());
        } catch (IOException e) {
            throw new BadInputException(f.toString(), 0, "not valid JSON: " + e.getMessage());
        }
        if (m == null || !m.isObject()) throw new BadInputException(f.toString(), 0, "not a JSON object");
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        for (var e : m.properties()) {
            if (!e.getKey().matches("[a-z][a-z0-9_-]{0,40}") || !e.getValue().isValueNode()) {
                throw new BadInputException(
                        f.toString(), 0, "scheduler option '" + e.getKey() + "' is not a plain name with a value");
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    /** The bundle's own {@code bundle.tar.gz}, or null when the preparation stage made none. */
    public Path packedArchive() {
        Path a = dir.resolve(ARCHIVE);
        return Files.isRegularFile(a) ? a : null;
    }

    /**
     * The archive to upload: the bundle's own, else a temporary one packed by {@link BundlePacker}
     * (the caller deletes it when {@link #packedArchive()} is null).
     */
    public Path archive() {
        Path a = packedArchive();
        if (a != null) return a;
        try {
            return BundlePacker.pack(dir, Files.createTempFile("xtalflow-" + candidateId + "-", ".tar.gz"));
        } catch (IOException e) {
            throw new HpcException("cannot create a temporary archive for bundle " + dir + ": " + e.getMessage(), e);
        }
    }
}
