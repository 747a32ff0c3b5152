package org.xtalflow.campaign;

import java.nio.file.Path;
import java.util.List;
import org.xtalflow.crystal.SpaceGroup;
import org.xtalflow.crystal.Structure;

/**
 * The stage beans the routes call, one obvious method each. The implementations live in their
 * own packages (generate, screen, vasp, hpc, thermo); the application binds whichever are present
 * in this build. A stage that is absent makes its work fail with {@link StageUnavailableException},
 * recorded on the campaign; nothing is faked.
 */
public final class Stages {
    private Stages() {}

    /** A generated full cell and the space group it was generated in. */
    public record Generated(Structure structure, SpaceGroup spaceGroup) {}

    /** Samples the generator for one system and expands the samples to full cells. */
    public interface Generate {
        /** @param seed makes the sampling reproducible ({@link CampaignSpec#systemSeed}: the spec's seed and the system) */
        List<Generated> generate(CampaignSpec spec, List<String> system, long seed);
    }

    /** Merges, filters and de-duplicates generated cells, one verdict per cell. */
    public interface Screen {
        /**
         * @param id        the candidate's id
         * @param passed    survived every filter
         * @param filter    the filter that rejected it (null when passed)
         * @param reason    stable reason code, e.g. "distance.too_close" (null when passed)
         * @param detail    human detail (null when passed)
         * @param structure the merged structure (set when passed)
         */
        record Result(String id, boolean passed, String filter, String reason, String detail, Structure structure) {}

        /**
         * @param campaignId the campaign (duplicates are judged within it)
         * @param ids        candidate ids, parallel to {@code raw}
         */
        List<Result> screen(String campaignId, CampaignSpec spec, List<Generated> raw, List<String> ids);
    }

    /** The ML pre-screen between screening and DFT: predictions for every candidate, a verdict each. */
    public interface PreScreen {
        /**
         * @param passed          goes on to VASP preparation
         * @param reason          stable reason code, e.g. "prescreen.predicted_unstable" (null when passed)
         * @param detail          human detail with the numbers (null when passed)
         * @param formationEnergy predicted formation energy (eV/atom; NaN when no prediction)
         * @param eAboveHull      predicted energy above the predicted hull (eV/atom; NaN when none)
         * @param predictionsJson every predicted property as JSON (null when none)
         */
        record Result(
                String id,
                boolean passed,
                String reason,
                String detail,
                double formationEnergy,
                double eAboveHull,
                String predictionsJson) {}

        /** Whether the stage runs for this campaign (conf's prescreen.enabled). */
        boolean enabled(CampaignSpec spec);

        /** Judges one chemical system's screened candidates together (top_n_per_system counts within them). */
        List<Result> prescreen(CampaignSpec spec, List<String> ids, List<Structure> structures);
    }

    /** Writes the job bundle of the campaign's DFT engine (VASP: INCAR, KPOINTS, POSCAR, POTCAR spec; GPAW: settings, driver) and job script. */
    public interface Prepare {
        /**
         * @param spaceGroup the group the candidate was generated in (k-mesh style); may be null
         * @param spec       the campaign's spec: its engine ({@link EngineChoice}) and input set
         * @return the bundle folder created under {@code outbox}
         */
        Path prepare(Structure structure, SpaceGroup spaceGroup, String candidateId, CampaignSpec spec, Path outbox);
    }

    /** Reads a finished job's fetched outputs and places the result on the hull. */
    public interface Harvest {
        /**
         * @param finalEnergyEv            final total energy (eV)
         * @param energyPerAtomEv          final energy (eV/atom)
         * @param formationEnergyPerAtomEv formation energy (eV/atom), corrected as the thermo stage does
         * @param eAboveHullEv             energy above hull (eV/atom)
         * @param converged                ionic and electronic convergence reached
         * @param entryJson                the computed entry as pymatgen ComputedStructureEntry JSON (final
         *                                 structure, uncorrected energy, run parameters), stored so the
         *                                 campaign report can recompute the final hull; may be null
         */
        record Outcome(
                double finalEnergyEv,
                double energyPerAtomEv,
                double formationEnergyPerAtomEv,
                double eAboveHullEv,
                boolean converged,
                String entryJson) {}

        /** @param resultsDir the job's fetched outputs (vasprun.xml, OUTCAR, ...) */
        Outcome harvest(String candidateId, Path resultsDir);
    }
}
