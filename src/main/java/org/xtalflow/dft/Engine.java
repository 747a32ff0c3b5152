package org.xtalflow.dft;

import java.util.Locale;

/** The DFT codes xtalflow runs: {@code engine: vasp | gpaw} in a campaign spec and a cluster profile. */
public enum Engine {
    VASP("MPRelaxSet"),
    GPAW("relax");

    private final String defaultInputSet;

    Engine(String defaultInputSet) {
        this.defaultInputSet = defaultInputSet;
    }

    /** The input set a campaign of this engine uses when its spec names none. */
    public String defaultInputSet() {
        return defaultInputSet;
    }

    /** "vasp", "gpaw": the word in conf/xtalflow.yaml, specs and entry parameters. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @throws IllegalArgumentException naming the known engines
     */
    public static Engine parse(String name) {
        for (Engine e : values()) {
            if (e.configName().equalsIgnoreCase(name == null ? "" : name.trim())) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown DFT engine '" + name + "' (known: vasp, gpaw)");
    }
}
