package org.xtalflow.vasp.errors;

import java.util.List;

/**
 * One VASP (or scheduler) failure as it shows in a run's standard output or standard error: the
 * key (custodian's name where custodian has one), the message texts that identify it and what it
 * means. A text matches when it contains any of the messages verbatim.
 *
 * @param key      error key, e.g. {@code zbrent}
 * @param messages exact substrings VASP prints for it
 * @param meaning  one line for people: what went wrong
 */
public record MessageRule(String key, List<String> messages, String meaning) {

    public MessageRule {
        messages = List.copyOf(messages);
    }

    /** Whether {@code text} contains one of the messages. */
    public boolean matches(String text) {
        for (String m : messages) {
            if (text.contains(m)) {
                return true;
            }
        }
        return false;
    }
}
