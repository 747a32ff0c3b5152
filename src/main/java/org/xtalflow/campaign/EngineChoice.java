package org.xtalflow.campaign;

import java.util.function.Function;
import org.xtalflow.dft.Engine;

/**
 * The DFT engine and input set a campaign runs with: the spec's {@code engine}, else its cluster
 * profile's, else VASP. MPRelaxSet is VASP's set: a GPAW campaign that names it (the application
 * default) runs GpawRelaxSet ("relax") instead.
 */
public record EngineChoice(Engine engine, String inputSet) {

    /** @param clusterEngine the engine a cluster profile names (null when none or no such profile) */
    public static EngineChoice of(CampaignSpec spec, Function<String, String> clusterEngine) {
        String name = spec.engine();
        if (name == null && spec.cluster() != null) {
            name = clusterEngine.apply(spec.cluster());
        }
        Engine engine = name == null ? Engine.VASP : Engine.parse(name);
        String set = spec.inputSet();
        if (engine == Engine.GPAW && (set == null || set.equalsIgnoreCase("MPRelaxSet"))) {
            set = Engine.GPAW.defaultInputSet();
        }
        return new EngineChoice(engine, set);
    }
}
