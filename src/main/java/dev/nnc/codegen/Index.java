package dev.nnc.codegen;

import com.palantir.javapoet.CodeBlock;
import java.util.ArrayList;
import java.util.List;

/**
 * An int index expression {@code base + Σ var·coef}, printed without zero terms or unit factors:
 * {@code i0 * 3 + i1}. A null variable stands for a loop of extent 1, whose index is always 0.
 */
final class Index {
    private final List<String> vars = new ArrayList<>();
    private final List<Integer> coefs = new ArrayList<>();
    private int base;

    static Index of(int base) {
        Index x = new Index();
        x.base = base;
        return x;
    }

    /** Adds {@code var * coef} (nothing when var is null or coef is 0). */
    Index plus(String var, int coef) {
        if (var != null && coef != 0) { vars.add(var); coefs.add(coef); }
        return this;
    }

    /** {@code Σ vars[a]·strides[a]}. */
    static Index linear(String[] vars, int[] strides) {
        Index x = of(0);
        for (int a = 0; a < vars.length; a++) x.plus(vars[a], strides[a]);
        return x;
    }

    CodeBlock code() {
        CodeBlock.Builder b = CodeBlock.builder();
        for (int t = 0; t < vars.size(); t++) {
            int c = coefs.get(t);
            String v = vars.get(t);
            if (t == 0) b.add(c < 0 ? "-" : "");
            else b.add(c < 0 ? " - " : " + ");
            int abs = Math.abs(c);
            if (abs == 1) b.add("$L", v);
            else b.add("$L * $L", v, abs);
        }
        if (vars.isEmpty()) b.add("$L", base);
        else if (base != 0) b.add(base < 0 ? " - $L" : " + $L", Math.abs(base));
        return b.build();
    }
}
