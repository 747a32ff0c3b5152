package org.xtalflow.campaign;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.xtalflow.config.BatchSystem;
import org.xtalflow.config.JobResources;
import org.xtalflow.hpc.ClusterProfile;
import org.xtalflow.hpc.JobBundleDir;
import org.xtalflow.vasp.errors.NextAttempt;
import org.xtalflow.vasp.errors.RunPolicy;

/**
 * The job bundle of a candidate's next attempt (issues 13 and 18): the last attempt's bundle (its
 * top-level files: job script, manifest, the engine's inputs) with the engine's corrections ({@link
 * NextInputs}: VASP's step folders, GPAW's settings and last geometry) and, when the correction asks
 * for more walltime or memory, {@link JobBundleDir#RESOURCES} with the scheduler options within the
 * policy's limits. Written beside the first bundle as {@code <id>.attempt<N>}, through a temporary
 * folder renamed at the end: a folder that exists is complete, and writing it again after a kill -9
 * finds it and changes nothing.
 */
public final class NextAttemptBundle {

    private static final ObjectMapper JSON = new ObjectMapper();

    private NextAttemptBundle() {}

    /** What the next attempt's scheduler gets: its options and whether they changed. */
    public record Resources(Map<String, String> options, boolean changed, String limit) {}

    /** The folder of attempt {@code attempt} next to the candidate's first bundle. */
    public static Path folder(Candidate c, int attempt) {
        Path current = Path.of(c.bundlePath());
        String name = current.getFileName().toString().replaceFirst("\\.attempt[0-9]+$", "");
        return current.resolveSibling(name + ".attempt" + attempt);
    }

    /**
     * Writes (or finds) the bundle of attempt {@code failedAttempt + 1}.
     *
     * @param results the failed job's fetched results
     * @param inputs  the engine's corrections of the failed attempt ({@link AttemptReview.Outcome#next})
     */
    public static Path write(
            Candidate c, Path results, NextInputs inputs, int failedAttempt, ClusterProfile profile, RunPolicy policy) {
        Path target = folder(c, failedAttempt + 1);
        if (Files.isDirectory(target)) {
            return target; // written before a kill -9: complete, since it is renamed into place last
        }
        Path src = Path.of(c.bundlePath());
        Path tmp = target.resolveSibling(target.getFileName() + ".part");
        try {
            deleteTree(tmp);
            Files.createDirectories(tmp);
            try (Stream<Path> top = Files.list(src)) {
                for (Path f : top.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                        .filter(p -> !p.getFileName().toString().endsWith(".tar.gz"))
                        .toList()) {
                    Files.copy(f, tmp.resolve(f.getFileName()));
                }
            }
            NextAttempt.ResourceChange change = inputs.write(tmp, results);
            Resources r = resources(JobBundleDir.read(src), profile, change, policy);
            Files.deleteIfExists(tmp.resolve(JobBundleDir.RESOURCES));
            if (!r.options().isEmpty()) {
                Files.write(tmp.resolve(JobBundleDir.RESOURCES), JSON.writeValueAsBytes(r.options()));
            }
            inputs.resourcesDecided(tmp, r);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot write the next attempt's bundle " + target + " for " + c.id() + ": " + e.getMessage(), e);
        }
        return target;
    }

    /**
     * The next job's scheduler options: the bundle's own (a former retry's), with walltime and nodes
     * scaled by the change up to the policy's {@code max_walltime} and {@code max_nodes}. The current
     * values are the bundle's, else the cluster profile's {@code resources}, else the job script's
     * directives. {@code limit} names the limit that kept a wanted change from happening.
     */
    public static Resources resources(
            JobBundleDir bundle, ClusterProfile profile, NextAttempt.ResourceChange change, RunPolicy policy) {
        Map<String, String> options = new LinkedHashMap<>(bundle.schedulerOptions());
        Map<String, String> profileOptions = profile.job().schedulerOptions() == null
                ? Map.of()
                : profile.job().schedulerOptions();
        String script = readQuietly(bundle.dir().resolve(bundle.jobScript()));
        boolean pbs = profile.scheduler() == BatchSystem.PBS;
        String timeKey = pbs ? "walltime" : "time";
        boolean changed = false;
        String limit = null;
        if (change.walltimeFactor() != 1) {
            Optional<String> now = Optional.ofNullable(options.get(timeKey))
                    .or(() -> Optional.ofNullable(profileOptions.get(timeKey)))
                    .or(() -> directive(script, pbs ? "walltime=([0-9:-]+)" : "--time=([0-9:-]+)"));
            if (now.isPresent() && now.get().matches("(\\d+-)?\\d+:\\d{2}:\\d{2}")) {
                String next = scaled(now.get(), 1, change, policy).walltime();
                if (!next.equals(now.get())) {
                    options.put(timeKey, next);
                    changed = true;
                } else {
                    limit = "max_walltime " + policy.maxWalltime();
                }
            } else {
                limit = "a walltime xtalflow can read (" + now.orElse("none") + ")";
            }
        }
        if (change.memoryFactor() != 1) {
            int nodes = Optional.ofNullable(options.get("nodes"))
                    .or(() -> Optional.ofNullable(profileOptions.get("nodes")))
                    .or(() -> directive(script, pbs ? "nodes=([0-9]+)" : "--nodes=([0-9]+)"))
                    .filter(n -> n.matches("[0-9]+"))
                    .map(Integer::parseInt)
                    .orElse(1);
            int next = scaled("00:00:01", nodes, change, policy).nodes();
            if (next != nodes) {
                options.put("nodes", Integer.toString(next));
                changed = true;
            } else {
                limit = "max_nodes " + policy.maxNodes();
            }
        }
        return new Resources(options, changed, limit);
    }

    private static JobResources scaled(
            String walltime, int nodes, NextAttempt.ResourceChange change, RunPolicy policy) {
        JobResources now = new JobResources(null, null, nodes, null, walltime, null, null, null, null);
        return change.apply(now, policy.maxWalltime(), policy.maxNodes());
    }

    private static Optional<String> directive(String script, String regex) {
        Matcher m = Pattern.compile("(?m)^#(?:SBATCH|PBS)\\s.*?" + regex).matcher(script);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private static String readQuietly(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            return "";
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(t);
                } else if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.copy(p, t, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
