package dev.nnc.codegen;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.TypeName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.lang.model.element.Modifier;

/**
 * The arrays of a large class, kept as elements of one table per array type
 * ({@code double[][] slots_double}) instead of one field each: a class file holds at most 65,535
 * constants and every field costs about three, so a graph of 10⁵ nodes cannot give each tensor a
 * field. A method of such a class starts by reading the arrays its body names into locals of the
 * same names ({@code final double[] v10 = slots_double[17];}), so the bodies are emitted exactly
 * as for a small class; C2 then keeps them in registers as it would field loads.
 */
final class Slots {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /**
     * Slots per table: an index up to 32,767 is pushed by {@code sipush}; a larger one would be an
     * {@code ldc} of a constant of its own, one per slot, and fill the constant pool again.
     */
    static final int PER_TABLE = 32_768;

    private record Slot(TypeName type, String table, int index) {}

    private record Table(TypeName type, String name) {}

    private final Names names;
    private final Map<String, Slot> slots = new LinkedHashMap<>();
    private final List<Table> tables = new ArrayList<>();
    private final Map<String, String> tableNames = new LinkedHashMap<>();
    private final Map<String, Integer> sizes = new LinkedHashMap<>();
    private final Map<TypeName, Integer> counts = new LinkedHashMap<>();
    private final List<CodeBlock> allocations = new ArrayList<>();

    Slots(Names names) {
        this.names = names;
    }

    /** Whether {@code f} (an array field with an initializer) becomes a slot. */
    static boolean fits(FieldSpec f) {
        return f.type() instanceof ArrayTypeName && f.initializer() != null && !f.initializer().isEmpty()
                && !f.modifiers().contains(Modifier.STATIC);
    }

    /** Takes {@code f}'s array as the next slot of its type's table; its initializer runs in the constructor. */
    void add(FieldSpec f) {
        int n = counts.merge(f.type(), 1, Integer::sum) - 1, block = n / PER_TABLE, index = n % PER_TABLE;
        String table = tableNames.get(f.type() + ":" + block);
        if (table == null) {
            table = names.allocate("", "slots_" + ((ArrayTypeName) f.type()).componentType() + (block == 0 ? "" : "_" + block),
                    "slots:" + f.type() + ":" + block);
            tables.add(new Table(f.type(), table));
            tableNames.put(f.type() + ":" + block, table);
        }
        sizes.merge(table, 1, Integer::sum);
        slots.put(f.name(), new Slot(f.type(), table, index));
        allocations.add(CodeBlock.of("$N[$L] = $L;\n", table, index, f.initializer()));
    }

    /** The tables as fields, each allocated where it is declared (a few bytes of the constructor). */
    List<FieldSpec> tableFields() {
        List<FieldSpec> out = new ArrayList<>();
        for (Table t : tables) {
            out.add(FieldSpec.builder(ArrayTypeName.of(t.type()), t.name(), Modifier.PRIVATE, Modifier.FINAL)
                    .initializer("new $T[$L][]", ((ArrayTypeName) t.type()).componentType(), sizes.get(t.name())).build());
        }
        return out;
    }

    /** Statements that allocate every slot's array. */
    List<CodeBlock> allocations() {
        return allocations;
    }

    /** How code outside the generated methods' bodies reads the array called {@code name}. */
    CodeBlock ref(String name) {
        Slot s = slots.get(name);
        return s == null ? CodeBlock.of("$N", name) : CodeBlock.of("$N[$L]", s.table(), s.index());
    }

    /** {@code body} preceded by a local for every slot it names, in name order. */
    CodeBlock withLocals(CodeBlock body) {
        TreeSet<String> used = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(body.toString());
        while (m.find()) if (slots.containsKey(m.group())) used.add(m.group());
        CodeBlock.Builder b = CodeBlock.builder();
        for (String name : used) {
            Slot s = slots.get(name);
            b.addStatement("final $T $N = $N[$L]", s.type(), name, s.table(), s.index());
        }
        return b.add(body).build();
    }
}
