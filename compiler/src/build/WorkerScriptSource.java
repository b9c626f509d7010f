import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Build step (generate-sources, run as a single-file program by the JDK that runs Maven): writes
 * {@code io/pycd/worker/WorkerScript.java}, whose one constant is worker.py's text. A constant in a class, not a
 * resource: reading a resource opens the application's jar (its central directory, ~5,800 entries) and the runtime's
 * module image, ~15 ms of the first worker's start, where every class comes from the start-up archive.
 *
 * <p>Usage: {@code java WorkerScriptSource.java <worker.py> <generated-sources folder>}
 */
public class WorkerScriptSource {

    public static void main(String[] args) throws IOException {
        String script = Files.readString(Path.of(args[0]), StandardCharsets.UTF_8);
        StringBuilder java = new StringBuilder()
                .append("package io.pycd.worker;\n\n")
                .append("/** Generated from compiler/src/main/worker/worker.py by compiler/src/build/WorkerScriptSource.java. */\n")
                .append("final class WorkerScript {\n\n")
                .append("    /** worker.py's text, as {@code python -I -S -c} runs it. */\n")
                .append("    static final String TEXT = \"\"\n");
        for (String line : script.split("(?<=\n)")) {
            java.append("            + \"");
            for (char c : line.toCharArray()) {
                switch (c) {
                    case '\\' -> java.append("\\\\");
                    case '"' -> java.append("\\\"");
                    case '\n' -> java.append("\\n");
                    case '\r' -> java.append("\\r");
                    case '\t' -> java.append("\\t");
                    default -> {
                        if (c < 0x20 || c > 0x7e) {
                            java.append(String.format("\\u%04x", (int) c));
                        } else {
                            java.append(c);
                        }
                    }
                }
            }
            java.append("\"\n");
        }
        java.append("            ;\n\n    private WorkerScript() {\n    }\n}\n");
        Path out = Path.of(args[1], "io", "pycd", "worker", "WorkerScript.java");
        Files.createDirectories(out.getParent());
        if (!Files.exists(out) || !Files.readString(out, StandardCharsets.UTF_8).contentEquals(java)) {
            Files.writeString(out, java, StandardCharsets.UTF_8); // unchanged text keeps its time: no recompile
        }
    }
}
