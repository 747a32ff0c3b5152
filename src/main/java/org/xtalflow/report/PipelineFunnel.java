package org.xtalflow.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.xtalflow.screen.Funnel;

/**
 * The funnel of one scope (a chemical system or the total) in pipeline order: samples →
 * structures → merged → each filter in its configured order → pre-screen → prepared →
 * submitted → finished → harvested → stable. Each stage says how many entered it, how many left
 * it onwards, how many it rejected and why (reason codes, {@link ReasonGlossary}), and how many
 * are still in it (pending, while a campaign runs). At every stage
 * {@code in = out + rejected + pending}, and a stage's {@code in} is the previous stage's
 * {@code out}; the builder refuses counts that do not add up. The one exception is the
 * structures stage, an expansion: each generator sample gives three structures.
 *
 * <p>Report.md, report.json, funnel.json, JMX and {@code campaign status} all render this one
 * object, so they cannot disagree.
 */
public final class PipelineFunnel {

    /** The stage names before and after the filters, in pipeline order. */
    public static final String SAMPLES = "samples";

    public static final String STRUCTURES = "structures";
    public static final String MERGED = "merged";
    public static final String PRESCREEN = "pre-screen";
    public static final String PREPARED = "prepared";
    public static final String SUBMITTED = "submitted";
    public static final String FINISHED = "finished";
    public static final String HARVESTED = "harvested";
    public static final String STABLE = "stable";

    /** One stage's counts. {@code reasons} maps a reason code to the number it rejected. */
    public record Stage(String name, long in, long out, long pending, Map<String, Long> reasons, boolean expansion) {

        public long rejected() {
            long r = 0;
            for (long v : reasons.values()) {
                r += v;
            }
            return r;
        }
    }

    private final String scope;
    private final List<Stage> stages;

    private PipelineFunnel(String scope, List<Stage> stages) {
        this.scope = scope;
        this.stages = List.copyOf(stages);
    }

    /** "total" or a chemical system such as "Ba-Ru-O". */
    public String scope() {
        return scope;
    }

    public List<Stage> stages() {
        return stages;
    }

    public Stage stage(String name) {
        for (Stage s : stages) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        return null;
    }

    /** What the shares refer to: the structures stage's count (or the first stage's). */
    public long base() {
        if (stages.isEmpty()) {
            return 0;
        }
        Stage st = stage(STRUCTURES);
        return st != null ? st.out() : stages.get(0).in();
    }

    /** Share of the base left after a stage (0..1); NaN when the base is 0 and for the samples before the expansion. */
    public double shareLeft(Stage s) {
        long b = base();
        return b == 0 || s.name().equals(SAMPLES) ? Double.NaN : (double) s.out() / b;
    }

    /** The survivors of the last stage. */
    public long survivors() {
        return stages.isEmpty() ? 0 : stages.get(stages.size() - 1).out();
    }

    /** Every reason code with its count over all stages, in pipeline order of the stages. */
    public Map<String, Long> reasons() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (Stage s : stages) {
            s.reasons().forEach((k, v) -> m.merge(k, v, Long::sum));
        }
        return m;
    }

    /** The same structure for report.json, funnel.json and JMX. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scope", scope);
        m.put("base", base());
        List<Map<String, Object>> st = new ArrayList<>();
        for (Stage s : stages) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("stage", s.name());
            o.put("in", s.in());
            o.put("out", s.out());
            o.put("rejected", s.rejected());
            o.put("pending", s.pending());
            double share = shareLeft(s);
            o.put("share_left", Double.isNaN(share) ? null : Math.round(share * 1e6) / 1e6);
            o.put("reasons", s.reasons());
            st.add(o);
        }
        m.put("stages", st);
        return m;
    }

    /**
     * The funnel document of report.json, funnel.json and JMX: the total, each chemical system
     * (may be empty) and the glossary line of every reason code that occurs.
     */
    public static Map<String, Object> document(PipelineFunnel total, Map<String, PipelineFunnel> perSystem) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("order", total.stages().stream().map(Stage::name).toList());
        m.put("total", total.toMap());
        Map<String, Object> systems = new LinkedHashMap<>();
        perSystem.forEach((k, v) -> systems.put(k, v.toMap()));
        m.put("per_system", systems);
        Map<String, String> glossary = new LinkedHashMap<>();
        total.reasons().keySet().forEach(c -> glossary.put(c, ReasonGlossary.explain(c)));
        for (PipelineFunnel f : perSystem.values()) {
            f.reasons().keySet().forEach(c -> glossary.putIfAbsent(c, ReasonGlossary.explain(c)));
        }
        m.put("glossary", glossary);
        return m;
    }

    /**
     * A Markdown table: stage, in, out, rejected, pending, share left, reasons. The same lines
     * are what {@code campaign status} prints.
     */
    public String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("| stage | in | out | rejected | pending | left | reasons |\n");
        b.append("|---|---:|---:|---:|---:|---:|---|\n");
        for (Stage s : stages) {
            double share = shareLeft(s);
            b.append(String.format(
                    Locale.ROOT,
                    "| %s | %,d | %,d | %,d | %,d | %s | %s |%n",
                    s.name(),
                    s.in(),
                    s.out(),
                    s.rejected(),
                    s.pending(),
                    Double.isNaN(share) ? "" : percent(share),
                    reasonText(s.reasons())));
        }
        return b.toString();
    }

    /** Fixed-width text table for a terminal; count columns widen for counts past 9 digits' width. */
    public String text() {
        long max = 0;
        for (Stage s : stages) {
            max = Math.max(max, Math.max(s.in(), Math.max(s.out(), Math.max(s.rejected(), s.pending()))));
        }
        int w = Math.max(9, String.format(Locale.ROOT, "%,d", max).length());
        String head = "%-14s %" + w + "s %" + w + "s %" + w + "s %" + (w - 1) + "s %8s  %s%n";
        String row = "%-14s %," + w + "d %," + w + "d %," + w + "d %," + (w - 1) + "d %8s  %s%n";
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, head, "STAGE", "IN", "OUT", "REJECTED", "PENDING", "LEFT", "REASONS"));
        for (Stage s : stages) {
            double share = shareLeft(s);
            b.append(String.format(
                    Locale.ROOT,
                    row,
                    s.name(),
                    s.in(),
                    s.out(),
                    s.rejected(),
                    s.pending(),
                    Double.isNaN(share) ? "" : percent(share),
                    reasonText(s.reasons())));
        }
        return b.toString();
    }

    public static String percent(double share) {
        double p = 100 * share;
        return p >= 10 || p == 0
                ? String.format(Locale.ROOT, "%.0f%%", p)
                : p >= 0.1 ? String.format(Locale.ROOT, "%.1f%%", p) : String.format(Locale.ROOT, "%.2g%%", p);
    }

    private static String reasonText(Map<String, Long> reasons) {
        StringBuilder b = new StringBuilder();
        reasons.entrySet().stream()
                .sorted((x, y) -> Long.compare(y.getValue(), x.getValue()))
                .forEach(e -> {
                    if (!b.isEmpty()) {
                        b.append(", ");
                    }
                    b.append(e.getKey()).append(' ').append(String.format(Locale.ROOT, "%,d", e.getValue()));
                });
        return b.toString();
    }

    /**
     * The screening part (structures → merged → filters) from the screening counters, as the
     * {@code screen} command and {@code generate --screen} have them. {@code samples} is the
     * number of generator samples, or 0 when the structures came from files.
     */
    public static PipelineFunnel fromScreening(String scope, Funnel f, long samples) {
        Builder b = new Builder(scope);
        if (samples > 0) {
            b.start(SAMPLES, samples);
            b.expand(STRUCTURES, f.getReceived());
        } else {
            b.start(STRUCTURES, f.getReceived());
        }
        List<Funnel.Stage> filters = f.stages();
        long merged = filters.isEmpty() ? f.getPassed() : filters.get(0).in();
        b.stage(MERGED, merged, f.getErrorsByReason(), -1);
        for (Funnel.Stage s : filters) {
            b.stage(s.name(), s.passed(), s.reasons(), 0);
        }
        return b.build();
    }

    public static Builder builder(String scope) {
        return new Builder(scope);
    }

    /** Adds stages in pipeline order and checks that the counts add up. */
    public static final class Builder {
        private final String scope;
        private final List<Stage> stages = new ArrayList<>();

        private Builder(String scope) {
            this.scope = scope;
        }

        /** The first stage: a count, nothing lost. */
        public Builder start(String name, long count) {
            if (!stages.isEmpty()) {
                throw new IllegalStateException("funnel " + scope + ": start() must come first");
            }
            stages.add(new Stage(name, count, count, 0, Map.of(), false));
            return this;
        }

        /** A stage that multiplies its input (each sample gives several structures). */
        public Builder expand(String name, long out) {
            long in = last().out();
            stages.add(new Stage(name, in, out, 0, Map.of(), true));
            return this;
        }

        /**
         * A stage that {@code out} candidates left onwards, with its rejections by reason;
         * {@code pending} are still in it. With {@code pending < 0} the pending count is what is
         * left over (in - out - rejected); that must not be negative.
         */
        public Builder stage(String name, long out, Map<String, Long> reasons, long pending) {
            long in = last().out();
            Map<String, Long> r = new TreeMap<>(reasons);
            long rejected = 0;
            for (long v : r.values()) {
                rejected += v;
            }
            long p = pending < 0 ? in - out - rejected : pending;
            if (out < 0 || p < 0 || in != out + rejected + p) {
                throw new IllegalStateException(String.format(
                        Locale.ROOT,
                        "funnel %s, stage %s: counts do not add up: in %d != out %d + rejected %d + pending %d",
                        scope,
                        name,
                        in,
                        out,
                        rejected,
                        p));
            }
            stages.add(new Stage(name, in, out, p, r, false));
            return this;
        }

        private Stage last() {
            if (stages.isEmpty()) {
                throw new IllegalStateException("funnel " + scope + ": start() first");
            }
            return stages.get(stages.size() - 1);
        }

        public PipelineFunnel build() {
            return new PipelineFunnel(scope, stages);
        }
    }
}
