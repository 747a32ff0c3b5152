package org.xtalflow.dft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.xtalflow.crystal.Element;
import org.xtalflow.crystal.Structure;
import org.xtalflow.screen.KnownStructures;

class ReferencePhasesTest {

    private static final KnownStructures MP = KnownStructures.builtin();

    @Test
    void liOHasBccLiTheO2MoleculeAndTheKnownOxidesBySize() {
        Set<Element> liO = Set.of(Element.of("Li"), Element.of("O"));
        ReferencePhases small = ReferencePhases.of(liO, 4, MP::forEachStructure, 8.0);
        assertThat(small.phases()).extracting(ReferencePhases.Phase::id).containsExactly("el-Li", "mol-O2");
        assertThat(small.phases().get(1).molecule()).isTrue();
        assertThat(small.complete()).isTrue();
        // the bundled Li2O (mp-1960) is a 12-site conventional cell: left out at 4 sites, and said so
        assertThat(small.leftOut()).contains("mp-1960 Li2O (12 sites)");

        ReferencePhases large = ReferencePhases.of(liO, 12, MP::forEachStructure, 8.0);
        assertThat(large.phases()).extracting(ReferencePhases.Phase::id).contains("mp-1960");
        assertThat(large.leftOut()).doesNotContain("mp-1960 Li2O (12 sites)");
    }

    @Test
    void anElementWithoutASimpleGroundStateIsMissing() {
        ReferencePhases p =
                ReferencePhases.of(Set.of(Element.of("Ga"), Element.of("Li")), 4, MP::forEachStructure, 8.0);
        assertThat(p.missing()).containsExactly("Ga");
        assertThat(p.complete()).isFalse();
    }

    @Test
    void solidsHaveTheElementsMolarVolume() {
        for (String el : new String[] {"Li", "Cu", "Mg", "Si"}) {
            Element e = Element.of(el);
            Structure s = ElementalGroundStates.solid(e).orElseThrow();
            double perAtom = s.lattice().volume() / s.size();
            assertThat(perAtom).as(el).isCloseTo(e.molarVolume() / 0.602214076, within(1e-6));
        }
        assertThat(ElementalGroundStates.solid(Element.of("Mn"))).isEmpty();
    }
}
