package dev.nnc.codegen;

import com.palantir.javapoet.NameAllocator;

/**
 * The identifiers of one generated class. Names from the {@code .nn} file are prefixed by their
 * role ({@code p_}, {@code in_}, {@code val_}, {@code g_}, …) and every character outside
 * {@code [A-Za-z0-9_]} becomes {@code _uXXXX_}, so no file can name a Java keyword, a JDK class
 * or a local of the generated code; a {@link NameAllocator} keeps them distinct.
 */
final class Names {
    /** Locals of the generated methods: reserved so that no field shadows or is shadowed by one. */
    static final String[] LOCALS = {"i", "j", "p", "s", "m", "l", "a", "r", "q", "gv", "xv", "best", "arg", "g", "denom", "bc1", "bc2", "k", "row", "at", "half", "lo", "hi", "group"};

    private final NameAllocator allocator = new NameAllocator();

    Names() {
        for (String local : LOCALS) allocator.newName(local, "local:" + local);
        for (int a = 0; a < 64; a++) allocator.newName("i" + a, "local:i" + a);
        for (String fixed : new String[] {"params", "inputs", "values", "gradients", "t"}) {
            allocator.newName(fixed, "field:" + fixed);
        }
    }

    /** A new unique identifier: {@code prefix} followed by {@code name} made safe. */
    String allocate(String prefix, String name, Object tag) {
        return allocator.newName(prefix + escape(name), tag);
    }

    /** The name given to {@code tag}. */
    String get(Object tag) {
        return allocator.get(tag);
    }

    /** {@code a.b} → {@code a_u002E_b}: only ASCII letters, digits and underscores survive. */
    static String escape(String name) {
        if (name == null) return "";
        StringBuilder b = new StringBuilder();
        name.codePoints().forEach(cp -> {
            boolean plain = cp < 128 && (Character.isLetterOrDigit(cp) || cp == '_');
            if (plain) b.appendCodePoint(cp);
            else b.append("_u").append(String.format("%04X", cp)).append('_');
        });
        return b.toString();
    }
}
