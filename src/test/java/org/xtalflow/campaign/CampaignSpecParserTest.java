package org.xtalflow.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.xtalflow.crystal.io.BadInputException;

class CampaignSpecParserTest {

    private final CampaignSpecParser parser = new CampaignSpecParser(
            new CampaignDefaults(50, "pgcgm", "MPRelaxSet", 0, Map.of("pgcgm", 3, "random", 3), Set.of("local-slurm")));

    @Test
    void plainTextWithSpacesCommasAndComments() {
        CampaignSpec s = parser.parse("BaRuO.txt", "# ternary oxides\nBa Ru O\n\nSr,Ti,O  # perovskite\n Li , Fe,O\n");
        assertThat(s.systems())
                .containsExactly(List.of("Ba", "Ru", "O"), List.of("Sr", "Ti", "O"), List.of("Li", "Fe", "O"));
        assertThat(s.samples()).isEqualTo(50);
        assertThat(s.generator()).isEqualTo("pgcgm");
        assertThat(s.cluster()).isNull();
        assertThat(s.name()).isEqualTo("BaRuO");
        assertThat(s.systemLabels()).containsExactly("Ba-Ru-O", "Sr-Ti-O", "Li-Fe-O");
    }

    /** Issue 17: input_set ../../etc/passwd or /tmp/secret.yaml was accepted and the file opened. */
    @Test
    void inputSetIsABundledSetOrATemplatesFile() {
        for (String bad :
                new String[] {"../../etc/passwd", "/tmp/secret.yaml", "templates/vasp/../../x.yaml", "bogus"}) {
            assertThatThrownBy(() -> parser.parse("s.yaml", "systems: [Ba Ru O]\ninput_set: \"" + bad + "\"\n"))
                    .as(bad)
                    .isInstanceOf(BadInputException.class)
                    .hasMessageStartingWith("s.yaml:2: input_set '" + bad + "' is not a bundled set");
        }
        assertThat(parser.parse("s.yaml", "systems: [Ba Ru O]\ninput_set: static\n")
                        .inputSet())
                .isEqualTo("static");
        assertThat(parser.parse("s.yaml", "systems: [Ba Ru O]\ninput_set: templates/vasp/relax-tight.yaml\n")
                        .inputSet())
                .isEqualTo("templates/vasp/relax-tight.yaml");
    }

    /**
     * Issue 17: a bogus set name ran generation and screening and failed every candidate at
     * prepare. Now the refusal names the set, the file and its line, and lists the known sets:
     * each listed name is one the parser takes and the product ships, and every bundled set file is
     * listed.
     */
    @Test
    void bogusInputSetIsRefusedNamingTheSetTheFileTheLineAndTheKnownSets() throws Exception {
        BadInputException e = org.assertj.core.api.Assertions.catchThrowableOfType(
                BadInputException.class,
                () -> parser.parse("inbox/s.yaml", "systems: [Ba Ru O]\nsamples: 5\ninput_set: MPRelaxSett\n"));
        assertThat(e).isNotNull();
        assertThat(e.file()).isEqualTo("inbox/s.yaml");
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.getMessage())
                .isEqualTo(
                        "inbox/s.yaml:3: input_set 'MPRelaxSett' is not a bundled set (relax, static, test, "
                                + "MPRelaxSet, MPStaticSet) or a set file templates/vasp/NAME.yaml or templates/gpaw/NAME.yaml");
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("bundled set \\(([^)]*)\\)").matcher(e.getMessage());
        assertThat(m.find()).isTrue();
        List<String> listed = List.of(m.group(1).split(", "));
        for (String known : listed) {
            assertThat(parser.parse("s.yaml", "systems: [Ba Ru O]\ninput_set: " + known + "\n")
                            .inputSet())
                    .as(known)
                    .isEqualTo(known);
        }
        // the names resolve to the bundled set files (VASP: MP*Set, aliases relax/static; GPAW: test)
        Map<String, String> file = Map.of(
                "relax", "/xtalflow/vasp/MPRelaxSet.yaml",
                "static", "/xtalflow/vasp/MPStaticSet.yaml",
                "MPRelaxSet", "/xtalflow/vasp/MPRelaxSet.yaml",
                "MPStaticSet", "/xtalflow/vasp/MPStaticSet.yaml",
                "test", "/xtalflow/dft/gpaw/GpawTestSet.yaml");
        assertThat(file.keySet()).containsExactlyInAnyOrderElementsOf(listed);
        file.values().forEach(r -> assertThat(getClass().getResource(r)).as(r).isNotNull());
        try (var vasp = java.nio.file.Files.list(
                java.nio.file.Path.of(getClass().getResource("/xtalflow/vasp").toURI()))) {
            assertThat(vasp.map(p -> p.getFileName().toString())
                            .filter(n -> n.endsWith("Set.yaml"))
                            .map(n -> n.replace(".yaml", "")))
                    .allSatisfy(stem -> assertThat(listed).contains(stem));
        }
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
        assertThatThrownBy(() -> parser.parse("d.txt", "Ba Ba O\n"))
                .hasMessageStartingWith("d.txt:1: duplicate element 'Ba'");
        assertThatThrownBy(() -> parser.parse("d.txt", "Ba Ru O\nO,Ru,Ba\n"))
                .hasMessage("d.txt:2: duplicate system O-Ru-Ba (already on line 1)");
        assertThatThrownBy(() -> parser.parse("c.txt", "Ba Ru O\nBa Ru\n"))
                .hasMessageStartingWith(
                        "c.txt:2: wrong element count: 2 (Ba Ru) but generator 'pgcgm' takes exactly 3");
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
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("not valid YAML/JSON");
        assertThatThrownBy(() -> parser.parse("s.yaml", "elements: Ba Ru O\nscreening: {max_atoms: 4}\n"))
                .hasMessageStartingWith("s.yaml:2: unknown screening option 'max_atoms'");
        assertThatThrownBy(() -> parser.parse("s.yaml", "elements: Ba Ru O\nscreening:\n  filters: [size, magic]\n"))
                .hasMessageStartingWith("s.yaml:2: screening.filters: unknown filter 'magic'");
        assertThatThrownBy(() -> parser.parse("s.yaml", "elements: Ba Ru O\ngenerator: diffusion\n"))
                .hasMessageStartingWith("s.yaml:2: unknown generator 'diffusion'");
    }

    @Test
    void spaceGroupsOutsideWhatTheGeneratorsCanMakeAreRefusedWithLineAndValue() {
        for (String bad : List.of("0", "231", "-5", "1.5", "Pm-3x", "'[225]'", "2266666666666666666666666666660")) {
            assertThatThrownBy(() -> parser.parse("s.yaml", "elements: Ba Ru O\nspace_groups: " + bad + "\n"))
                    .isInstanceOf(BadInputException.class)
                    .hasMessageStartingWith("s.yaml:2: unknown space group '");
        }
        // a list with one bad entry: the entry's own line and value
        assertThatThrownBy(() -> parser.parse("s.yaml", "elements: Ba Ru O\nspace_groups:\n  - 225\n  - 300\n"))
                .hasMessageStartingWith("s.yaml:4: unknown space group '300'");
        assertThatThrownBy(() -> parser.parse("s.yaml", "elements: Ba Ru O\nspace_groups: [225, [1, 2]]\n"))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("s.yaml:2: unknown space group");
        // real groups whose angles are free: both generators would start and fail on them
        assertThatThrownBy(() -> parser.parse("s.yaml", "elements: Ba Ru O\nspace_groups: [225, 2]\n"))
                .hasMessage("s.yaml:2: space group '2' (2, triclinic) cannot be generated: its cell angles are not"
                        + " fixed by symmetry (use 16-230)");
        assertThatThrownBy(() -> parser.parse("s.yaml", "elements: Ba Ru O\ngenerator: random\nspace_groups: P2_1/c\n"))
                .hasMessageStartingWith("s.yaml:3: space group 'P2_1/c' (14, monoclinic) cannot be generated");
        assertThat(parser.parse("s.yaml", "elements: Ba Ru O\nspace_groups: [16, Fm-3m, 230]\n")
                        .spaceGroups())
                .containsExactly(16, 225, 230);
    }

    @Test
    void elementsOutsideTheModelsTableAreRefusedForTheModelOnly() {
        assertThatThrownBy(() -> parser.parse("lanthanides.txt", "Ba Ru O\n# next\nLa Ni O\n"))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(
                        "lanthanides.txt:3: element La is not one of the 63 elements the pgcgm model knows: Ag Al ")
                .hasMessageContaining(" Ba ")
                .hasMessageEndingWith(
                        " (the random baseline takes any element: --generator random, or generator: random in a"
                                + " campaign file)");
        assertThatThrownBy(() -> parser.parse("s.yaml", "systems:\n  - Ba Ru O\n  - [U, Fe, O]\n"))
                .hasMessageStartingWith("s.yaml:3: element U is not one of the 63 elements the pgcgm model knows");
        assertThat(parser.parse("s.yaml", "elements: [La, Ni, O]\ngenerator: random\n")
                        .systemLabels())
                .containsExactly("La-Ni-O");
    }

    @Test
    void textFileStartingWithKeyIsYaml() {
        CampaignSpec s = parser.parse("inbox-drop", "elements: Ba,Ru,O\nsamples: 7\n");
        assertThat(s.samples()).isEqualTo(7);
    }

    @Test
    void seedFromYamlJsonAndDefaults() {
        assertThat(parser.parse("s.yaml", "elements: Ba Ru O\nseed: 42\n").seed())
                .isEqualTo(42L);
        assertThat(parser.parse("s.json", "{\"elements\": \"Ba Ru O\", \"seed\": 9223372036854775807}")
                        .seed())
                .isEqualTo(Long.MAX_VALUE);
        assertThat(parser.parse("s.yaml", "elements: Ba Ru O\nseed: \"7\"\n").seed())
                .isEqualTo(7L);
        assertThat(parser.parse("s.yaml", "elements: Ba Ru O\nseed: 0\n").seed())
                .isZero();
        // absent or null: the conf default, here none (derived from the campaign id)
        assertThat(parser.parse("s.yaml", "elements: Ba Ru O\n").seed()).isNull();
        assertThat(parser.parse("s.yaml", "elements: Ba Ru O\nseed: ~\n").seed())
                .isNull();
        assertThat(parser.parse("s.txt", "Ba Ru O\n").seed()).isNull();
        CampaignSpecParser withDefault = new CampaignSpecParser(
                new CampaignDefaults(50, "pgcgm", "MPRelaxSet", 0, Map.of("pgcgm", 3), Set.of(), 11L));
        assertThat(withDefault.parse("s.txt", "Ba Ru O\n").seed()).isEqualTo(11L);
        assertThat(withDefault.parse("s.yaml", "elements: Ba Ru O\nseed: 3\n").seed())
                .isEqualTo(3L);
    }

    @Test
    void badSeedsNameTheirLine() {
        assertThatThrownBy(() -> parser.parse("s.yaml", "elements: Ba Ru O\nsamples: 3\nseed: 4.5\n"))
                .isInstanceOf(BadInputException.class)
                .hasMessage("s.yaml:3: 'seed' must be a whole number 0..9223372036854775807, got '4.5'");
        assertThatThrownBy(() -> parser.parse("s.yaml", "elements: Ba Ru O\nseed: -1\n"))
                .hasMessage("s.yaml:2: 'seed' = -1 is outside 0..9223372036854775807");
        assertThatThrownBy(() -> parser.parse("s.yaml", "seed: 9223372036854775808\nelements: Ba Ru O\n"))
                .hasMessage("s.yaml:1: 'seed' = 9223372036854775808 is outside 0..9223372036854775807");
        assertThatThrownBy(() -> parser.parse("s.yaml", "elements: Ba Ru O\nseed: lucky\n"))
                .hasMessageStartingWith("s.yaml:2: 'seed' must be a whole number");
        assertThatThrownBy(() -> parser.parse("s.yaml", "elements: Ba Ru O\nseed: true\n"))
                .hasMessageStartingWith("s.yaml:2: 'seed' must be a whole number");
        assertThatThrownBy(() -> parser.parse("s.yaml", "elements: Ba Ru O\nseed: [1, 2]\n"))
                .hasMessage("s.yaml:2: 'seed' must be a whole number 0..9223372036854775807, got '[1,2]'");
        assertThatThrownBy(() -> parser.parse("s.json", "{\"elements\": \"Ba Ru O\",\n \"seed\": 1e3}"))
                .hasMessageStartingWith("s.json:2: 'seed' must be a whole number");
    }

    @Test
    void seedDerivationIsStableAndSpread() {
        CampaignSpec s = parser.parse("s.yaml", "elements: Ba Ru O\nseed: 42\n");
        assertThat(s.baseSeed("c-1")).isEqualTo(42L).isEqualTo(s.baseSeed("c-2"));
        CampaignSpec none = parser.parse("s.txt", "Ba Ru O\n");
        assertThat(none.baseSeed("c-1")).isNotEqualTo(none.baseSeed("c-2")).isNotNegative();
        // the derived value written back as the seed gives the same per-system seed
        assertThat(none.withSeed(none.baseSeed("c-1")).baseSeed("other")).isEqualTo(none.baseSeed("c-1"));
        List<String> bro = List.of("Ba", "Ru", "O");
        assertThat(CampaignSpec.systemSeed(42, bro))
                .isEqualTo(CampaignSpec.systemSeed(42, List.of("Ba", "Ru", "O")))
                .isNotEqualTo(CampaignSpec.systemSeed(43, bro))
                .isNotEqualTo(CampaignSpec.systemSeed(42, List.of("Sr", "Ti", "O")));
    }

    @Test
    void shippedExampleSpecParsesWithTheShippedDefaults() throws Exception {
        AppSettings settings = AppSettings.load(java.nio.file.Path.of("conf", "xtalflow.yaml"));
        assertThat(settings.defaults().seed()).isNull();
        CampaignSpec s = new CampaignSpecParser(settings.defaults())
                .parse(
                        "conf/campaign-example.yaml",
                        java.nio.file.Files.readString(java.nio.file.Path.of("conf", "campaign-example.yaml")));
        assertThat(s.seed()).isEqualTo(42L);
        assertThat(s.systemLabels()).containsExactly("Ba-Ru-O", "Sr-Ru-O");
        assertThat(s.spaceGroups()).containsExactly(221, 62);
    }

    /** Issue 17: samples per system are capped by application.generation.max_samples_per_system, with the key named. */
    @Test
    void samplesAboveTheConfiguredMaximumAreRefused() {
        CampaignSpecParser capped = new CampaignSpecParser(
                new CampaignDefaults(50, "pgcgm", "MPRelaxSet", 0, Map.of("pgcgm", 3), Set.of(), null, 1_000_000));
        assertThat(capped.parse("s.yaml", "systems: [Ba Ru O]\nsamples: 1000000\n")
                        .samples())
                .isEqualTo(1_000_000);
        assertThatThrownBy(() -> capped.parse("s.yaml", "systems: [Ba Ru O]\nsamples: 1000001\n"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("s.yaml:2:")
                .hasMessageContaining("above the maximum of 1000000")
                .hasMessageContaining("application.generation.max_samples_per_system");
        // the default cap: 10^7
        assertThatThrownBy(() -> parser.parse("s.yaml", "systems: [Ba Ru O]\nsamples: 10000001\n"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("above the maximum of 10000000");
    }
}
