package org.xtalflow.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays every kept input of every fuzz target (the seeds, the corpus merged by
 * {@code scripts/fuzz.sh} and each crash it found, under src/test/resources/fuzz/TARGET/) in every
 * normal test run: each must end in the reader's typed error or read, as the target demands.
 */
class FuzzRegressionTest {

    static final List<Class<?>> TARGETS = List.of(
            CifFuzz.class,
            PoscarFuzz.class,
            VasprunFuzz.class,
            OutcarFuzz.class,
            OszicarFuzz.class,
            EntryJsonFuzz.class,
            EntryCsvFuzz.class,
            InputSetFuzz.class,
            ClusterProfileFuzz.class,
            ResultsArchiveFuzz.class,
            CampaignSpecFuzz.class,
            IncarFuzz.class,
            KpointsFuzz.class,
            GpawResultFuzz.class);

    @TestFactory
    Stream<DynamicTest> everyKeptInputReplays() throws IOException, URISyntaxException {
        Path root = Path.of(FuzzRegressionTest.class.getResource("/fuzz").toURI());
        List<DynamicTest> tests = new ArrayList<>();
        for (Class<?> target : TARGETS) {
            Path dir = root.resolve(target.getSimpleName());
            assertThat(dir).as("seed folder of " + target.getSimpleName()).isDirectory();
            Method m;
            try {
                m = target.getMethod("fuzzerTestOneInput", byte[].class);
            } catch (NoSuchMethodException e) {
                throw new AssertionError(target + " is not a Jazzer target", e);
            }
            List<Path> inputs;
            try (Stream<Path> s = Files.list(dir)) {
                inputs = s.filter(Files::isRegularFile).sorted().toList();
            }
            assertThat(inputs).as("inputs of " + target.getSimpleName()).isNotEmpty();
            for (Path in : inputs) {
                tests.add(DynamicTest.dynamicTest(target.getSimpleName() + "/" + in.getFileName(), () -> {
                    try {
                        m.invoke(null, (Object) Files.readAllBytes(in));
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                }));
            }
        }
        return tests.stream();
    }
}
