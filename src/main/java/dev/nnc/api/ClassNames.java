package dev.nnc.api;

/** Generated class names from `.nn` file names: `lab2_scalar.nn` → `Lab2ScalarModel`. */
final class ClassNames {
    private ClassNames() {}

    static String forFile(String fileName) {
        String base = fileName.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1);
        if (base.endsWith(".nn")) base = base.substring(0, base.length() - 3);
        StringBuilder b = new StringBuilder();
        boolean upper = true;
        for (char c : base.toCharArray()) {
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
                b.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            } else {
                upper = true;
            }
        }
        if (b.length() == 0 || !Character.isLetter(b.charAt(0))) b.insert(0, "Nn");
        return b + "Model";
    }
}
