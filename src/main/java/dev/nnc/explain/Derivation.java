package dev.nnc.explain;

import dev.nnc.api.Compilation;
import dev.nnc.api.CompiledModel;
import java.util.ArrayList;
import java.util.List;

/**
 * The derivation as data, for programs: the sections `nnc explain` prints, each a list of
 * equations (left side, the right sides in turn, shape, value, note) and remarks. The printers
 * (text, Markdown, LaTeX) format the same content.
 */
public record Derivation(String title, List<Section> sections) {

    public record Section(String title, List<Entry> entries) {}

    /** One line: an equation (rhs may be empty for a declared leaf), or a remark when lhs is null. */
    public record Entry(String lhs, List<String> rhs, String shape, String value, String note, String remark) {}

    /** The derivation of a compiled model's objective (its text notation, as `explain` prints it). */
    public static Derivation of(CompiledModel model) {
        return of(model.compilation());
    }

    public static Derivation of(Compilation c) {
        Recorder r = new Recorder();
        Transcript.render(c, r, false);
        return r.derivation();
    }

    /** A style that keeps what it is told instead of writing it. */
    static final class Recorder extends Style {
        private String title = "";
        private final List<Section> sections = new ArrayList<>();
        private List<Entry> current;

        @Override boolean latex() { return false; }

        @Override void begin(String title) { this.title = title; }

        @Override void section(String title) {
            current = new ArrayList<>();
            sections.add(new Section(title, current));
        }

        @Override void equation(String lhs, List<String> rhs, String shape, String value, String note) {
            current.add(new Entry(lhs, List.copyOf(rhs), shape, value, note, null));
        }

        @Override void prose(String text) {
            current.add(new Entry(null, List.of(), null, null, null, text));
        }

        @Override String end() { return ""; }

        Derivation derivation() {
            return new Derivation(title, List.copyOf(sections));
        }
    }
}
