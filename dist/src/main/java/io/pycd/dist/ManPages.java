package io.pycd.dist;

import io.pycd.cli.Main;
import java.io.File;
import java.io.IOException;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Writes AsciiDoc man pages for pycd and every command (pycd.adoc, pycd-compile.adoc, ...) from the command model
 * that --help prints, so the two can never disagree. The build turns them into roff (Asciidoctor's manpage backend).
 * picocli's own generator cannot be pointed at Main: pycd registers its commands in code, not in the annotation.
 */
public final class ManPages {

    private ManPages() {
    }

    public static void main(String[] args) throws IOException {
        File out = new File(args[0]);
        int exit = ManPageGenerator.generateManPage(out, null, new boolean[0], true,
                Main.commandLine().getCommandSpec());
        if (exit != 0) {
            throw new IOException("picocli's man page generator failed (exit " + exit + ")");
        }
    }
}
