package org.xtalflow.predict;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.ArrayList;
import java.util.List;

/**
 * CGCNN's CrystalGraphConvNet (txie-93/cgcnn model.py) in evaluation mode, as tensor operations
 * of DJL's PyTorch engine on the parameters of a {@link CgcnnModel}.
 *
 * <p>Per convolution: z = W [v_i, v_j, u_ij] + b for each atom i and neighbour j, batch norm,
 * then v_i ← softplus(v_i + BN(Σ_j σ(z_f) ⊙ softplus(z_s))). Then mean pooling over a crystal's
 * atoms, softplus, a linear layer to h_fea_len, softplus, (n_h - 1) more hidden layers, the output
 * layer. Regression outputs are de-normalised (· std + mean); the classifier's output is the
 * softmax probability of class 1 (metal).
 *
 * <p>Evaluation-mode batch norm is an affine map with the running statistics, so it is folded
 * into the preceding linear layer at load; the linear layer on [v_i, v_j, u_ij] is split in its
 * three blocks so the neighbour block is applied once per atom and then gathered, and the atom
 * embedding is applied once per element. These are exact rewritings; only float rounding
 * differs from the original.
 */
final class CgcnnNetwork implements AutoCloseable {

    private static final float BN_EPS = 1e-5f;

    private final CgcnnModel model;
    private final NDManager manager;
    private final int a; // atom_fea_len
    private final NDArray embedding; // (101, a): element features already embedded
    private final List<NDArray> atomWeights = new ArrayList<>(); // per conv (a, 4a): [self | neighbour]
    private final List<NDArray> bondWeights = new ArrayList<>(); // per conv (41, 2a)
    private final List<NDArray> convBias = new ArrayList<>(); // per conv (2a)
    private final List<NDArray> bn2Scale = new ArrayList<>(); // per conv (a)
    private final List<NDArray> bn2Shift = new ArrayList<>();
    private final NDArray fcWeight; // (a, h)
    private final NDArray fcBias;
    private final List<NDArray> hiddenWeights = new ArrayList<>();
    private final List<NDArray> hiddenBias = new ArrayList<>();
    private final NDArray outWeight; // (h, 1 or 2)
    private final NDArray outBias;

    CgcnnNetwork(NDManager parent, CgcnnModel model) {
        this.model = model;
        this.manager = parent.newSubManager();
        CgcnnModel.Card card = model.card();
        this.a = card.atomFeaLen();
        embedding = embeddingTable(model);
        int in = 2 * a + GaussianDistance.LENGTH;
        for (int c = 0; c < card.nConv(); c++) {
            String p = "convs." + c + ".";
            float[] w = model.parameter(p + "fc_full.weight"); // (2a, in)
            float[] b = model.parameter(p + "fc_full.bias");
            float[] scale = new float[2 * a];
            float[] shift = new float[2 * a];
            batchNorm(model, p + "bn1", scale, shift);
            float[] atomW = new float[a * 4 * a]; // (a, 4a): columns [self 2a | neighbour 2a]
            float[] bondW = new float[GaussianDistance.LENGTH * 2 * a];
            float[] bias = new float[2 * a];
            for (int o = 0; o < 2 * a; o++) {
                for (int k = 0; k < a; k++) {
                    atomW[k * 4 * a + o] = w[o * in + k] * scale[o];
                    atomW[k * 4 * a + 2 * a + o] = w[o * in + a + k] * scale[o];
                }
                for (int k = 0; k < GaussianDistance.LENGTH; k++) {
                    bondW[k * 2 * a + o] = w[o * in + 2 * a + k] * scale[o];
                }
                bias[o] = b[o] * scale[o] + shift[o];
            }
            atomWeights.add(manager.create(atomW, new Shape(a, 4L * a)));
            bondWeights.add(manager.create(bondW, new Shape(GaussianDistance.LENGTH, 2L * a)));
            convBias.add(manager.create(bias));
            float[] s2 = new float[a];
            float[] t2 = new float[a];
            batchNorm(model, p + "bn2", s2, t2);
            bn2Scale.add(manager.create(s2));
            bn2Shift.add(manager.create(t2));
        }
        fcWeight = transposed("conv_to_fc.weight", card.hFeaLen(), a);
        fcBias = manager.create(model.parameter("conv_to_fc.bias"));
        for (int h = 0; h < card.nH() - 1; h++) {
            hiddenWeights.add(transposed("fcs." + h + ".weight", card.hFeaLen(), card.hFeaLen()));
            hiddenBias.add(manager.create(model.parameter("fcs." + h + ".bias")));
        }
        int outs = card.classification() ? 2 : 1;
        outWeight = transposed("fc_out.weight", outs, card.hFeaLen());
        outBias = manager.create(model.parameter("fc_out.bias"));
    }

    /** Eval-mode batch norm as y = x · scale + shift. */
    private static void batchNorm(CgcnnModel model, String prefix, float[] scale, float[] shift) {
        float[] g = model.parameter(prefix + ".weight");
        float[] beta = model.parameter(prefix + ".bias");
        float[] mean = model.parameter(prefix + ".running_mean");
        float[] var = model.parameter(prefix + ".running_var");
        for (int c = 0; c < scale.length; c++) {
            scale[c] = (float) (g[c] / Math.sqrt(var[c] + BN_EPS));
            shift[c] = beta[c] - mean[c] * scale[c];
        }
    }

    /** The embedding layer applied to every element's 92 features: a (101, a) lookup table. */
    private NDArray embeddingTable(CgcnnModel model) {
        float[][] features = AtomFeatures.table();
        float[] f = new float[features.length * AtomFeatures.LENGTH];
        for (int z = 0; z < features.length; z++) {
            if (features[z] != null) {
                System.arraycopy(features[z], 0, f, z * AtomFeatures.LENGTH, AtomFeatures.LENGTH);
            }
        }
        try (NDManager tmp = manager.newSubManager()) {
            NDArray x = tmp.create(f, new Shape(features.length, AtomFeatures.LENGTH));
            NDArray w = tmp.create(model.parameter("embedding.weight"), new Shape(a, AtomFeatures.LENGTH));
            NDArray table = x.matMul(w.transpose()).add(tmp.create(model.parameter("embedding.bias")));
            table.attach(manager);
            return table;
        }
    }

    private NDArray transposed(String name, int rows, int cols) {
        float[] w = model.parameter(name);
        float[] t = new float[w.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = w[r * cols + c];
            }
        }
        return manager.create(t, new Shape(cols, rows));
    }

    CgcnnModel model() {
        return model;
    }

    /** The model's prediction for each crystal of the batch (property units; probability for the classifier). */
    double[] predict(GraphBatch batch) {
        try (NDManager pass = batch.manager().newSubManager()) {
            int n = batch.atoms;
            int m = CrystalGraph.MAX_NEIGHBORS;
            NDArray v = embedding.get(batch.atomicNumbers);
            v.attach(pass);
            NDIndex first = new NDIndex(":, :, 0:" + a);
            NDIndex second = new NDIndex(":, :, " + a + ":");
            for (int c = 0; c < atomWeights.size(); c++) {
                NDArray sn = v.matMul(atomWeights.get(c)); // (N, 4a)
                NDArray self = sn.get(new NDIndex(":, 0:" + 2 * a)).reshape(n, 1, 2 * a);
                NDArray nbr = sn.get(new NDIndex(":, " + 2 * a + ":")).get(batch.neighbors); // (N·M, 2a)
                NDArray bond = batch.bonds.matMul(bondWeights.get(c)); // (U, 2a)
                bond.attach(pass);
                bond = bond.add(convBias.get(c)).get(batch.bondIndex); // (N·M, 2a)
                NDArray z = nbr.add(bond).reshape(n, m, 2 * a).add(self);
                NDArray gate = Activation.sigmoid(z.get(first));
                NDArray core = Activation.softPlus(z.get(second));
                NDArray summed =
                        gate.mul(core).sum(new int[] {1}).mul(bn2Scale.get(c)).add(bn2Shift.get(c));
                v = Activation.softPlus(v.add(summed));
            }
            NDArray padded = v.concat(pass.zeros(new Shape(1, a)), 0);
            NDArray crystal = padded.get(batch.members).mul(batch.weights).sum(new int[] {1}); // mean pooling
            NDArray h = Activation.softPlus(
                    Activation.softPlus(crystal).matMul(fcWeight).add(fcBias));
            for (int k = 0; k < hiddenWeights.size(); k++) {
                h = Activation.softPlus(h.matMul(hiddenWeights.get(k)).add(hiddenBias.get(k)));
            }
            float[] out = h.matMul(outWeight).add(outBias).toFloatArray();
            double[] result = new double[batch.crystals];
            CgcnnModel.Card card = model.card();
            for (int i = 0; i < result.length; i++) {
                if (card.classification()) {
                    result[i] = 1.0 / (1.0 + Math.exp((double) out[2 * i] - out[2 * i + 1]));
                } else {
                    result[i] = out[i] * card.normalizerStd() + card.normalizerMean();
                }
            }
            return result;
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
