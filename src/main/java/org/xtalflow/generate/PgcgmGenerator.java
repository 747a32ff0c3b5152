package org.xtalflow.generate;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.LongConsumer;

/**
 * PGCGM's generator run through DJL's PyTorch engine, from DJL parameters written by
 * {@code xtalflow train} (kind "djl") or from a TorchScript file exported from the reference
 * PyTorch code (kind "torchscript"; contract in README "Generator"). Sampling is batched
 * ({@link #BATCH} per forward pass); noise comes from java.util.Random(seed), so the same
 * conditions and seed give the same samples.
 */
public final class PgcgmGenerator implements Generator {

    public static final int BATCH = 1024;

    static {
        DjlSetup.offline();
    }

    private final String name;
    private final ModelSpec spec;
    private final NDManager manager;
    private final Block block;
    private final Model model;
    private final Predictor<NDList, NDList> predictor;

    private PgcgmGenerator(String name, ModelSpec spec, NDManager manager, Block block, Model model) {
        this.name = name;
        this.spec = spec;
        this.manager = manager;
        this.block = block;
        this.model = model;
        this.predictor = model == null ? null : model.newPredictor(new NoopTranslator());
    }

    /** Loads a model directory (model.json + weights). */
    public static PgcgmGenerator open(Path dir) throws IOException {
        Path meta = dir.resolve(ModelSpec.FILE);
        if (!Files.isRegularFile(meta)) {
            throw new IOException("no " + ModelSpec.FILE + " in model directory " + dir);
        }
        ModelSpec spec = ModelSpec.read(meta);
        Path weights = dir.resolve(spec.weights());
        if (!Files.isRegularFile(weights)) {
            throw new IOException("model " + dir + " names weights '" + spec.weights() + "' but the file is missing");
        }
        if (ModelSpec.KIND_TORCHSCRIPT.equals(spec.kind())) {
            Model m = Model.newInstance("pgcgm", Device.cpu(), "PyTorch");
            try {
                m.load(weights);
            } catch (MalformedModelException | RuntimeException e) {
                m.close();
                throw new IOException("cannot load TorchScript generator " + weights + ": " + e.getMessage(), e);
            }
            return new PgcgmGenerator(dir.toString(), spec, null, null, m);
        }
        if (!ModelSpec.KIND_DJL.equals(spec.kind())) {
            throw new IOException("model " + dir + " has unknown kind '" + spec.kind() + "' (djl or torchscript)");
        }
        try (InputStream in = Files.newInputStream(weights)) {
            return fromParameters(dir.toString(), spec, in);
        }
    }

    /** Loads the model shipped in the product (resources xtalflow/model). */
    public static PgcgmGenerator openDefault() throws IOException {
        try (InputStream metaIn = PgcgmGenerator.class.getResourceAsStream("/xtalflow/model/" + ModelSpec.FILE)) {
            if (metaIn == null) {
                throw new IOException("this build has no default model (resources /xtalflow/model)");
            }
            ModelSpec spec = ModelSpec.parse(
                    new com.fasterxml.jackson.databind.ObjectMapper().readTree(metaIn), "default model");
            try (InputStream w = PgcgmGenerator.class.getResourceAsStream("/xtalflow/model/" + spec.weights())) {
                if (w == null) {
                    throw new IOException("default model weights " + spec.weights() + " missing from the build");
                }
                return fromParameters(Generators.DEFAULT_MODEL, spec, w);
            }
        }
    }

    /** Wraps DJL parameters (as written by {@link Block#saveParameters}). */
    public static PgcgmGenerator fromParameters(String name, ModelSpec spec, InputStream params) throws IOException {
        NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
        try {
            Block b = PgcgmNetwork.generator(spec.width());
            b.initialize(manager, DataType.FLOAT32, PgcgmNetwork.generatorInputShapes(2));
            b.loadParameters(manager, new DataInputStream(new BufferedInputStream(params)));
            return new PgcgmGenerator(name, spec, manager, b, null);
        } catch (MalformedModelException | RuntimeException e) {
            manager.close();
            throw new IOException("cannot load generator parameters of " + name + ": " + e.getMessage(), e);
        }
    }

    /** Wraps a live block (used by training to evaluate its current generator). */
    public static PgcgmGenerator ofBlock(String name, ModelSpec spec, Block block) {
        return new PgcgmGenerator(name, spec, null, block, null);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ModelSpec spec() {
        return spec;
    }

    @Override
    public List<GeneratedSample> sample(List<Condition> conditions, long seed) {
        return sample(conditions, seed, n -> {});
    }

    @Override
    public List<GeneratedSample> sample(List<Condition> conditions, long seed, LongConsumer progress) {
        for (Condition c : conditions) {
            for (var e : c.elements()) {
                PgcgmTables.get().features(e);
            }
        }
        Random rnd = new Random(seed);
        Decoder decoder = spec.decoder();
        List<GeneratedSample> out = new ArrayList<>(conditions.size());
        for (int start = 0; start < conditions.size(); start += BATCH) {
            List<Condition> chunk = conditions.subList(start, Math.min(conditions.size(), start + BATCH));
            float[] z = new float[chunk.size() * PgcgmNetwork.NOISE];
            for (int i = 0; i < z.length; i++) {
                z[i] = (float) rnd.nextGaussian();
            }
            float[][] res = forward(chunk, z);
            out.addAll(decoder.decode(res[0], res[1], chunk));
            progress.accept(out.size());
        }
        return out;
    }

    /** Raw (coords, length) outputs for a chunk with the given noise. */
    float[][] forward(List<Condition> chunk, float[] z) {
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            NDList in = inputs(m, chunk, z);
            NDList outList;
            if (predictor != null) {
                outList = predictor.predict(in);
            } else {
                outList = block.forward(new ParameterStore(m, false), in, false);
            }
            return new float[][] {outList.get(0).toFloatArray(), outList.get(1).toFloatArray()};
        } catch (TranslateException e) {
            throw new IllegalStateException("TorchScript generator " + name + " failed: " + e.getMessage(), e);
        }
    }

    /** The three generator inputs for a batch: operations, element features (B, 23, 3), noise. */
    public static NDList inputs(NDManager m, List<Condition> chunk, float[] z) {
        int b = chunk.size();
        float[] sp = new float[b * SpaceGroupTensor.SIZE];
        float[] ele = new float[b * PgcgmTables.N_FEATURES * 3];
        for (int i = 0; i < b; i++) {
            Condition c = chunk.get(i);
            System.arraycopy(
                    SpaceGroupTensor.of(c.spaceGroup()), 0, sp, i * SpaceGroupTensor.SIZE, SpaceGroupTensor.SIZE);
            for (int mIdx = 0; mIdx < 3; mIdx++) {
                float[] f = PgcgmTables.get().features(c.elements().get(mIdx));
                for (int j = 0; j < PgcgmTables.N_FEATURES; j++) {
                    ele[i * PgcgmTables.N_FEATURES * 3 + j * 3 + mIdx] = f[j];
                }
            }
        }
        NDArray spA = m.create(sp, new Shape(b, 192, 4, 4));
        NDArray eleA = m.create(ele, new Shape(b, PgcgmTables.N_FEATURES, 3));
        NDArray zA = m.create(z, new Shape(b, PgcgmNetwork.NOISE));
        return new NDList(spA, eleA, zA);
    }

    @Override
    public void close() {
        if (predictor != null) {
            predictor.close();
        }
        if (model != null) {
            model.close();
        }
        if (manager != null) {
            manager.close();
        }
    }
}
