package org.xtalflow.thermo;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.xtalflow.crystal.Composition;
import org.xtalflow.crystal.Structure;

/**
 * A computed total energy for a composition, as pymatgen's ComputedEntry (or
 * ComputedStructureEntry when {@link #structure()} is known). Energies in eV for the whole
 * composition as given (the cell, not a formula unit). Immutable.
 *
 * <p>{@link #uncorrectedEnergy()} is the DFT energy; {@link #energy()} adds the corrections
 * ({@link #adjustments()}), as pymatgen's {@code entry.energy}.
 */
public final class ComputedEntry {

    /** Run types that pymatgen writes in parameters.run_type and MP2020 accepts. */
    public static final String GGA = "GGA";

    public static final String GGA_U = "GGA+U";

    private final String entryId;
    private final Composition composition;
    private final double uncorrectedEnergy;
    private final List<EnergyAdjustment> adjustments;
    private final String runType;
    private final Map<String, Double> hubbards;
    private final List<String> potcarSymbols;
    private final ObjectNode parameters;
    private final ObjectNode data;
    private final Structure structure;

    private ComputedEntry(Builder b) {
        this.composition = Objects.requireNonNull(b.composition, "composition");
        if (composition.numAtoms() <= 0) {
            throw new IllegalArgumentException("entry " + b.entryId + " has an empty composition");
        }
        if (!Double.isFinite(b.uncorrectedEnergy)) {
            throw new IllegalArgumentException("entry " + b.entryId + " (" + composition.reducedFormula()
                    + ") has a non-finite energy " + b.uncorrectedEnergy);
        }
        this.entryId = b.entryId;
        this.uncorrectedEnergy = b.uncorrectedEnergy;
        this.adjustments = List.copyOf(b.adjustments);
        this.runType = b.runType;
        this.hubbards = Collections.unmodifiableMap(new LinkedHashMap<>(b.hubbards));
        this.potcarSymbols = List.copyOf(b.potcarSymbols);
        this.parameters = b.parameters == null ? JsonNodeFactory.instance.objectNode() : b.parameters.deepCopy();
        this.data = b.data == null ? JsonNodeFactory.instance.objectNode() : b.data.deepCopy();
        this.structure = b.structure;
    }

    /**
     * Largest magnitude of an energy per atom (eV/atom) an entry file may give, uncorrected or
     * corrected. DFT total energies are tens of eV per atom (hundreds of thousands even for
     * all-electron codes stay below); beyond, a value is a typo or an attack ({@code 1e308}
     * would print E_f −Infinity as "stable").
     */
    public static final double MAX_ABS_ENERGY_PER_ATOM_EV = 1e6;

    /** Why this entry's energy is not usable, or null: non-finite, or beyond {@link #MAX_ABS_ENERGY_PER_ATOM_EV}. */
    public String energyProblem() {
        double u = uncorrectedEnergyPerAtom();
        double c = energyPerAtom();
        if (!Double.isFinite(u) || Math.abs(u) > MAX_ABS_ENERGY_PER_ATOM_EV) {
            return "energy " + uncorrectedEnergy + " eV (" + u + " eV/atom) is beyond ±" + MAX_ABS_ENERGY_PER_ATOM_EV
                    + " eV/atom";
        }
        if (!Double.isFinite(c) || Math.abs(c) > MAX_ABS_ENERGY_PER_ATOM_EV) {
            return "corrected energy " + energy() + " eV (" + c + " eV/atom) is beyond ±" + MAX_ABS_ENERGY_PER_ATOM_EV
                    + " eV/atom";
        }
        return null;
    }

    public static Builder builder(Composition composition, double uncorrectedEnergyEv) {
        Builder b = new Builder();
        b.composition = composition;
        b.uncorrectedEnergy = uncorrectedEnergyEv;
        return b;
    }

    /** A ComputedStructureEntry: the composition is the structure's. */
    public static Builder builder(Structure structure, double uncorrectedEnergyEv) {
        Builder b = builder(structure.composition(), uncorrectedEnergyEv);
        b.structure = structure;
        return b;
    }

    /** A builder holding every field of this entry, to derive a modified copy. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.entryId = entryId;
        b.composition = composition;
        b.uncorrectedEnergy = uncorrectedEnergy;
        b.adjustments = adjustments;
        b.runType = runType;
        b.hubbards = hubbards;
        b.potcarSymbols = potcarSymbols;
        b.parameters = parameters;
        b.data = data;
        b.structure = structure;
        return b;
    }

    /** This entry with its corrections replaced (pymatgen's clean=True processing). */
    public ComputedEntry withAdjustments(List<EnergyAdjustment> newAdjustments) {
        return toBuilder().adjustments(newAdjustments).build();
    }

    /**
     * The entries without exact duplicates, first occurrence kept, order kept: pymatgen's
     * {@code EntrySet} (a set) drops entries equal in entry id, composition (atom counts, not
     * reduced), uncorrected energy, corrections, run type, Hubbard U, POTCAR symbols, parameters
     * and data. Energies compare exactly (a duplicate is the same row twice, e.g. the Li-Fe-O
     * CSV's two repeated rows), so two calculations that merely agree to 1e-8 eV both stay.
     */
    public static List<ComputedEntry> distinct(List<ComputedEntry> entries) {
        LinkedHashSet<Identity> seen = new LinkedHashSet<>();
        List<ComputedEntry> out = new ArrayList<>();
        for (ComputedEntry e : entries) {
            if (seen.add(new Identity(
                    e.entryId,
                    e.composition,
                    e.uncorrectedEnergy,
                    e.adjustments,
                    e.runType,
                    e.hubbards,
                    e.potcarSymbols,
                    e.parameters,
                    e.data))) {
                out.add(e);
            }
        }
        return out;
    }

    /** What makes two entries the same for {@link #distinct}; the structure is not compared. */
    private record Identity(
            String entryId,
            Composition composition,
            double uncorrectedEnergy,
            List<EnergyAdjustment> adjustments,
            String runType,
            Map<String, Double> hubbards,
            List<String> potcarSymbols,
            ObjectNode parameters,
            ObjectNode data) {}

    public String entryId() {
        return entryId;
    }

    public Composition composition() {
        return composition;
    }

    /** The DFT total energy in eV, without corrections. */
    public double uncorrectedEnergy() {
        return uncorrectedEnergy;
    }

    public List<EnergyAdjustment> adjustments() {
        return adjustments;
    }

    /** Sum of the adjustments in eV. */
    public double correction() {
        double s = 0;
        for (EnergyAdjustment a : adjustments) {
            s += a.value();
        }
        return s;
    }

    /** Corrected total energy in eV. */
    public double energy() {
        return uncorrectedEnergy + correction();
    }

    /** Corrected energy in eV per atom. */
    public double energyPerAtom() {
        return energy() / composition.numAtoms();
    }

    public double uncorrectedEnergyPerAtom() {
        return uncorrectedEnergy / composition.numAtoms();
    }

    /** "GGA", "GGA+U", another functional name, or null when unknown. */
    public String runType() {
        return runType;
    }

    /** Non-zero Hubbard U values in eV by element symbol (empty for a GGA run). */
    public Map<String, Double> hubbards() {
        return hubbards;
    }

    /** POTCAR symbols such as "Fe_pv", "O"; empty when unknown. */
    public List<String> potcarSymbols() {
        return potcarSymbols;
    }

    /** pymatgen's parameters dict, other keys kept for round trips (do not modify). */
    public ObjectNode parameters() {
        return parameters;
    }

    /** pymatgen's data dict (oxide_type, oxidation_states, material_id, ...). */
    public ObjectNode data() {
        return data;
    }

    /** The structure (ComputedStructureEntry), or null. */
    public Structure structure() {
        return structure;
    }

    /** pymatgen's entry.name: the reduced formula. */
    public String name() {
        return composition.reducedFormula();
    }

    /** True when the entry says it is GGA+U (run_type, or non-zero U values). */
    public boolean isHubbard() {
        return GGA_U.equals(runType)
                || (!hubbards.isEmpty() && hubbards.values().stream().anyMatch(u -> u != 0));
    }

    /** A short label for messages: id and formula. */
    public String label() {
        return (entryId == null ? "" : entryId + " ") + name();
    }

    @Override
    public String toString() {
        return "ComputedEntry " + label() + " E=" + uncorrectedEnergy + " eV, correction=" + correction() + " eV";
    }

    /** Builder; energies in eV. */
    public static final class Builder {
        private String entryId;
        private Composition composition;
        private double uncorrectedEnergy;
        private List<EnergyAdjustment> adjustments = List.of();
        private String runType;
        private Map<String, Double> hubbards = Map.of();
        private List<String> potcarSymbols = List.of();
        private ObjectNode parameters;
        private ObjectNode data;
        private Structure structure;

        public Builder entryId(String id) {
            this.entryId = id;
            return this;
        }

        public Builder adjustments(List<EnergyAdjustment> a) {
            this.adjustments = a;
            return this;
        }
        /** A single constant correction (pymatgen's "correction" field of old dicts), eV. */
        public Builder correction(double ev) {
            this.adjustments =
                    ev == 0 ? List.of() : List.of(EnergyAdjustment.constant("Manual adjustment", ev, Double.NaN));
            return this;
        }

        public Builder runType(String r) {
            this.runType = r;
            return this;
        }

        public Builder hubbards(Map<String, Double> u) {
            this.hubbards = u;
            return this;
        }

        public Builder potcarSymbols(List<String> p) {
            this.potcarSymbols = p;
            return this;
        }

        public Builder parameters(ObjectNode p) {
            this.parameters = p;
            return this;
        }

        public Builder data(ObjectNode d) {
            this.data = d;
            return this;
        }

        public Builder structure(Structure s) {
            this.structure = s;
            return this;
        }

        public ComputedEntry build() {
            return new ComputedEntry(this);
        }
    }
}
