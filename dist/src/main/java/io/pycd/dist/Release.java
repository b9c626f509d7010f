package io.pycd.dist;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Builds the release from the packaged jar: a folder laid out as it installs, its tarball, and the same as a wheel.
 *
 * <pre>
 * pycd-VERSION-linux-x86_64/
 *   bin/pycd, bin/jvm.options           the checkout's launcher, which also knows this layout
 *   lib/pycd.jar, lib/pycd.aot          the application and its start-up cache (lib/pycd.jsa on a JDK 17 runtime)
 *   runtime/                            jlink'd from the chosen JDK: only the modules pycd needs
 *   share/man/man1/, share/bash-completion/completions/pycd, share/zsh/pycd.zsh,
 *   share/fish/vendor_completions.d/pycd.fish, share/systemd/user/pycd.service
 *   RUNTIME                             which JDK the runtime came from, its modules, the start-up cache
 * </pre>
 *
 * Arguments: the version, the repository's folder, the build folder.
 */
public final class Release {

    /** What jdeps finds that pycd does without: only Jackson's optional java.beans support needs java.desktop. */
    private static final List<String> LEFT_OUT = List.of("java.desktop");

    private Release() {
    }

    public static void main(String[] args) throws IOException {
        String version = args[0];
        Path repo = Path.of(args[1]).toRealPath();
        Path target = Path.of(args[2]).toAbsolutePath();
        String name = "pycd-" + version + "-linux-x86_64";
        Path image = target.resolve(name);
        Path scratch = target.resolve("release-scratch");
        deleteTree(image);
        deleteTree(scratch);
        Files.createDirectories(scratch);

        Jdk jdk = Jdk.choose(System.getProperty("pycd.release.jdk"), Path.of(System.getProperty("java.home")));
        log("runtime from " + jdk.describe());

        copyTree(repo.resolve("dist/src/release"), image);
        Files.createDirectories(image.resolve("bin"));
        Files.createDirectories(image.resolve("lib"));
        for (String f : List.of("pycd", "jvm.options")) {
            Files.copy(repo.resolve("bin").resolve(f), image.resolve("bin").resolve(f),
                    StandardCopyOption.COPY_ATTRIBUTES);
        }
        Path jar = image.resolve("lib/pycd.jar");
        Files.copy(repo.resolve("cli/target/pycd.jar"), jar);
        String concat = "inline";
        if (jdk.feature() >= Jdk.AOT_CACHE) {
            swapClasses(jar, repo.resolve("picocli/target/pycd-picocli-" + version + "-indy.jar"), "picocli/");
            concat = "invokedynamic, linked by the AOT cache";
        }
        log("picocli's string concatenation: " + concat);

        List<String> modules = modules(jdk, jar);
        link(jdk, modules, image.resolve("runtime"));
        log("modules: " + String.join(",", modules));

        StartupCache cache = StartupCache.build(image, jdk, scratch);
        log("start-up cache: " + cache.describe());

        completions(image);
        Path man = image.resolve("share/man/man1");
        Files.createDirectories(man);
        try (Stream<Path> pages = Files.list(target.resolve("man"))) {
            for (Path p : pages.filter(p -> p.toString().endsWith(".1")).sorted().toList()) {
                Files.copy(p, man.resolve(p.getFileName()));
            }
        }
        Files.writeString(image.resolve("RUNTIME"), "pycd " + version + "\nruntime: " + jdk.describe()
                + "\nmodules: " + String.join(",", modules) + "\nstart-up cache: " + cache.describe()
                + "\npicocli's string concatenation: " + concat + "\n");

        Path tarball = target.resolve(name + ".tar.gz");
        Files.deleteIfExists(tarball);
        Exec.run(List.of("tar", "-C", target.toString(), "--owner=0", "--group=0", "--numeric-owner", "--sort=name",
                "-czf", tarball.toString(), name));
        log(String.format(Locale.ROOT, "archive: %s (%.1f MB)", tarball, Files.size(tarball) / 1e6));

        String wheel = Exec.run(List.of("python3", repo.resolve("dist/src/main/python/build_wheel.py").toString(),
                image.toString(), version, target.toString())).strip();
        log(String.format(Locale.ROOT, "wheel: %s (%.1f MB)", wheel, Files.size(Path.of(wheel)) / 1e6));
        deleteTree(scratch);
    }

    /**
     * Replaces every class under {@code prefix} in {@code jar} with the one of the same name in {@code from}: the
     * same sources, built another way (picocli's {@code indy} artifact). Both must hold the same set of classes.
     */
    static void swapClasses(Path jar, Path from, String prefix) throws IOException {
        try (FileSystem target = FileSystems.newFileSystem(jar); FileSystem source = FileSystems.newFileSystem(from)) {
            List<String> swapped = classesUnder(source, prefix);
            if (!swapped.equals(classesUnder(target, prefix))) {
                throw new IOException(from + " does not hold the classes under " + prefix + " that " + jar + " holds");
            }
            for (String name : swapped) {
                Files.copy(source.getPath(name), target.getPath(name), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static List<String> classesUnder(FileSystem jar, String prefix) throws IOException {
        try (Stream<Path> files = Files.walk(jar.getPath("/" + prefix))) {
            return files.map(Path::toString).filter(n -> n.endsWith(".class")).sorted().toList();
        }
    }

    /** The modules jdeps finds in the jar, less those pycd does without. */
    static List<String> modules(Jdk jdk, Path jar) throws IOException {
        String deps = Exec.run(List.of(jdk.tool("jdeps").toString(), "--print-module-deps", "--ignore-missing-deps",
                "--multi-release", Integer.toString(jdk.feature()), jar.toString())).strip();
        List<String> modules = new ArrayList<>(Arrays.asList(deps.split(",")));
        modules.removeAll(LEFT_OUT);
        return modules;
    }

    /**
     * jlink, stored uncompressed: the tarball and the wheel compress the whole image better than jlink's own
     * compression, which makes the download larger. On JDK 17 the runtime also gets its default CDS archive, which
     * the dynamic archive sits on.
     */
    static void link(Jdk jdk, List<String> modules, Path out) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(jdk.tool("jlink").toString(), "--add-modules",
                String.join(",", modules), "--output", out.toString(), "--strip-debug", "--no-header-files",
                "--no-man-pages", jdk.feature() >= 21 ? "--compress=zip-0" : "--compress=0"));
        if (jdk.feature() < Jdk.AOT_CACHE) {
            cmd.add("--generate-cds-archive");
        }
        Exec.run(cmd);
    }

    /** The image's own pycd prints its completion scripts: the same as {@code pycd completion SHELL}. */
    private static void completions(Path image) throws IOException {
        Path pycd = image.resolve("bin/pycd");
        write(image.resolve("share/bash-completion/completions/pycd"),
                Exec.run(List.of(pycd.toString(), "completion", "bash")));
        write(image.resolve("share/zsh/pycd.zsh"), Exec.run(List.of(pycd.toString(), "completion", "zsh")));
        write(image.resolve("share/fish/vendor_completions.d/pycd.fish"),
                Exec.run(List.of(pycd.toString(), "completion", "fish")));
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static void log(String line) {
        System.out.println("[pycd release] " + line);
    }
}
