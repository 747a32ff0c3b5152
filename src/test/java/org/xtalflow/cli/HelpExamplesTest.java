package org.xtalflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every command's --help ends with an example of that command, and the example parses: the
 * command exists, its options exist and its required arguments are there.
 */
class HelpExamplesTest {

    /** Commands whose help is still without an example (reworked in another change). */
    private static final Set<String> PENDING = Set.of("help");

    private static void collect(CommandLine cl, String path, List<String[]> out) {
        out.add(new String[] {path, cl.getUsageMessage()});
        cl.getSubcommands().forEach((name, sub) -> {
            if (sub.getCommandSpec().name().equals(name)) { // aliases once
                collect(sub, path.isEmpty() ? name : path + " " + name, out);
            }
        });
    }

    @Test
    void everyHelpEndsWithAWorkingExampleOfItsOwnCommand() {
        List<String[]> all = new ArrayList<>();
        CommandLine root = Main.commandLine();
        root.getSubcommands().forEach((name, sub) -> collect(sub, name, all));
        List<String> top =
                root.getUsageMessage().lines().filter(l -> !l.isBlank()).toList();
        assertThat(top.get(top.size() - 1)).isEqualTo("  bin/xtalflow run --once --elements Ba,Ru,O --samples 300");
        int checked = 0;
        for (String[] c : all) {
            String path = c[0];
            if (PENDING.contains(path)) {
                continue;
            }
            List<String> lines = c[1].lines().filter(l -> !l.isBlank()).toList();
            String last = lines.get(lines.size() - 1);
            assertThat(last).as("last help line of '%s'", path).startsWith("  bin/xtalflow ");
            String[] args = last.trim().substring("bin/xtalflow ".length()).split("\\s+");
            // a parent command (cif, vasp) shows one of its subcommands
            assertThat(String.join(" ", args) + " ").as("example of '%s'", path).startsWith(path.split(" ")[0] + " ");
            if (path.contains(" ")) {
                assertThat(String.join(" ", args) + " ")
                        .as("example of '%s'", path)
                        .startsWith(path + " ");
            }
            CommandLine.ParseResult r = Main.commandLine().parseArgs(args);
            assertThat(r.subcommand())
                    .as("example of '%s' names a command: %s", path, Arrays.toString(args))
                    .isNotNull();
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(22);
    }
}
