package org.xtalflow.campaign;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Supplier;
import org.xtalflow.crystal.Structure;
import org.xtalflow.predict.CgcnnPredictor;
import org.xtalflow.predict.CgcnnProperty;
import org.xtalflow.predict.PreScreen;
import org.xtalflow.predict.PreScreenConfig;
import org.xtalflow.predict.PredictedHull;
import org.xtalflow.screen.KnownStructures;

/**
 * The pre-screen stage of a campaign: the CGCNN models (all eight, so every candidate keeps every
 * prediction) and the predicted hull of the bundled Materials Project ground states, loaded on
 * first use and shared by all campaigns; settings from conf's {@code prescreen} section.
 */
public final class PreScreenStage implements Stages.PreScreen, AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Supplier<PreScreenConfig> config;
    private CgcnnPredictor predictor;
    private PredictedHull hull;

    public PreScreenStage(Supplier<PreScreenConfig> config) {
        this.config = config;
    }

    @Override
    public boolean enabled(CampaignSpec spec) {
        return config.get().enabled;
    }

    @Override
    public List<Result> prescreen(CampaignSpec spec, List<String> ids, List<Structure> structures) {
        List<PreScreen.Input> in = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            in.add(new PreScreen.Input(ids.get(i), structures.get(i)));
        }
        List<Result> out = new ArrayList<>(ids.size());
        for (PreScreen.Outcome o : new PreScreen(config.get(), predictor(), hull).check(in)) {
            if (o.prediction() == null) {
                out.add(new Result(o.id(), false, o.reason(), o.detail(), Double.NaN, Double.NaN, null));
                continue;
            }
            ObjectNode j = JSON.createObjectNode();
            o.prediction().values().forEach((k, v) -> j.put(k.key(), v));
            j.put("predicted_hull_energy_per_atom", o.hull().hullEnergyPerAtom());
            j.put("e_above_hull_predicted", o.hull().eAboveHull());
            j.putPOJO("predicted_decomposition", o.hull().decomposition());
            out.add(new Result(
                    o.id(),
                    o.passed(),
                    o.reason(),
                    o.detail(),
                    o.prediction().get(CgcnnProperty.FORMATION_ENERGY),
                    o.hull().eAboveHull(),
                    j.toString()));
        }
        return out;
    }

    private synchronized CgcnnPredictor predictor() {
        if (predictor == null) {
            predictor = CgcnnPredictor.open(EnumSet.allOf(CgcnnProperty.class));
            hull = new PredictedHull(predictor, KnownStructures.builtin());
        }
        return predictor;
    }

    @Override
    public synchronized void close() {
        if (predictor != null) {
            predictor.close();
            predictor = null;
        }
    }
}
