package org.xtalflow.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import org.xtalflow.config.ConfigKeys;

/**
 * WGAN-GP training settings (conf/xtalflow.yaml, {@code generator.train}). Learning rates follow
 * the paper (critic 2e-4, generator with its physics losses 5e-4, Adam); gradient penalty 10.
 *
 * @param width network width multiplier (1.0 = the paper's channel counts)
 * @param distanceRatio lower distance bound as a fraction of the atomic-radius sum
 * @param augmentations self-augmentation draws of three base-site sets per material
 */
public record TrainConfig(
        int steps,
        int batchSize,
        int criticSteps,
        double lrCritic,
        double lrGenerator,
        double beta1,
        double beta2,
        double gradientPenalty,
        double wInter,
        double wIntra,
        double wConsistency,
        double distanceRatio,
        int augmentations,
        double validationFraction,
        double width,
        int checkpointEvery,
        int logEvery,
        long seed) {

    /** The keys of {@code generator.train} and of its {@code physics} mapping. */
    public static final List<String> KEYS = List.of(
            "steps",
            "batch_size",
            "critic_steps",
            "lr_critic",
            "lr_generator",
            "adam_beta1",
            "adam_beta2",
            "gradient_penalty",
            "width",
            "augmentations",
            "validation_fraction",
            "checkpoint_every",
            "log_every",
            "seed",
            "physics");

    public static final List<String> PHYSICS_KEYS =
            List.of("inter_distance", "intra_distance", "consistency", "distance_ratio");

    public static TrainConfig defaults() {
        return new TrainConfig(2000, 64, 5, 2e-4, 5e-4, 0.5, 0.9, 10, 1, 1, 1, 0.75, 32, 0.1, 0.5, 50, 10, 1);
    }

    /** {@code generator.train} from the configuration's tree (missing: the defaults); unknown keys are refused. */
    public static TrainConfig of(JsonNode t, Path conf) {
        TrainConfig d = defaults();
        if (t == null || t.isMissingNode() || t.isNull()) {
            return d;
        }
        ConfigKeys.requireKnown(conf, "generator.train", t, KEYS);
        ConfigKeys.requireKnown(conf, "generator.train.physics", t.path("physics"), PHYSICS_KEYS);
        JsonNode phys = t.path("physics");
        return new TrainConfig(
                t.path("steps").asInt(d.steps),
                t.path("batch_size").asInt(d.batchSize),
                t.path("critic_steps").asInt(d.criticSteps),
                t.path("lr_critic").asDouble(d.lrCritic),
                t.path("lr_generator").asDouble(d.lrGenerator),
                t.path("adam_beta1").asDouble(d.beta1),
                t.path("adam_beta2").asDouble(d.beta2),
                t.path("gradient_penalty").asDouble(d.gradientPenalty),
                phys.path("inter_distance").asDouble(d.wInter),
                phys.path("intra_distance").asDouble(d.wIntra),
                phys.path("consistency").asDouble(d.wConsistency),
                phys.path("distance_ratio").asDouble(d.distanceRatio),
                t.path("augmentations").asInt(d.augmentations),
                t.path("validation_fraction").asDouble(d.validationFraction),
                t.path("width").asDouble(d.width),
                t.path("checkpoint_every").asInt(d.checkpointEvery),
                t.path("log_every").asInt(d.logEvery),
                t.path("seed").asLong(d.seed));
    }

    public TrainConfig withSteps(int s) {
        return new TrainConfig(
                s,
                batchSize,
                criticSteps,
                lrCritic,
                lrGenerator,
                beta1,
                beta2,
                gradientPenalty,
                wInter,
                wIntra,
                wConsistency,
                distanceRatio,
                augmentations,
                validationFraction,
                width,
                checkpointEvery,
                logEvery,
                seed);
    }

    public TrainConfig withSeed(long s) {
        return new TrainConfig(
                steps,
                batchSize,
                criticSteps,
                lrCritic,
                lrGenerator,
                beta1,
                beta2,
                gradientPenalty,
                wInter,
                wIntra,
                wConsistency,
                distanceRatio,
                augmentations,
                validationFraction,
                width,
                checkpointEvery,
                logEvery,
                s);
    }

    public TrainConfig withSizes(int batch, double w, int checkpoint, int log) {
        return new TrainConfig(
                steps,
                batch,
                criticSteps,
                lrCritic,
                lrGenerator,
                beta1,
                beta2,
                gradientPenalty,
                wInter,
                wIntra,
                wConsistency,
                distanceRatio,
                augmentations,
                validationFraction,
                w,
                checkpoint,
                log,
                seed);
    }

    public ObjectNode toJson() {
        return new ObjectMapper().valueToTree(this);
    }
}
