package org.xtalflow.screen;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import org.xtalflow.crystal.SpaceGroup;

/**
 * Duplicates within a run and across runs: same prototype key (reduced formula, space group,
 * number of sites) and a {@link Fingerprint} within tolerance of one already accepted, so
 * near-identical candidates from different samples collapse to the first.
 *
 * <p>Across runs: with a store file, the fingerprints of earlier runs' survivors are loaded at
 * start and every new survivor is appended (one line: key, id, values), so the next run sees it.
 */
public final class DuplicateFilter implements Filter, AutoCloseable {

    public static final double DEFAULT_TOLERANCE = 0.2;

    private final FingerprintIndex index;
    private final Path store;
    private final BufferedWriter storeWriter;
    private final int loaded;
    /** Ids of entries loaded from the store, to tell "previous run" from "this run". */
    private final java.util.Set<String> previousIds = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** @param store null for within-run only */
    public DuplicateFilter(double tolerance, Path store) {
        this.index = new FingerprintIndex(tolerance);
        this.store = store;
        int n = 0;
        if (store != null) {
            try {
                if (Files.exists(store)) {
                    n = load(store);
                } else if (store.getParent() != null) {
                    Files.createDirectories(store.getParent());
                }
                storeWriter = Files.newBufferedWriter(
                        store, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException("duplicate store " + store + ": " + e.getMessage(), e);
            }
        } else {
            storeWriter = null;
        }
        loaded = n;
    }

    private int load(Path file) throws IOException {
        int n = 0;
        int lineNo = 0;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] c = line.split("\t");
                if (c.length != 5) {
                    throw new org.xtalflow.crystal.io.BadInputException(
                            file.toString(),
                            lineNo,
                            "expected 5 tab-separated fields (formula, spacegroup, nsites, id, fingerprint)");
                }
                try {
                    Fingerprint fp = new Fingerprint(
                            c[0], Integer.parseInt(c[1]), Integer.parseInt(c[2]), Fingerprint.parseValues(c[4]));
                    index.addIfAbsent(fp.prototypeKey(), c[3], fp);
                    previousIds.add(c[3]);
                    n++;
                } catch (NumberFormatException e) {
                    throw new org.xtalflow.crystal.io.BadInputException(
                            file.toString(), lineNo, "malformed number: " + e.getMessage());
                }
            }
        }
        return n;
    }

    @Override
    public String name() {
        return "duplicate";
    }

    @Override
    public Rejection check(Cell cell, SpaceGroup intended) {
        Fingerprint fp = cell.fingerprint(intended.number());
        FingerprintIndex.Entry e = index.find(fp.prototypeKey(), fp);
        if (e == null) {
            return null;
        }
        return reject(e, fp);
    }

    /** Look-up and reservation in one step: the first of several identical candidates wins, whatever the threads do. */
    @Override
    public Rejection claim(Cell cell, SpaceGroup intended, String id) {
        Fingerprint fp = cell.fingerprint(intended.number());
        FingerprintIndex.Entry e = index.addIfAbsent(fp.prototypeKey(), id, fp);
        return e == null ? null : reject(e, fp);
    }

    @Override
    public void released(Cell cell, SpaceGroup intended, String id) {
        index.remove(cell.fingerprint(intended.number()).prototypeKey(), id);
    }

    private Rejection reject(FingerprintIndex.Entry e, Fingerprint fp) {
        boolean previous = previousIds.contains(e.id());
        return new Rejection(
                previous ? "duplicate.previous_run" : "duplicate.this_run",
                String.format(
                        Locale.ROOT,
                        "same as %s (%s, fingerprint difference %.3f <= %.3f)",
                        e.id(),
                        fp.prototypeKey(),
                        e.fingerprint().distance(fp),
                        index.tolerance()));
    }

    @Override
    public void accepted(Cell cell, SpaceGroup intended, String id) {
        Fingerprint fp = cell.fingerprint(intended.number());
        FingerprintIndex.Entry e = index.addIfAbsent(fp.prototypeKey(), id, fp); // already there when claimed
        if ((e == null || e.id().equals(id)) && storeWriter != null) {
            synchronized (storeWriter) {
                try {
                    storeWriter.write(fp.reducedFormula() + "\t" + fp.spaceGroup() + "\t" + fp.nsites() + "\t" + id
                            + "\t" + fp.valuesText() + "\n");
                    storeWriter.flush();
                } catch (IOException ex) {
                    throw new UncheckedIOException("cannot append to duplicate store " + store, ex);
                }
            }
        }
    }

    /** Entries loaded from the store at start. */
    public int loadedFromStore() {
        return loaded;
    }

    public int size() {
        return index.size();
    }

    @Override
    public void close() throws IOException {
        if (storeWriter != null) {
            storeWriter.close();
        }
    }
}
