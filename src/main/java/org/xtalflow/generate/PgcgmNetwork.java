package org.xtalflow.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * PGCGM's networks (MilesZhao/PGCGM model.py) as DJL blocks. {@code width} scales every hidden
 * channel count (1.0 = the paper's 4.75 M-parameter generator); input and output shapes do not
 * depend on it.
 *
 * <p>Generator inputs: space-group operations (B, 192, 4, 4), element features (B, 23, 3)
 * (feature-major, element m in column m), noise z (B, 128). Outputs: coords (B, 3, 3, 3) tanh
 * (set k, element m, x/y/z) and length (B, 3) tanh.
 *
 * <p>Critic inputs: the crystal matrix (B, 3, 8, 8) (see {@link CrystalMatrix}) and the
 * space-group operations (B, 192, 4, 4); output (B, 1).
 */
public final class PgcgmNetwork {

    public static final int NOISE = 128;

    private PgcgmNetwork() {}

    static int ch(int paper, double width) {
        return Math.max(4, (int) Math.round(paper * width));
    }

    private static Block conv2d(int filters, int k) {
        return Conv2d.builder()
                .setKernelShape(new Shape(k, k))
                .setFilters(filters)
                .build();
    }

    /**
     * A stride-1 transposed convolution (PyTorch ConvTranspose2d). DJL's PyTorch engine does not
     * implement deconvolution, so it is the equivalent full convolution: zero-pad by k-1 and
     * convolve (the kernel is stored flipped and in/out-transposed relative to PyTorch's layout).
     */
    private static Block deconv2d(int filters, int k) {
        return Conv2d.builder()
                .setKernelShape(new Shape(k, k))
                .optPadding(new Shape(k - 1, k - 1))
                .setFilters(filters)
                .build();
    }

    private static Block bn() {
        return BatchNorm.builder().build();
    }

    private static Block leaky() {
        return Activation.leakyReluBlock(0.2f);
    }

    /** The generator of the given width. */
    public static Block generator(double w) {
        SequentialBlock sp = new SequentialBlock()
                .add(conv2d(ch(64, w), 2))
                .add(bn())
                .add(leaky())
                .add(conv2d(ch(128, w), 2))
                .add(bn())
                .add(leaky())
                .add(conv2d(ch(256, w), 2))
                .add(bn())
                .add(leaky())
                .add(Blocks.batchFlattenBlock());
        SequentialBlock ele = new SequentialBlock()
                .add(Conv1d.builder()
                        .setKernelShape(new Shape(2))
                        .setFilters(ch(64, w))
                        .build())
                .add(bn())
                .add(Activation.reluBlock())
                .add(Conv1d.builder()
                        .setKernelShape(new Shape(2))
                        .setFilters(ch(128, w))
                        .build())
                .add(bn())
                .add(Activation.reluBlock())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(ch(256, w)).build())
                .add(bn())
                .add(Activation.reluBlock());
        SequentialBlock noise = new SequentialBlock()
                .add(Linear.builder().setUnits(ch(256, w)).build())
                .add(bn())
                .add(Activation.reluBlock());
        SequentialBlock coords = new SequentialBlock()
                .add(deconv2d(ch(1024, w), 2))
                .add(bn())
                .add(Activation.reluBlock())
                .add(deconv2d(ch(512, w), 2))
                .add(bn())
                .add(Activation.reluBlock())
                .add(deconv2d(ch(256, w), 1))
                .add(bn())
                .add(Activation.reluBlock())
                .add(deconv2d(ch(128, w), 1))
                .add(bn())
                .add(Activation.reluBlock())
                .add(deconv2d(ch(64, w), 1))
                .add(bn())
                .add(Activation.reluBlock())
                .add(deconv2d(3, 1))
                .add(Activation.tanhBlock());
        SequentialBlock length = new SequentialBlock();
        for (int u : new int[] {128, 64, 32, 16}) {
            length.add(Linear.builder().setUnits(ch(u, w)).build()).add(bn()).add(Activation.reluBlock());
        }
        length.add(Linear.builder().setUnits(3).build()).add(Activation.tanhBlock());
        return new GeneratorBlock(sp, ele, noise, coords, length);
    }

    /** The critic of the given width. */
    public static Block critic(double w) {
        SequentialBlock crystal = new SequentialBlock();
        for (int f : new int[] {16, 32, 64, 96, 128, 192, 256}) {
            crystal.add(conv2d(ch(f, w), 2)).add(leaky());
        }
        crystal.add(Blocks.batchFlattenBlock());
        SequentialBlock sp = new SequentialBlock()
                .add(conv2d(ch(64, w), 2))
                .add(leaky())
                .add(conv2d(ch(128, w), 2))
                .add(leaky())
                .add(conv2d(ch(256, w), 2))
                .add(leaky())
                .add(Blocks.batchFlattenBlock());
        SequentialBlock dense = new SequentialBlock()
                .add(Linear.builder().setUnits(ch(256, w)).build())
                .add(leaky())
                .add(Linear.builder().setUnits(1).build());
        return new CriticBlock(crystal, sp, dense);
    }

    /** Input shapes of the generator for batch b. */
    public static Shape[] generatorInputShapes(int b) {
        return new Shape[] {new Shape(b, 192, 4, 4), new Shape(b, PgcgmTables.N_FEATURES, 3), new Shape(b, NOISE)};
    }

    public static Shape[] criticInputShapes(int b) {
        return new Shape[] {new Shape(b, 3, 8, 8), new Shape(b, 192, 4, 4)};
    }

    static final class GeneratorBlock extends AbstractBlock {
        private final Block sp;
        private final Block ele;
        private final Block noise;
        private final Block coords;
        private final Block length;

        GeneratorBlock(Block sp, Block ele, Block noise, Block coords, Block length) {
            super((byte) 1);
            this.sp = addChildBlock("sp", sp);
            this.ele = addChildBlock("ele", ele);
            this.noise = addChildBlock("noise", noise);
            this.coords = addChildBlock("coords", coords);
            this.length = addChildBlock("length", length);
        }

        @Override
        protected NDList forwardInternal(
                ParameterStore ps, NDList in, boolean training, PairList<String, Object> params) {
            NDArray spE = sp.forward(ps, new NDList(in.get(0)), training).singletonOrThrow();
            NDArray eleE = ele.forward(ps, new NDList(in.get(1)), training).singletonOrThrow();
            NDArray zE = noise.forward(ps, new NDList(in.get(2)), training).singletonOrThrow();
            NDArray x1 = zE.concat(eleE, 1);
            NDArray x2 = zE.concat(spE, 1);
            NDArray c = coords.forward(
                            ps,
                            new NDList(x1.reshape(
                                    x1.getShape().get(0), x1.getShape().get(1), 1, 1)),
                            training)
                    .singletonOrThrow();
            NDArray l = length.forward(ps, new NDList(x2), training).singletonOrThrow();
            return new NDList(c, l);
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputs) {
            long b = inputs[0].get(0);
            return new Shape[] {new Shape(b, 3, 3, 3), new Shape(b, 3)};
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
            sp.initialize(manager, dataType, inputs[0]);
            ele.initialize(manager, dataType, inputs[1]);
            noise.initialize(manager, dataType, inputs[2]);
            long b = inputs[0].get(0);
            long spW = sp.getOutputShapes(new Shape[] {inputs[0]})[0].get(1);
            long eleW = ele.getOutputShapes(new Shape[] {inputs[1]})[0].get(1);
            long zW = noise.getOutputShapes(new Shape[] {inputs[2]})[0].get(1);
            coords.initialize(manager, dataType, new Shape(b, zW + eleW, 1, 1));
            length.initialize(manager, dataType, new Shape(b, zW + spW));
        }
    }

    static final class CriticBlock extends AbstractBlock {
        private final Block crystal;
        private final Block sp;
        private final Block dense;

        CriticBlock(Block crystal, Block sp, Block dense) {
            super((byte) 1);
            this.crystal = addChildBlock("crystal", crystal);
            this.sp = addChildBlock("sp", sp);
            this.dense = addChildBlock("dense", dense);
        }

        @Override
        protected NDList forwardInternal(
                ParameterStore ps, NDList in, boolean training, PairList<String, Object> params) {
            NDArray x1 = crystal.forward(ps, new NDList(in.get(0)), training).singletonOrThrow();
            NDArray x2 = sp.forward(ps, new NDList(in.get(1)), training).singletonOrThrow();
            return dense.forward(ps, new NDList(x1.concat(x2, 1)), training);
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputs) {
            return new Shape[] {new Shape(inputs[0].get(0), 1)};
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
            crystal.initialize(manager, dataType, inputs[0]);
            sp.initialize(manager, dataType, inputs[1]);
            long w1 = crystal.getOutputShapes(new Shape[] {inputs[0]})[0].get(1);
            long w2 = sp.getOutputShapes(new Shape[] {inputs[1]})[0].get(1);
            dense.initialize(manager, dataType, new Shape(inputs[0].get(0), w1 + w2));
        }
    }
}
