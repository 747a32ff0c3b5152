package org.xtalflow.camel;

import org.junit.jupiter.api.Test;
import org.xtalflow.crystal.io.BadInputException;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CampaignSpecParserTest {

    private final CampaignSpecParser parser = new CampaignSpecParser(new CampaignDefaults(50, "pgcgm", "MPRelaxSet", 0,
            Map.of("pgcgm", 3, "random", 3), Set.of("local-slurm")));

    @Test
    void plainTextWithSpacesCommasAndComments() {
        CampaignSpec s = parser.parse("BaRuO.txt", "# ternary oxides\nBa Ru O\n\nSr,Ti,O  # perovskite\n Li , Fe,O\n");
        assertThat(s.systems()).containsExactly(List.of("Ba", "Ru", "O"), List.of("Sr", "Ti", "O"), List.of("Li", "Fe", "O"));
        assertThat(s.samples()).isEqualTo(50);
        assertThat(s.generator()).isEqualTo("pgcgm");
        assertThat(s.cluster()).isNull();
        assertThat(s.name()).isEqualTo("BaRuO");
        assertThat(s.systemLabels()).containsExactly("Ba-Ru-O", "Sr-Ti-O", "Li-Fe-O");
    }

    @Test
    void unknownElementNamesLineAndSymbol() {
        assertThatThrownBy(() -> parser.parse("x.txt", "Ba Ru O\n# c\nBa Xx O\n"))
                .isInstanceOf(BadInputException.class)
                .hasMessage("x.txt:3: unknown element 'Xx'")
                .satisfies(e -> assertThat(((BadInputException) e).line()).isEqualTo(3));
        assertThatThrownBy(() -> parser.parse("x.txt", "ba ru o\n"))
                .hasMessageContaining("x.txt:1: unknown element 'ba' (did you mean 'Ba'?)");
    }

    @Test
    void duplicatesAndWrongCount() {
        assertThatThrownBy(() -> parser.parse("d.txt", "Ba Ba O\n")).hasMessageStartingWith("d.txt:1: duplicate element 'Ba'");
        assertThatThrownBy(() -> parser.parse("d.txt", "Ba Ru O\nO,Ru,Ba\n"))
                .hasMessage("d.txt:2: duplicate system O-Ru-Ba (already on line 1)");
        assertThatThrownBy(() -> parser.parse("c.txt", "Ba Ru O\nBa Ru\n"))
                .hasMessageStartingWith("c.txt:2: wrong element count: 2 (Ba Ru) but generator 'pgcgm' takes exactly 3");
        assertThatThrownBy(() -> parser.parse("e.txt", "# nothing\n\n")).hasMessageContaining("no chemical system");
        assertThatThrownBy(() -> parser.parse("e.txt", "")).hasMessageContaining("empty file");
    }

    @Test
    void yamlSpecWithAllKeys() {
        String yaml = """
                name: ruthenates
                systems:
                  - Ba Ru O
                  - [Sr, Ru, O]
                space_groups: [221, "Pnma", P6_3/mmc]
                samples: 200
                generator: pgcgm
                screening: {max_sites: 40, filters: [size, distance]}
                input_set: MPRelaxSet
                cluster: local-slurm
                priority: 5
                """;
        CampaignSpec s = parser.parse("r.yaml", yaml);
        assertThat(s.name()).isEqualTo("ruthenates");
        assertThat(s.systems()).containsExactly(List.of("Ba", "Ru", "O"), List.of("Sr", "Ru", "O"));
        assertThat(s.spaceGroups()).containsExactly(221, 62, 194);
        assertThat(s.samples()).isEqualTo(200);
        assertThat(s.screening()).containsEntry("max_sites", 40).containsEntry("filters", List.of("size", "distance"));
        assertThat(s.cluster()).isEqualTo("local-slurm");
        assertThat(s.priority()).isEqualTo(5);
    }

    @Test
    void jsonSpecWithElements() {
        CampaignSpec s = parser.parse("a.json", "{\"elements\": [\"Li\", \"Fe\", \"O\"], \"samples\": 10}");
        assertThat(s.systems()).containsExactly(List.of("Li", "Fe", "O"));
        assertThat(s.samples()).isEqualTo(10);
        assertThat(s.inputSet()).isEqualTo("MPRelaxSet");
    }

    @Test
    void yamlProblemsNameTheirLine() {
        assertThatThrownBy(() -> parser.parse("s.yaml", "elements: Ba Ru O\nspace_groups: [225, 999]\n"))
                .hasMessageStartingWith("s.yaml:2: unknown space group '999'");
        assertThatThrownBy(() -> parser.parse("s.yaml", "elements: Ba Ru O\nsamples: 3\ncluster: nowhere\n"))
                .hasMessageStartingWith("s.yaml:3: unknown cluster 'nowhere'; configured clusters: [local-slurm]");
        assertThatThrownBy(() -> parser.parse("s.yaml", "systems:\n  - Ba Ru O\n  - Ba Qq O\n"))
                .hasMessage("s.yaml:3: unknown element 'Qq'");
        assertThatThrownBy(() -> parser.parse("s.yaml", "elements: Ba Ru O\nsample: 3\n"))
                .hasMessageStartingWith("s.yaml:2: unknown key 'sample'");
        assertThatThrownBy(() -> parser.parse("s.yaml", "elements: Ba Ru O\nsamples: many\n"))
                .hasMessageStartingWith("s.yaml:2: 'samples' must be an integer");
        assertThatThrownBy(() -> parser.parse("s.yaml", "elements: [Ba, Ru\n"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("not valid YAML/JSON");
        assertThatThrownBy(() -> parser.parse("s.yaml", "elements: Ba Ru O\nscreening: {max_atoms: 4}\n"))
                .hasMessageStartingWith("s.yaml:2: unknown screening option 'max_atoms'");
        assertThatThrownBy(() -> parser.parse("s.yaml", "elements: Ba Ru O\nscreening:\n  filters: [size, magic]\n"))
                .hasMessageStartingWith("s.yaml:2: screening.filters: unknown filter 'magic'");
        assertThatThrownBy(() -> parser.parse("s.yaml", "elements: Ba Ru O\ngenerator: diffusion\n"))
                .hasMessageStartingWith("s.yaml:2: unknown generator 'diffusion'");
    }

    @Test
    void textFileStartingWithKeyIsYaml() {
        CampaignSpec s = parser.parse("inbox-drop", "elements: Ba,Ru,O\nsamples: 7\n");
        assertThat(s.samples()).isEqualTo(7);
    }
}
