package org.xtalflow.vasp.errors;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a check of one run folder or file found: the errors (one {@link Finding} per key and file),
 * the warnings that are not errors, and the facts the corrections need from the outputs.
 *
 * @param path     the folder or file checked
 * @param findings errors found
 * @param warnings things worth saying that need no correction (e.g. VASP changed NBANDS itself)
 * @param facts    numbers read from the outputs (NBANDS, NELECT, NIONS, ionic steps, entropy per atom...)
 */
public record Diagnosis(String path, List<Finding> findings, List<String> warnings, RunFacts facts) {

    public Diagnosis {
        findings = List.copyOf(findings);
        warnings = List.copyOf(warnings);
    }

    /** The error keys, sorted, each once. */
    public Set<String> errors() {
        Set<String> keys = new TreeSet<>();
        findings.forEach(f -> keys.add(f.key()));
        return keys;
    }

    public boolean clean() {
        return findings.isEmpty();
    }
}
