package dev.nnc.lower;

import dev.nnc.ast.Stmt;
import dev.nnc.diag.Span;
import dev.nnc.ir.Node;
import java.util.HashMap;
import java.util.Map;

/** What a name means at a point of the file: a dim, a tensor, or a function. */
final class Scope {
    sealed interface Binding { Span span(); }
    record DimB(int value, Span span) implements Binding {}
    record TensorB(Node node, Span span) implements Binding {}
    record FnB(Stmt.Fn fn, Span span) implements Binding {}

    private final Scope parent;
    private final Map<String, Binding> names = new HashMap<>();

    Scope(Scope parent) {
        this.parent = parent;
    }

    Binding lookup(String name) {
        for (Scope s = this; s != null; s = s.parent) {
            Binding b = s.names.get(name);
            if (b != null) return b;
        }
        return null;
    }

    Binding local(String name) {
        return names.get(name);
    }

    void define(String name, Binding b) {
        names.put(name, b);
    }

    Iterable<String> visibleNames() {
        java.util.List<String> all = new java.util.ArrayList<>();
        for (Scope s = this; s != null; s = s.parent) all.addAll(s.names.keySet());
        return all;
    }
}
