package org.xtalflow.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.xtalflow.campaign.CandidateStore;
import org.xtalflow.campaign.ReferenceCache;
import org.xtalflow.thermo.EntryJson;
import org.xtalflow.thermo.mp.ChemicalSystem;
import org.xtalflow.thermo.mp.MaterialsProjectClient;
import org.xtalflow.thermo.mp.MpApiKey;
import org.xtalflow.thermo.mp.MpEntryCache;
import org.xtalflow.thermo.mp.MpEntrySet;
import org.xtalflow.thermo.mp.MpReferenceSource;
import org.xtalflow.thermo.mp.MpSettings;
import org.xtalflow.thermo.mp.UnknownChemicalSystemException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Competing phases from the Materials Project, kept in the store's cache: {@code fetch} (cache
 * first; {@code --refresh} asks MP again) and {@code list}.
 */
@Command(
        name = "references",
        mixinStandardHelpOptions = true,
        footer = {"%nExample:", "  bin/xtalflow references list"},
        description = "Materials Project reference entries (GGA_GGA+U, MP2020-corrected) cached in the campaign store.",
        subcommands = {ReferencesCommand.Fetch.class, ReferencesCommand.ListCached.class})
public final class ReferencesCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(
            name = "fetch",
            mixinStandardHelpOptions = true,
            footer = {"%nExample:", "  bin/xtalflow references fetch --chemsys Li-Fe-O --out li-fe-o.json"},
            description = {
                "The entries of a chemical system and all its subsystems, as pymatgen's "
                        + "MPRester.get_entries_in_chemsys(..., additional_criteria={'thermo_types': ['GGA_GGA+U']}).",
                "From the store's cache when there (or a larger cached system); otherwise from MP (key: $MP_API_KEY or "
                        + "thermo.mp.api_key), then cached. Without network the cache stands in."
            })
    static final class Fetch implements Callable<Integer> {
        @Mixin
        HpcOptions options;

        @Option(
                names = "--chemsys",
                required = true,
                paramLabel = "A-B-C",
                description = "Chemical system, e.g. Ba-Ru-O.")
        String chemsys;

        @Option(
                names = "--out",
                paramLabel = "FILE",
                description = "Write the entries as pymatgen JSON (monty.serialization.loadfn reads it).")
        Path out;

        @Option(names = "--refresh", description = "Ask the Materials Project even when the cache holds the system.")
        boolean refresh;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter o = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            ChemicalSystem system;
            try {
                system = ChemicalSystem.parse(chemsys);
            } catch (UnknownChemicalSystemException e) {
                throw new UsageException("--chemsys: " + e.getMessage(), e);
            }
            MpSettings settings =
                    MpSettings.load(options.config, System.getenv()); // errors: ConfigurationException, exit 3
            Optional<MpApiKey> key = settings.apiKey(System.getenv());
            try (CandidateStore store = options.openStore()) {
                MaterialsProjectClient client =
                        key.map(k -> new MaterialsProjectClient(settings, k)).orElse(null);
                MpReferenceSource source = new MpReferenceSource(new ReferenceCache(store), client, null);
                MpReferenceSource.Result r = source.entries(system, refresh); // MaterialsProjectException: ErrorPolicy
                MpEntrySet set = r.set();
                o.printf(
                        Locale.ROOT,
                        "%s: %d entries (%s), %s%n",
                        set.chemsys(),
                        set.entries().size(),
                        set.thermoType(),
                        r.note());
                if (!set.rejected().isEmpty()) {
                    err.printf(
                            Locale.ROOT,
                            "%d thermo documents left out:%n",
                            set.rejected().size());
                    set.rejected().forEach(x -> err.println("  " + x.materialId() + ": " + x.reason()));
                }
                if (!MaterialsProjectClient.missingElements(set).isEmpty()) {
                    err.println("warning: no elemental entry for " + MaterialsProjectClient.missingElements(set)
                            + "; a hull needs [bundled, mp] in thermo.references");
                }
                if (out != null) {
                    EntryJson.write(set.entries(), out);
                    o.println("wrote " + set.entries().size() + " entries to " + out);
                }
                return Main.EXIT_OK;
            }
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            footer = {"%nExample:", "  bin/xtalflow references list"},
            description = "What the store's cache holds: chemsys, entries, MP database version, fetch time.")
    static final class ListCached implements Callable<Integer> {
        @Mixin
        HpcOptions options;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter o = spec.commandLine().getOut();
            try (CandidateStore store = options.openStore()) {
                List<MpEntryCache.Summary> all = new ReferenceCache(store).list();
                if (all.isEmpty()) {
                    o.println("no Materials Project entries cached (xtalflow references fetch --chemsys A-B-C)");
                    return Main.EXIT_OK;
                }
                o.printf(
                        Locale.ROOT,
                        "%-16s %-12s %8s  %-14s %s%n",
                        "chemsys",
                        "thermo_type",
                        "entries",
                        "db_version",
                        "fetched_at");
                for (MpEntryCache.Summary s : all) {
                    o.printf(
                            Locale.ROOT,
                            "%-16s %-12s %8d  %-14s %s%n",
                            s.chemsys(),
                            s.thermoType(),
                            s.entryCount(),
                            s.dbVersion(),
                            s.fetchedAt());
                }
                return Main.EXIT_OK;
            }
        }
    }
}
