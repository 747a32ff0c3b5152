package org.xtalflow.screen;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.xtalflow.crystal.Element;
import org.xtalflow.crystal.Lattice;
import org.xtalflow.crystal.Site;
import org.xtalflow.crystal.Structure;
import org.xtalflow.crystal.SymmetryExpansion;

/**
 * The screening stages' working form of a structure: a lattice plus flat arrays (species, and
 * fractional coordinates x0,y0,z0,x1,...). Flat so that expansion, merging and the filters touch
 * no per-site objects in the hot path; convert with {@link #of(Structure)} / {@link #toStructure()}.
 * Mutable (the merger rewrites it in place); not shared between threads.
 */
public final class Cell {

    private Lattice lattice;
    private Element[] species;
    private double[] frac;
    private int n;
    /** Memo of the fingerprint (duplicate and novelty filters both need it); reset on change. */
    private Fingerprint fingerprint;

    public Cell(Lattice lattice, Element[] species, double[] frac, int n) {
        if (species.length < n || frac.length < 3 * n) {
            throw new IllegalArgumentException("arrays shorter than " + n + " sites");
        }
        this.lattice = lattice;
        this.species = species;
        this.frac = frac;
        this.n = n;
    }

    public static Cell of(Structure s) {
        int n = s.size();
        Element[] sp = new Element[n];
        double[] f = new double[3 * n];
        for (int i = 0; i < n; i++) {
            Site site = s.site(i);
            sp[i] = site.species();
            double[] x = site.frac();
            f[3 * i] = x[0];
            f[3 * i + 1] = x[1];
            f[3 * i + 2] = x[2];
        }
        return new Cell(s.lattice(), sp, f, n);
    }

    /** An immutable Structure with coordinates wrapped into [0, 1). */
    public Structure toStructure() {
        List<Site> sites = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            sites.add(new Site(
                    species[i],
                    new double[] {
                        SymmetryExpansion.wrap(frac[3 * i]),
                        SymmetryExpansion.wrap(frac[3 * i + 1]),
                        SymmetryExpansion.wrap(frac[3 * i + 2])
                    },
                    1.0,
                    null));
        }
        return new Structure(lattice, sites);
    }

    public Lattice lattice() {
        return lattice;
    }

    public int size() {
        return n;
    }

    public Element species(int i) {
        return species[i];
    }

    public double x(int i) {
        return frac[3 * i];
    }

    public double y(int i) {
        return frac[3 * i + 1];
    }

    public double z(int i) {
        return frac[3 * i + 2];
    }

    /** Backing species array (first {@link #size()} entries are valid). */
    Element[] speciesArray() {
        return species;
    }

    /** Backing coordinate array (first 3 * {@link #size()} entries are valid). */
    double[] fracArray() {
        return frac;
    }

    /** A small integer per site naming its element (1, 2, ... in order of first appearance), as spglib takes types. */
    int[] typeIds() {
        int[] types = new int[n];
        Element[] seen = new Element[8];
        int k = 0;
        for (int i = 0; i < n; i++) {
            int j = 0;
            while (j < k && seen[j] != species[i]) {
                j++;
            }
            if (j == k) {
                if (k == seen.length) {
                    seen = Arrays.copyOf(seen, 2 * k);
                }
                seen[k++] = species[i];
            }
            types[i] = j + 1;
        }
        return types;
    }

    /** Replaces the content (used by the merger); arrays are taken, not copied. */
    void replace(Element[] newSpecies, double[] newFrac, int newN) {
        species = newSpecies;
        frac = newFrac;
        n = newN;
        fingerprint = null;
    }

    /** The fingerprint of this cell in space group {@code sg}, computed once. */
    Fingerprint fingerprint(int sg) {
        Fingerprint fp = fingerprint;
        if (fp == null || fp.spaceGroup() != sg) {
            fp = Fingerprint.of(this, sg);
            fingerprint = fp;
        }
        return fp;
    }

    public Cell copy() {
        return new Cell(lattice, Arrays.copyOf(species, n), Arrays.copyOf(frac, 3 * n), n);
    }

    /** Element amounts in first-appearance order, as parallel arrays (small: at most a few elements). */
    ElementCounts counts() {
        Element[] els = new Element[8];
        int[] cnt = new int[8];
        int k = 0;
        for (int i = 0; i < n; i++) {
            Element e = species[i];
            int j = 0;
            while (j < k && els[j] != e) {
                j++;
            }
            if (j == k) {
                if (k == els.length) {
                    els = Arrays.copyOf(els, 2 * k);
                    cnt = Arrays.copyOf(cnt, 2 * k);
                }
                els[k++] = e;
            }
            cnt[j]++;
        }
        return new ElementCounts(Arrays.copyOf(els, k), Arrays.copyOf(cnt, k));
    }

    /** Distinct elements of a cell with their site counts. */
    record ElementCounts(Element[] elements, int[] counts) {}
}
