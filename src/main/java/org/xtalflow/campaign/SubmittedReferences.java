package org.xtalflow.campaign;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xtalflow.hpc.JobBundleDir;
import org.xtalflow.vasp.inputs.BundleManifest;

/**
 * The reference jobs a cluster holds, written down on this side as they are submitted (one small
 * file per job beside the fetched results), so that after an application stop or a crash the
 * next run takes up a job that is still queued, running or already ended instead of submitting
 * it again (a reference relaxation of an oxide costs tens of minutes of the cluster). A record
 * names the job id, its remote folder, the cluster, and the SHA-256 of the bundle's manifest.json
 * (which lists the SHA-256 of every input file): a bundle whose inputs changed since (other
 * settings, another structure) or another cluster's does not match and is submitted anew. A record
 * is removed once its job's end was taken in.
 */
final class SubmittedReferences {

    private static final Logger LOG = LoggerFactory.getLogger(SubmittedReferences.class);

    /** A job taken up again: its scheduler id and remote folder. */
    record Entry(String jobId, String remoteDir) {}

    private final Path dir;
    private final String cluster;
    private final String remoteRoot;

    /**
     * @param dir        where the records are kept
     * @param cluster    the profile's name (a record of another cluster never matches)
     * @param remoteRoot the folder every reference job's remote folder lies in; a record naming
     *                   any other folder is not taken up (its folder goes into remote commands)
     */
    SubmittedReferences(Path dir, String cluster, String remoteRoot) {
        this.dir = dir;
        this.cluster = cluster;
        this.remoteRoot = remoteRoot.endsWith("/") ? remoteRoot : remoteRoot + "/";
    }

    /** The job submitted earlier for this label with the same inputs on this cluster, if any. */
    Optional<Entry> find(String label, Path bundleDir) {
        Path file = file(label);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn(
                    "{}: not a record of a submitted reference job ({}); the reference is submitted anew",
                    file,
                    e.getMessage());
            return Optional.empty();
        }
        String jobId = p.getProperty("job_id", "");
        String remoteDir = p.getProperty("remote_dir", "");
        String inputs = inputs(bundleDir);
        boolean sameJob = cluster.equals(p.getProperty("cluster"))
                && !inputs.isEmpty()
                && inputs.equals(p.getProperty("inputs_sha256"))
                && !jobId.isEmpty()
                && jobId.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_' || c == '.')
                && remoteDir.startsWith(remoteRoot)
                && !remoteDir.contains("/../")
                && !remoteDir.contains("'");
        return sameJob ? Optional.of(new Entry(jobId, remoteDir)) : Optional.empty();
    }

    /** Records a job the scheduler accepted (written whole or not at all). */
    void put(String label, Path bundleDir, String jobId, String remoteDir) {
        Properties p = new Properties();
        p.setProperty("job_id", jobId);
        p.setProperty("remote_dir", remoteDir);
        p.setProperty("cluster", cluster);
        p.setProperty("inputs_sha256", inputs(bundleDir));
        try {
            Files.createDirectories(dir);
            StringWriter text = new StringWriter();
            p.store(text, "reference job " + label + " (xtalflow; removed when its end is taken in)");
            Path tmp = Files.createTempFile(dir, label, ".tmp");
            Files.writeString(tmp, text.toString(), StandardCharsets.UTF_8);
            Files.move(tmp, file(label), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // the job runs; only a restart while it runs would submit it a second time
            LOG.warn("reference job {} ({}) not recorded in {}: {}", label, jobId, dir, e.getMessage());
        }
    }

    /** Forgets the record of a job whose end was taken in. */
    void remove(String label) {
        try {
            Files.deleteIfExists(file(label));
        } catch (IOException e) {
            LOG.warn("{} not removed: {}; a later run may take up its ended job again", file(label), e.getMessage());
        }
    }

    private Path file(String label) {
        return dir.resolve(label + ".job");
    }

    /** SHA-256 of the bundle's manifest.json ("" when it has none: never matches a record). */
    private static String inputs(Path bundleDir) {
        Path manifest = bundleDir.resolve(JobBundleDir.MANIFEST);
        try {
            return BundleManifest.sha256(Files.readAllBytes(manifest));
        } catch (IOException e) {
            return "";
        }
    }
}
