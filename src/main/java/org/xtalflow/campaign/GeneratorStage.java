package org.xtalflow.campaign;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.xtalflow.crystal.Element;
import org.xtalflow.crystal.SpaceGroup;
import org.xtalflow.generate.Condition;
import org.xtalflow.generate.ConditionSampler;
import org.xtalflow.generate.GeneratedSample;
import org.xtalflow.generate.Generator;
import org.xtalflow.generate.Generators;
import org.xtalflow.generate.SymmetryExpander;

/**
 * The generate stage: draws one batch of conditions for the system (the spec's space groups
 * in turn, or the model's space-group distribution when none are given), samples the generator
 * and expands each of a sample's three coordinate sets to a full cell (PGCGM writes three CIFs
 * per sample). Generators are opened once by name: "pgcgm" is the product's default model,
 * "random" the symmetric random baseline, anything else a model directory.
 */
public final class GeneratorStage implements Stages.Generate, AutoCloseable {

    private final Map<String, Generator> open = new ConcurrentHashMap<>();
    private final SymmetryExpander expander = new SymmetryExpander();

    @Override
    public List<Stages.Generated> generate(CampaignSpec spec, List<String> system, GenerationBatch batch) {
        Generator g = generator(spec.generator());
        List<Element> elements = system.stream().map(Element::of).toList();
        List<Condition> conditions = new ArrayList<>(batch.samples());
        if (spec.spaceGroups().isEmpty()) {
            conditions.addAll(new ConditionSampler(g.spec()).draw(batch.samples(), elements, null, batch.seed()));
        } else {
            // sample i of the system takes the spec's groups in turn, whichever batch it falls in
            for (long i = batch.firstSample(); i < batch.firstSample() + batch.samples(); i++) {
                conditions.add(new Condition(
                        elements, SpaceGroup.of(spec.spaceGroups().get((int)
                                (i % spec.spaceGroups().size())))));
            }
        }
        List<Stages.Generated> out = new ArrayList<>(conditions.size() * GeneratedSample.SETS);
        long index = batch.firstSample();
        for (GeneratedSample s : g.sample(conditions, batch.seed())) {
            for (int k = 0; k < GeneratedSample.SETS; k++) {
                out.add(new Stages.Generated(
                        expander.expand(s, k), s.condition().spaceGroup(), index, k));
            }
            index++;
        }
        return out;
    }

    /** All of a system's samples in one batch drawn with {@code seed} (the `generate` command's and tests' form). */
    public List<Stages.Generated> generate(CampaignSpec spec, List<String> system, long seed) {
        return generate(spec, system, new GenerationBatch(String.join("-", system), 0, 0, spec.samples(), seed));
    }

    private Generator generator(String name) {
        return open.computeIfAbsent(name, n -> {
            try {
                return Generators.open(n.equals("pgcgm") ? "default" : n);
            } catch (IOException e) {
                throw new UncheckedIOException("generator '" + n + "': " + e.getMessage(), e);
            }
        });
    }

    @Override
    public void close() {
        open.values().forEach(Generator::close);
        open.clear();
    }
}
