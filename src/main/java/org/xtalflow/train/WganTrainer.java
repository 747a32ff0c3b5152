package org.xtalflow.train;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import org.xtalflow.crystal.Element;
import org.xtalflow.crystal.SpaceGroup;
import org.xtalflow.crystal.SymOp;
import org.xtalflow.generate.Condition;
import org.xtalflow.generate.CrystalMatrix;
import org.xtalflow.generate.Decoder;
import org.xtalflow.generate.DjlSetup;
import org.xtalflow.generate.LatticePattern;
import org.xtalflow.generate.ModelSpec;
import org.xtalflow.generate.PgcgmGenerator;
import org.xtalflow.generate.PgcgmNetwork;
import org.xtalflow.generate.PgcgmTables;

/**
 * WGAN-GP training of PGCGM's generator and critic in DJL on CPU.
 *
 * <p>Per step: {@code criticSteps} critic updates (Wasserstein loss D(fake) - D(real) plus the
 * gradient penalty on interpolates of crystal matrix and operations, both inputs as model.py does,
 * by double backward), then one generator update (-D(fake) plus the weighted physics losses).
 * All randomness of step s comes from (seed, s) so a resumed run continues exactly; checkpoints
 * (weights, Adam moments, step) are written to {@code out/checkpoints/step-N} and published by an
 * atomic rename of {@code out/checkpoints/LATEST}, so kill -9 at any moment leaves a usable one.
 */
public final class WganTrainer {

    static {
        DjlSetup.offline();
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final TrainConfig cfg;
    private final Path out;
    private final PrintStream log;
    private final List<TrainingMaterial> train = new ArrayList<>();
    private final List<TrainingMaterial> validation = new ArrayList<>();
    private final List<Aug> pool = new ArrayList<>();
    private final List<SpaceGroup> groups;
    private final double[] groupProb;
    private final ModelSpec spec;
    private final Map<Integer, float[][]> opsCache = new HashMap<>();
    private final Decoder decoder;

    /** One self-augmented real sample: material, element order and scaled coordinates (27). */
    private record Aug(int material, int[] perm, float[] coords) {}

    public WganTrainer(TrainConfig cfg, List<TrainingMaterial> data, Path out, PrintStream log) {
        this.cfg = cfg;
        this.out = out;
        this.log = log;
        for (TrainingMaterial m : data) {
            (isValidation(m.id(), cfg.validationFraction()) ? validation : train).add(m);
        }
        if (train.isEmpty()) {
            throw new IllegalArgumentException("no training materials left after the validation split");
        }
        Map<SpaceGroup, Integer> counts = new LinkedHashMap<>();
        for (TrainingMaterial m : train) {
            counts.merge(m.spaceGroup(), 1, Integer::sum);
        }
        groups = new ArrayList<>(counts.keySet());
        groups.sort(Comparator.comparingInt(SpaceGroup::number));
        groupProb = new double[groups.size()];
        for (int i = 0; i < groups.size(); i++) {
            groupProb[i] = counts.get(groups.get(i)) / (double) train.size();
        }
        // The vocabulary is what the model has seen: elements of the training materials, in PGCGM id order.
        java.util.Set<Element> seen = new java.util.HashSet<>();
        train.forEach(m -> seen.addAll(m.elements()));
        List<Element> vocab =
                PgcgmTables.get().elements().stream().filter(seen::contains).toList();
        ModelSpec paper = ModelSpec.paper(ModelSpec.KIND_DJL, "generator.params", cfg.width());
        spec = new ModelSpec(
                ModelSpec.KIND_DJL,
                "generator.params",
                cfg.width(),
                PgcgmNetwork.NOISE,
                vocab,
                groups,
                groupProb,
                paper.coordScale(),
                paper.lengthScale(),
                JSON.createObjectNode());
        decoder = spec.decoder();
        SplittableRandom rnd = new SplittableRandom(cfg.seed());
        int[][] perms = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
        for (int i = 0; i < train.size(); i++) {
            TrainingMaterial m = train.get(i);
            for (int a = 0; a < cfg.augmentations(); a++) {
                double[][][] sets = SelfAugmentation.draw(m, rnd);
                int[] perm = perms[rnd.nextInt(6)];
                float[] c = new float[27];
                for (int k = 0; k < 3; k++) {
                    for (int j = 0; j < 3; j++) {
                        for (int x = 0; x < 3; x++) {
                            c[9 * k + 3 * j + x] = (float) decoder.encodeCoord(sets[k][perm[j]][x], j, x);
                        }
                    }
                }
                pool.add(new Aug(i, perm, c));
            }
        }
    }

    /** Deterministic split by material id: about {@code fraction} of ids go to validation. */
    public static boolean isValidation(String id, double fraction) {
        long h = 1125899906842597L;
        for (int i = 0; i < id.length(); i++) {
            h = 31 * h + id.charAt(i);
        }
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        h ^= h >>> 32;
        return Math.floorMod(h, 10000) < fraction * 10000;
    }

    public List<TrainingMaterial> validation() {
        return validation;
    }

    public ModelSpec spec() {
        return spec;
    }

    private java.util.function.IntConsumer stepDone = step -> {};

    /** Told the number of steps done after each generator step (for a progress bar). */
    public void onStep(java.util.function.IntConsumer listener) {
        this.stepDone = listener;
    }

    /** Runs (or, with resume, continues) training to cfg.steps; writes the model into out. */
    public void run(boolean resume) throws IOException {
        Files.createDirectories(out.resolve("checkpoints"));
        writeSplit();
        Engine.getInstance().setRandomSeed((int) cfg.seed());
        try (NDManager base = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            Block gen = PgcgmNetwork.generator(cfg.width());
            Block critic = PgcgmNetwork.critic(cfg.width());
            gen.initialize(base, DataType.FLOAT32, PgcgmNetwork.generatorInputShapes(cfg.batchSize()));
            critic.initialize(base, DataType.FLOAT32, PgcgmNetwork.criticInputShapes(cfg.batchSize()));
            List<Parameter> gParams = trainable(gen);
            List<Parameter> cParams = trainable(critic);
            AdamState gAdam = new AdamState(base, gParams, cfg.lrGenerator(), cfg.beta1(), cfg.beta2());
            AdamState cAdam = new AdamState(base, cParams, cfg.lrCritic(), cfg.beta1(), cfg.beta2());
            int start = 0;
            double elapsedBefore = 0;
            double[] lastFromCheckpoint = null;
            if (resume) {
                Path latest = latestCheckpoint();
                if (latest != null) {
                    ObjectNode st = (ObjectNode)
                            JSON.readTree(latest.resolve("state.json").toFile());
                    if (st.path("width").asDouble() != cfg.width()) {
                        throw new IOException("checkpoint " + latest + " has width "
                                + st.path("width").asDouble() + " but this run asks for " + cfg.width());
                    }
                    load(gen, base, latest.resolve("generator.params"));
                    load(critic, base, latest.resolve("critic.params"));
                    gParams = trainable(gen);
                    cParams = trainable(critic);
                    gAdam = new AdamState(base, gParams, cfg.lrGenerator(), cfg.beta1(), cfg.beta2());
                    cAdam = new AdamState(base, cParams, cfg.lrCritic(), cfg.beta1(), cfg.beta2());
                    try (InputStream in = Files.newInputStream(latest.resolve("adam-generator.bin"))) {
                        gAdam.load(base, in, st.path("adam_generator_t").asLong());
                    }
                    try (InputStream in = Files.newInputStream(latest.resolve("adam-critic.bin"))) {
                        cAdam.load(base, in, st.path("adam_critic_t").asLong());
                    }
                    start = st.path("step").asInt();
                    lastFromCheckpoint = new double[7];
                    String[] names = {
                        "loss_D",
                        "loss_G",
                        "gradient_penalty",
                        "wasserstein_estimate",
                        "inter_distance",
                        "intra_distance",
                        "consistency"
                    };
                    for (int i = 0; i < names.length; i++) {
                        lastFromCheckpoint[i] =
                                st.path("last_losses").path(names[i]).asDouble();
                    }
                    elapsedBefore = st.path("elapsed_s").asDouble();
                    log.printf("resuming from %s at step %d%n", latest, start);
                } else {
                    log.println("no checkpoint in " + out + "; starting from step 0");
                }
            }
            long t0 = System.nanoTime();
            int firstStep = start;
            double[] last = new double[7];
            if (resume && lastFromCheckpoint != null) {
                last = lastFromCheckpoint;
            }
            for (int step = start; step < cfg.steps(); step++) {
                last = trainStep(base, gen, critic, gParams, cParams, gAdam, cAdam, step);
                int done = step + 1;
                stepDone.accept(done);
                if (done % cfg.logEvery() == 0 || done == cfg.steps()) {
                    double secs = (System.nanoTime() - t0) / 1e9;
                    double perStep = secs / (done - firstStep);
                    log.printf(
                            "step %d/%d  loss_D %.4f  loss_G %.4f  gp %.4f  W %.4f  inter %.4f  intra %.4f  cons %.4f"
                                    + "  %.2f s/step  ETA %s%n",
                            done,
                            cfg.steps(),
                            last[0],
                            last[1],
                            last[2],
                            last[3],
                            last[4],
                            last[5],
                            last[6],
                            perStep,
                            eta(perStep * (cfg.steps() - done)));
                }
                if (done % cfg.checkpointEvery() == 0 || done == cfg.steps()) {
                    double elapsed = elapsedBefore + (System.nanoTime() - t0) / 1e9;
                    checkpoint(gen, critic, gAdam, cAdam, done, elapsed, last);
                }
            }
            double elapsed = elapsedBefore + (System.nanoTime() - t0) / 1e9;
            writeModel(gen, critic, elapsed, last);
        }
    }

    /** Weights and biases (BatchNorm running statistics are parameters too, but not trained by gradients). */
    private static List<Parameter> trainable(Block b) {
        return b.getParameters().values().stream()
                .filter(Parameter::requiresGradient)
                .toList();
    }

    private static String eta(double s) {
        long t = Math.round(s);
        return String.format("%d:%02d:%02d", t / 3600, (t / 60) % 60, t % 60);
    }

    /** One WGAN-GP step; returns {lossD, lossG, gp, W, inter, intra, cons}. */
    private double[] trainStep(
            NDManager base,
            Block gen,
            Block critic,
            List<Parameter> gParams,
            List<Parameter> cParams,
            AdamState gAdam,
            AdamState cAdam,
            int step) {
        Random r = new Random(cfg.seed() * 0x9E3779B97F4A7C15L + step);
        double lossD = 0;
        double gpV = 0;
        double w = 0;
        for (int c = 0; c < cfg.criticSteps(); c++) {
            try (NDManager m = base.newSubManager();
                    var gc = Engine.getInstance().newGradientCollector()) {
                Batch b = batch(m, r);
                ParameterStore ps = new ParameterStore(m, false);
                NDList fake = gen.forward(ps, new NDList(b.sp, b.ele, b.z), true);
                NDArray fakeMat = CrystalMatrix.assemble(fake.get(0), fake.get(1), b.feats)
                        .stopGradient();
                NDArray dReal =
                        critic.forward(ps, new NDList(b.realMat, b.sp), true).singletonOrThrow();
                NDArray dFake =
                        critic.forward(ps, new NDList(fakeMat, b.sp), true).singletonOrThrow();
                // gradient penalty (double backward)
                NDArray eps = m.create(uniform(r, b.size), new Shape(b.size, 1, 1, 1));
                NDArray interp =
                        b.realMat.mul(eps).add(fakeMat.mul(eps.neg().add(1f))).stopGradient();
                interp.setRequiresGradient(true);
                NDArray spIn = b.sp.duplicate();
                spIn.setRequiresGradient(true);
                NDArray dInt =
                        critic.forward(ps, new NDList(interp, spIn), true).singletonOrThrow();
                JniUtils.backward((PtNDArray) dInt, (PtNDArray) m.ones(dInt.getShape()), true, true);
                NDArray g1 = interp.getGradient();
                NDArray g2 = spIn.getGradient();
                g1.attach(m);
                g2.attach(m);
                NDArray gp = norm(g1, b.size)
                        .sub(1f)
                        .square()
                        .mean()
                        .add(norm(g2, b.size).sub(1f).square().mean());
                AdamState.zero(cParams);
                AdamState.zero(gParams);
                NDArray wDist = dReal.mean().sub(dFake.mean());
                NDArray loss = wDist.neg().add(gp.mul((float) cfg.gradientPenalty()));
                gc.backward(loss);
                cAdam.update(m);
                lossD = loss.getFloat();
                gpV = gp.getFloat();
                w = wDist.getFloat();
                AdamState.zero(cParams);
                AdamState.zero(gParams);
            }
        }
        double lossG;
        float[] phys = new float[3];
        try (NDManager m = base.newSubManager();
                var gc = Engine.getInstance().newGradientCollector()) {
            Batch b = batch(m, r);
            ParameterStore ps = new ParameterStore(m, false);
            NDList fake = gen.forward(ps, new NDList(b.sp, b.ele, b.z), true);
            NDArray fakeMat = CrystalMatrix.assemble(fake.get(0), fake.get(1), b.feats);
            NDArray dFake = critic.forward(ps, new NDList(fakeMat, b.sp), true).singletonOrThrow();
            NDArray[] pl = PhysicsLoss.losses(fake.get(0), fake.get(1), b.phys, cfg.distanceRatio());
            NDArray loss = dFake.mean()
                    .neg()
                    .add(pl[0].mul((float) cfg.wInter()))
                    .add(pl[1].mul((float) cfg.wIntra()))
                    .add(pl[2].mul((float) cfg.wConsistency()));
            gc.backward(loss);
            gAdam.update(m);
            lossG = loss.getFloat();
            for (int i = 0; i < 3; i++) {
                phys[i] = pl[i].getFloat();
            }
            AdamState.zero(cParams);
            AdamState.zero(gParams);
        }
        return new double[] {lossD, lossG, gpV, w, phys[0], phys[1], phys[2]};
    }

    private static NDArray norm(NDArray g, int b) {
        return g.reshape(b, -1).square().sum(new int[] {1}).add(1e-12f).sqrt();
    }

    private static float[] uniform(Random r, int n) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = r.nextFloat();
        }
        return f;
    }

    private record Batch(
            int size, NDArray sp, NDArray ele, NDArray z, NDArray feats, NDArray realMat, PhysicsLoss.Inputs phys) {}

    private Batch batch(NDManager m, Random r) {
        int b = cfg.batchSize();
        List<Condition> conds = new ArrayList<>(b);
        float[] real = new float[b * 27];
        float[] len = new float[b * 3];
        float[] feats = new float[b * 3 * CrystalMatrix.FEATURES_PER_ELEMENT];
        float[] rot = new float[b * 192 * 9];
        float[] trans = new float[b * 192 * 3];
        float[] mask = new float[b * 192];
        float[] radii = new float[b * 3];
        float[] pattern = new float[b * 9];
        float[] axes = new float[b * 9];
        for (int i = 0; i < b; i++) {
            Aug a = pool.get(r.nextInt(pool.size()));
            TrainingMaterial mat = train.get(a.material);
            List<Element> els = List.of(
                    mat.elements().get(a.perm[0]),
                    mat.elements().get(a.perm[1]),
                    mat.elements().get(a.perm[2]));
            conds.add(new Condition(els, mat.spaceGroup()));
            System.arraycopy(a.coords, 0, real, 27 * i, 27);
            for (int l = 0; l < 3; l++) {
                double g = decoder.encodeLength(mat.abc()[l], l);
                len[3 * i + l] = (float) Math.max(-0.999, Math.min(0.999, g));
            }
            float[][] ef = new float[3][];
            for (int j = 0; j < 3; j++) {
                ef[j] = PgcgmTables.get().features(els.get(j));
                double rr = els.get(j).atomicRadius();
                radii[3 * i + j] = (float) (Double.isNaN(rr) ? 1.5 : rr);
            }
            System.arraycopy(CrystalMatrix.features(ef), 0, feats, i * 51, 51);
            float[][] ops = ops(mat.spaceGroup());
            System.arraycopy(ops[0], 0, rot, i * 192 * 9, 192 * 9);
            System.arraycopy(ops[1], 0, trans, i * 192 * 3, 192 * 3);
            System.arraycopy(ops[2], 0, mask, i * 192, 192);
            double[][] p = LatticePattern.lengths(mat.spaceGroup());
            boolean hex = mat.spaceGroup().isHexagonalAxes();
            double[][] ax = hex
                    ? new double[][] {{1, 0, 0}, {-0.5, Math.sqrt(3) / 2, 0}, {0, 0, 1}}
                    : new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
            for (int s = 0; s < 3; s++) {
                for (int t = 0; t < 3; t++) {
                    pattern[9 * i + 3 * s + t] = (float) p[s][t];
                    axes[9 * i + 3 * s + t] = (float) ax[s][t];
                }
            }
        }
        float[] z = new float[b * PgcgmNetwork.NOISE];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) r.nextGaussian();
        }
        NDList in = PgcgmGenerator.inputs(m, conds, z);
        NDArray featsA = m.create(feats, new Shape(b, 51));
        NDArray realMat =
                CrystalMatrix.assemble(m.create(real, new Shape(b, 3, 3, 3)), m.create(len, new Shape(b, 3)), featsA);
        PhysicsLoss.Inputs phys =
                PhysicsLoss.inputs(m, rot, trans, mask, radii, pattern, axes, spec.coordScale(), spec.lengthScale());
        return new Batch(b, in.get(0), in.get(1), in.get(2), featsA, realMat, phys);
    }

    private float[][] ops(SpaceGroup sg) {
        return opsCache.computeIfAbsent(sg.number(), n -> {
            float[] rot = new float[192 * 9];
            float[] tr = new float[192 * 3];
            float[] mask = new float[192];
            List<SymOp> ops = sg.operations();
            for (int k = 0; k < ops.size(); k++) {
                for (int i = 0; i < 3; i++) {
                    for (int j = 0; j < 3; j++) {
                        rot[9 * k + 3 * i + j] = (float) ops.get(k).rotation(i, j);
                    }
                    tr[3 * k + i] = (float) ops.get(k).translation(i);
                }
                mask[k] = 1;
            }
            return new float[][] {rot, tr, mask};
        });
    }

    private static void load(Block b, NDManager base, Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            b.loadParameters(base, new DataInputStream(new java.io.BufferedInputStream(in)));
            // loaded arrays are fresh tensors: gradients must be attached again
            for (Parameter p : trainable(b)) {
                p.getArray().setRequiresGradient(true);
            }
        } catch (MalformedModelException e) {
            throw new IOException("checkpoint file " + file + " is damaged: " + e.getMessage(), e);
        }
    }

    private static void save(Block b, Path file) throws IOException {
        try (OutputStream os = Files.newOutputStream(file)) {
            DataOutputStream d = new DataOutputStream(new java.io.BufferedOutputStream(os));
            b.saveParameters(d);
            d.flush();
        }
    }

    private Path latestCheckpoint() throws IOException {
        Path p = out.resolve("checkpoints").resolve("LATEST");
        if (!Files.isRegularFile(p)) {
            return null;
        }
        Path dir = out.resolve("checkpoints").resolve(Files.readString(p).trim());
        return Files.isRegularFile(dir.resolve("state.json")) ? dir : null;
    }

    private void checkpoint(
            Block gen, Block critic, AdamState gAdam, AdamState cAdam, int step, double elapsed, double[] last)
            throws IOException {
        Path dir = out.resolve("checkpoints").resolve("step-" + step);
        Files.createDirectories(dir);
        save(gen, dir.resolve("generator.params"));
        save(critic, dir.resolve("critic.params"));
        try (OutputStream os = Files.newOutputStream(dir.resolve("adam-generator.bin"))) {
            gAdam.save(os);
        }
        try (OutputStream os = Files.newOutputStream(dir.resolve("adam-critic.bin"))) {
            cAdam.save(os);
        }
        ObjectNode st = JSON.createObjectNode();
        st.put("step", step);
        st.put("width", cfg.width());
        st.put("elapsed_s", elapsed);
        st.put("adam_generator_t", gAdam.steps());
        st.put("adam_critic_t", cAdam.steps());
        st.set("last_losses", losses(last));
        JSON.writerWithDefaultPrettyPrinter()
                .writeValue(dir.resolve("state.json").toFile(), st);
        Path tmp = out.resolve("checkpoints").resolve("LATEST.tmp");
        Files.writeString(
                tmp,
                dir.getFileName().toString(),
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.SYNC);
        Files.move(
                tmp,
                out.resolve("checkpoints").resolve("LATEST"),
                StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        // keep only the newest two checkpoints
        try (var dirs = Files.list(out.resolve("checkpoints"))) {
            List<Path> old = dirs.filter(p -> p.getFileName().toString().startsWith("step-"))
                    .sorted(Comparator.comparingInt(
                            p -> Integer.parseInt(p.getFileName().toString().substring(5))))
                    .toList();
            for (int i = 0; i + 2 < old.size(); i++) {
                deleteTree(old.get(i));
            }
        }
    }

    private static void deleteTree(Path p) throws IOException {
        try (var s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }

    private static ObjectNode losses(double[] last) {
        ObjectNode o = JSON.createObjectNode();
        String[] names = {
            "loss_D",
            "loss_G",
            "gradient_penalty",
            "wasserstein_estimate",
            "inter_distance",
            "intra_distance",
            "consistency"
        };
        for (int i = 0; i < names.length; i++) {
            o.put(names[i], last[i]);
        }
        return o;
    }

    private void writeSplit() throws IOException {
        ObjectNode o = JSON.createObjectNode();
        o.put(
                "rule",
                "validation when a hash of the material id falls in the first fraction of 10000 buckets "
                        + "(WganTrainer.isValidation)");
        o.put("validation_fraction", cfg.validationFraction());
        ArrayNode t = o.putArray("train");
        train.forEach(m -> t.add(m.id()));
        ArrayNode v = o.putArray("validation");
        validation.forEach(m -> v.add(m.id()));
        Files.createDirectories(out);
        JSON.writeValue(out.resolve("split.json").toFile(), o);
    }

    private void writeModel(Block gen, Block critic, double elapsed, double[] last) throws IOException {
        save(gen, out.resolve("generator.params"));
        save(critic, out.resolve("critic.params"));
        ObjectNode t = JSON.createObjectNode();
        t.put("steps", cfg.steps());
        t.put("wall_time_s", Math.round(elapsed));
        t.put("train_materials", train.size());
        t.put("validation_materials", validation.size());
        Map<String, Integer> bySource = new LinkedHashMap<>();
        train.forEach(m -> bySource.merge(m.source(), 1, Integer::sum));
        t.set("train_by_source", JSON.valueToTree(bySource));
        t.set("config", cfg.toJson());
        t.set("last_losses", losses(last));
        t.put("split", "split.json");
        spec.withTraining(t).write(out);
    }
}
