package org.xtalflow.predict;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The eight properties of the pretrained CGCNN models (txie-93/cgcnn pre-trained/), each with its
 * short name (as {@code predict --models} takes it), its output key and the checkpoint it comes
 * from.
 */
public enum CgcnnProperty {
    FORMATION_ENERGY("formation_energy", "formation_energy_per_atom", "formation-energy-per-atom", "eV/atom"),
    ENERGY("energy", "energy_per_atom", "final-energy-per-atom", "eV/atom"),
    BAND_GAP("band_gap", "band_gap", "band-gap", "eV"),
    EFERMI("efermi", "efermi", "efermi", "eV"),
    BULK_MODULUS("bulk_modulus", "bulk_modulus_log10_gpa", "bulk-moduli", "log10(GPa)"),
    SHEAR_MODULUS("shear_modulus", "shear_modulus_log10_gpa", "shear-moduli", "log10(GPa)"),
    POISSON_RATIO("poisson_ratio", "poisson_ratio", "poisson-ratio", ""),
    /** Probability that the crystal is a metal (class 1 of the semi-metal classifier). */
    METAL("metal", "metal_probability", "semi-metal-classification", "probability");

    private final String shortName;
    private final String key;
    private final String modelName;
    private final String unit;

    CgcnnProperty(String shortName, String key, String modelName, String unit) {
        this.shortName = shortName;
        this.key = key;
        this.modelName = modelName;
        this.unit = unit;
    }

    public String shortName() {
        return shortName;
    }

    /** The key in JSON output and in the store, e.g. formation_energy_per_atom. */
    public String key() {
        return key;
    }

    /** The checkpoint's name, e.g. formation-energy-per-atom. */
    public String modelName() {
        return modelName;
    }

    public String unit() {
        return unit;
    }

    /** By short name, output key or checkpoint name (case-insensitive). */
    public static CgcnnProperty byName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (CgcnnProperty p : values()) {
            if (p.shortName.equals(n) || p.key.equals(n) || p.modelName.equals(n)) {
                return p;
            }
        }
        throw new IllegalArgumentException(
                "unknown CGCNN property '" + name + "' (known: " + String.join(", ", shortNames()) + ")");
    }

    /** A comma-separated list of names; "all" for every property. */
    public static Set<CgcnnProperty> parseList(String list) {
        EnumSet<CgcnnProperty> out = EnumSet.noneOf(CgcnnProperty.class);
        for (String part : list.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            if (part.trim().equalsIgnoreCase("all")) {
                out.addAll(EnumSet.allOf(CgcnnProperty.class));
            } else {
                out.add(byName(part));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no CGCNN property named in '" + list + "'");
        }
        return out;
    }

    public static List<String> shortNames() {
        List<String> out = new ArrayList<>();
        for (CgcnnProperty p : values()) {
            out.add(p.shortName);
        }
        return out;
    }
}
