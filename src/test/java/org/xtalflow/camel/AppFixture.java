package org.xtalflow.camel;

import org.xtalflow.campaign.AppSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a throw-away project root (conf/xtalflow.yaml) that uses the real routes/ folder. */
public final class AppFixture {
    private AppFixture() {}

    public static AppSettings settings(Path root, String extraApplicationYaml) throws IOException {
        Path conf = Files.createDirectories(root.resolve("conf"));
        Path routes = Path.of("routes").toAbsolutePath();
        Path templates = Path.of("templates").toAbsolutePath();
        Files.writeString(conf.resolve("nightly-elements.txt"), "Ba Ru O\n");
        Files.writeString(conf.resolve("xtalflow.yaml"), """
                clusters:
                  local-slurm: {scheduler: local, work_root: %s}
                application:
                  routes_dir: %s
                  templates_dir: %s
                  inbox_poll_ms: 200
                  defaults: {samples: 4}
                %s
                """.formatted(root.resolve("cluster-work").toString(), routes, templates, extraApplicationYaml.indent(2)));
        Files.copy(Path.of("conf/application.properties"), conf.resolve("application.properties"));
        return AppSettings.load(conf.resolve("xtalflow.yaml"));
    }
}
