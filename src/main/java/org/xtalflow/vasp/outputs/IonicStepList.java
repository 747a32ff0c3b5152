package org.xtalflow.vasp.outputs;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.RandomAccess;

/**
 * The ionic steps of a run, stored as columns of primitives (about 44 bytes a step) so that a
 * long MD or relaxation trajectory costs little memory; {@link IonicStep} records are made on
 * access. Read-only once handed out by the reader.
 */
final class IonicStepList extends AbstractList<IonicStep> implements RandomAccess {
    private int size;
    private double[] eFr = new double[64];
    private double[] eWo = new double[64];
    private double[] e0 = new double[64];
    private double[] scFr = new double[64];
    private double[] sc0 = new double[64];
    private int[] nEl = new int[64];
    private boolean[] hasStructure = new boolean[64];

    void add(double fr, double wo, double z, int n, double sfr, double s0, boolean structure) {
        if (size == eFr.length) {
            int c = size * 2;
            eFr = Arrays.copyOf(eFr, c);
            eWo = Arrays.copyOf(eWo, c);
            e0 = Arrays.copyOf(e0, c);
            scFr = Arrays.copyOf(scFr, c);
            sc0 = Arrays.copyOf(sc0, c);
            nEl = Arrays.copyOf(nEl, c);
            hasStructure = Arrays.copyOf(hasStructure, c);
        }
        eFr[size] = fr;
        eWo[size] = wo;
        e0[size] = z;
        nEl[size] = n;
        scFr[size] = sfr;
        sc0[size] = s0;
        hasStructure[size] = structure;
        size++;
    }

    /** A copy sized to its content. */
    IonicStepList trimmed() {
        IonicStepList t = new IonicStepList();
        t.size = size;
        t.eFr = Arrays.copyOf(eFr, size);
        t.eWo = Arrays.copyOf(eWo, size);
        t.e0 = Arrays.copyOf(e0, size);
        t.scFr = Arrays.copyOf(scFr, size);
        t.sc0 = Arrays.copyOf(sc0, size);
        t.nEl = Arrays.copyOf(nEl, size);
        t.hasStructure = Arrays.copyOf(hasStructure, size);
        return t;
    }

    @Override
    public IonicStep get(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("ionic step " + i + " of " + size);
        }
        return new IonicStep(i, eFr[i], eWo[i], e0[i], nEl[i], scFr[i], sc0[i], hasStructure[i]);
    }

    @Override
    public int size() {
        return size;
    }

    /** Total SCF steps over all ionic steps. */
    long totalElectronicSteps() {
        long t = 0;
        for (int i = 0; i < size; i++) {
            t += nEl[i];
        }
        return t;
    }
}
