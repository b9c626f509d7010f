package io.pycd.store;

import io.pycd.cache.SourceDigest;
import io.pycd.code.CompileWarning;
import io.pycd.interpreter.Interpreter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Keys and entries for the store's tests: distinct sources give distinct keys; content says which key it is for. */
final class Entries {

    static final Interpreter PY312 = new Interpreter(Path.of("/usr/bin/python3.12"), "3.12.1", "cpython", "cpython-312",
            0x0a0d0dcb);

    private Entries() {
    }

    static StoreKey key(int n) {
        byte[] source = ("x = " + n + "\n").getBytes(StandardCharsets.UTF_8);
        return StoreKey.of(SourceDigest.of(source, source.length), PY312, List.of(0), "/src/m" + n + ".py");
    }

    /** Code that says which key it was stored for, {@code size} bytes at level 0, with one warning. */
    static StoredCode code(int n, int size) {
        byte[] code = new byte[size];
        for (int i = 0; i < size; i++) {
            code[i] = (byte) (n * 31 + i);
        }
        byte[] opt = ("level 1 of " + n).getBytes(StandardCharsets.UTF_8);
        return new StoredCode(List.of(code, opt),
                List.of(new CompileWarning("SyntaxWarning", "invalid escape sequence '\\d' in " + n, n)));
    }

    /** True when {@code got} is exactly what {@link #code(int, int)} stored for {@code n}. */
    static boolean isCodeOf(int n, int size, StoredCode got) {
        StoredCode want = code(n, size);
        return got.code().size() == 2 && java.util.Arrays.equals(got.code().get(0), want.code().get(0))
                && java.util.Arrays.equals(got.code().get(1), want.code().get(1))
                && got.warnings().equals(want.warnings());
    }
}
