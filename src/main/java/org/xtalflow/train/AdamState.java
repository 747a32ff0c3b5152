package org.xtalflow.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Adam (Kingma and Ba) over a fixed list of parameters, with its moments kept here so a
 * checkpoint can save and restore them exactly (DJL's optimizer keeps them private).
 */
final class AdamState {

    private final List<Parameter> params;
    private final double lr;
    private final double beta1;
    private final double beta2;
    private static final double EPS = 1e-8;
    private final List<NDArray> m = new ArrayList<>();
    private final List<NDArray> v = new ArrayList<>();
    private long t;

    AdamState(NDManager manager, List<Parameter> params, double lr, double beta1, double beta2) {
        this.params = params;
        this.lr = lr;
        this.beta1 = beta1;
        this.beta2 = beta2;
        for (Parameter p : params) {
            m.add(manager.zeros(p.getArray().getShape()));
            v.add(manager.zeros(p.getArray().getShape()));
        }
    }

    long steps() {
        return t;
    }

    /** One update from the parameters' current gradients (grad mode off while writing weights). */
    void update(NDManager scratch) {
        t++;
        double bc1 = 1 - Math.pow(beta1, t);
        double bc2 = 1 - Math.pow(beta2, t);
        boolean grad = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            for (int i = 0; i < params.size(); i++) {
                NDArray w = params.get(i).getArray();
                NDArray g = w.getGradient();
                g.attach(scratch);
                NDArray mi = m.get(i);
                NDArray vi = v.get(i);
                mi.muli((float) beta1).addi(att(g.mul((float) (1 - beta1)), scratch));
                vi.muli((float) beta2).addi(att(att(g.square(), scratch).muli((float) (1 - beta2)), scratch));
                NDArray denom = att(
                        att(att(vi.div((float) bc2), scratch).sqrt(), scratch).addi((float) EPS), scratch);
                NDArray step = att(att(mi.mul((float) (lr / bc1)), scratch).divi(denom), scratch);
                w.subi(step);
            }
        } finally {
            JniUtils.setGradMode(grad);
        }
    }

    private static NDArray att(NDArray a, NDManager s) {
        a.attach(s);
        return a;
    }

    /** Clears the gradients of all parameters (PyTorch's zero_grad). */
    static void zero(List<Parameter> params) {
        for (Parameter p : params) {
            NDArray a = p.getArray();
            if (a.hasGradient()) {
                JniUtils.zeroGrad((PtNDArray) a);
            }
        }
    }

    void save(OutputStream os) throws IOException {
        NDList all = new NDList();
        all.addAll(m);
        all.addAll(v);
        all.encode(os);
    }

    void load(NDManager manager, InputStream in, long steps) throws IOException {
        NDList all = NDList.decode(manager, in);
        if (all.size() != 2 * params.size()) {
            throw new IOException("optimizer state has " + all.size() + " arrays, expected " + 2 * params.size());
        }
        for (int i = 0; i < params.size(); i++) {
            m.get(i).set(all.get(i).toFloatArray());
            v.get(i).set(all.get(params.size() + i).toFloatArray());
        }
        all.close();
        t = steps;
    }
}
