package org.xtalflow.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.xtalflow.campaign.XtalflowConfig;
import org.xtalflow.config.ConfigurationException;
import org.xtalflow.train.TrainConfig;
import org.xtalflow.train.TrainingMaterial;
import org.xtalflow.train.TrainingSet;
import org.xtalflow.train.TrainingSetBuilder;
import org.xtalflow.train.WganTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Trains PGCGM (WGAN-GP) on CPU, or prepares a training set from the shared data folder. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        footer = {"%nExample:", "  bin/xtalflow train --out var/model-smoke --steps 4 --batch-size 16 --width 0.25"},
        description =
                "Train the PGCGM generator (WGAN-GP, DJL on CPU) into MODEL_DIR; --resume continues after a kill.")
public final class TrainCommand implements Callable<Integer> {

    @Option(
            names = "--data",
            paramLabel = "FILE",
            description = "Training set (.jsonl.gz, as written by --prepare). Default: the set shipped in the build.")
    Path data;

    @Option(
            names = "--out",
            paramLabel = "MODEL_DIR",
            description = "Model directory (checkpoints, split.json, model.json).")
    Path out;

    @Option(
            names = "--prepare",
            paramLabel = "SHARED_DATA_DIR",
            description = "Instead of training: build the ternary one-orbit-per-element set from a shared data folder "
                    + "(mp_groundstates, structures_perov5, structures_cubicgan_oqmd) and write it to --data.")
    Path prepare;

    @Option(names = "--resume", description = "Continue from the newest checkpoint in MODEL_DIR.")
    boolean resume;

    @Option(
            names = "--config",
            paramLabel = "YAML",
            defaultValue = "conf/xtalflow.yaml",
            description = "Configuration (section generator.train). Default: ${DEFAULT-VALUE}")
    Path config;

    @Option(names = "--steps", description = "Generator steps (overrides the config).")
    Integer steps;

    @Option(names = "--seed", description = "Seed (overrides the config).")
    Long seed;

    @Option(names = "--batch-size", description = "Batch size (overrides the config).")
    Integer batch;

    @Option(names = "--width", description = "Network width multiplier, 1.0 = paper (overrides the config).")
    Double width;

    @Override
    public Integer call() throws IOException {
        try {
            if (prepare != null) {
                if (data == null) {
                    throw new UsageException("--prepare needs --data FILE to write");
                }
                TrainingSetBuilder b = new TrainingSetBuilder();
                List<TrainingMaterial> set = b.build(prepare);
                TrainingSet.write(set, data);
                System.out.println(
                        "wrote " + set.size() + " materials to " + data + " " + b.kept() + "; dropped " + b.dropped());
                return Main.EXIT_OK;
            }
            if (out == null) {
                throw new UsageException("--out MODEL_DIR is required");
            }
            TrainConfig cfg =
                    Files.isRegularFile(config) ? XtalflowConfig.load(config).train() : TrainConfig.defaults();
            if (steps != null) {
                cfg = cfg.withSteps(steps);
            }
            if (seed != null) {
                cfg = cfg.withSeed(seed);
            }
            if (batch != null || width != null) {
                cfg = cfg.withSizes(
                        batch != null ? batch : cfg.batchSize(),
                        width != null ? width : cfg.width(),
                        cfg.checkpointEvery(),
                        cfg.logEvery());
            }
            List<TrainingMaterial> set = data != null ? TrainingSet.read(data) : TrainingSet.readDefault();
            try (ProgressBar bar = ProgressBar.start("training", cfg.steps(), "steps")) {
                WganTrainer t = new WganTrainer(cfg, set, out, bar.messages(System.out));
                System.out.println("training on " + (set.size() - t.validation().size()) + " materials ("
                        + t.validation().size() + " held out), "
                        + t.spec().spaceGroups().size() + " space groups, "
                        + cfg.steps() + " steps, batch " + cfg.batchSize() + ", width " + cfg.width());
                t.onStep(bar::set);
                t.run(resume);
            }
            System.out.println("model written to " + out);
            return Main.EXIT_OK;
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage(), e); // as before: exit 3
        }
    }
}
