package org.xtalflow.camel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.xtalflow.campaign.AppSettings;

/** Writes a throw-away project root (conf/xtalflow.yaml) that uses the real routes/ folder. */
public final class AppFixture {
    private AppFixture() {}

    /** The ML pre-screen is off here, so that these tests see every screened candidate prepared. */
    public static AppSettings settings(Path root, String extraApplicationYaml) throws IOException {
        return settings(root, extraApplicationYaml, "prescreen: {enabled: false}");
    }

    /** As {@link #settings(Path, String)} with top-level sections of conf/xtalflow.yaml (e.g. {@code prescreen:}). */
    public static AppSettings settings(Path root, String extraApplicationYaml, String topLevelYaml) throws IOException {
        Path conf = Files.createDirectories(root.resolve("conf"));
        Path routes = Path.of("routes").toAbsolutePath();
        Path templates = Path.of("templates").toAbsolutePath();
        Files.writeString(conf.resolve("nightly-elements.txt"), "Ba Ru O\n");
        Files.writeString(conf.resolve("xtalflow.yaml"), """
                %s
                clusters:
                  local-slurm: {scheduler: local, work_root: %s}
                application:
                  routes_dir: %s
                  templates_dir: %s
                  inbox_poll_ms: 200
                  defaults: {samples: 4}
                %s
                """.formatted(
                        topLevelYaml,
                        root.resolve("cluster-work").toString(),
                        routes,
                        templates,
                        extraApplicationYaml.indent(2)));
        Files.copy(Path.of("conf/application.properties"), conf.resolve("application.properties"));
        return AppSettings.load(conf.resolve("xtalflow.yaml"));
    }
}
