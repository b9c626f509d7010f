package io.pycd.compile;

import static org.assertj.core.api.Assertions.assertThat;

import io.pycd.cache.CacheLayout;
import io.pycd.cache.InvalidationMode;
import io.pycd.environment.Environment;
import io.pycd.interpreter.Interpreter;
import io.pycd.settings.CodeFileNames;
import io.pycd.settings.CompileSettings;
import io.pycd.testing.CacheCheck;
import io.pycd.testing.Compiling;
import io.pycd.testing.Processes;
import io.pycd.testing.Py;
import io.pycd.testing.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every invalidation mode and optimization level, and every compileall option pycd offers. */
class CompileOptionsTest {

    @TempDir
    Path tmp;

    /** A package whose levels compile differently (docstrings, asserts) next to one where they do not. */
    static Path tree(Path root) {
        TestFiles.write(root.resolve("pkg/__init__.py"), "'''Package docs.'''\nVALUE = 42\n");
        TestFiles.write(root.resolve("pkg/mod.py"), "'''Module docs.'''\n\ndef f(x):\n    '''Function docs.'''\n"
                + "    assert x > 0, 'positive'\n    if __debug__:\n        x += 1\n    return x\n\n"
                + "class C:\n    '''Class docs.'''\n    nan = float('nan')\n    t = (1.5, -0.0, 2j, b'b', frozenset({1}))\n");
        TestFiles.write(root.resolve("pkg/plain.py"), "import os\n\ndef g():\n    return os.sep\n");
        TestFiles.write(root.resolve("top.py"),
                "# -*- coding: latin-1 -*-\nS = '\u00e9'\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        return root;
    }

    @ParameterizedTest(name = "python{0} {1}")
    @CsvSource({"3.11,timestamp", "3.11,checked-hash", "3.11,unchecked-hash", "3.12,timestamp",
            "3.12,checked-hash", "3.12,unchecked-hash", "3.13,timestamp", "3.13,checked-hash", "3.13,unchecked-hash",
            "3.8,checked-hash", "3.10,unchecked-hash"})
    void everyModeAndLevelIsAcceptedByImport(String version, String modeName) {
        Interpreter python = Py.get(version);
        InvalidationMode mode = InvalidationMode.parse(modeName);
        Path root = tree(tmp.resolve("t"));
        CompileSettings settings = Compiling.settings(List.of(python), List.of(0, 1, 2), mode, new CacheLayout.Pycache(),
                CodeFileNames.absolute(), false);
        CompileReport report = Compiling.compile(settings, root);
        assertThat(report.failed()).isEmpty();
        assertThat(report.written()).hasSize(4);
        String tag = python.cacheTag();
        assertThat(report.written().stream().filter(w -> w.source().endsWith("mod.py")).findFirst().orElseThrow()
                .caches()).containsExactly(root.resolve("pkg/__pycache__/mod." + tag + ".pyc"),
                root.resolve("pkg/__pycache__/mod." + tag + ".opt-1.pyc"),
                root.resolve("pkg/__pycache__/mod." + tag + ".opt-2.pyc"));
        assertThat(CacheCheck.verify(python, settings, report, tmp, null, null)).isEqualTo(12);
        assertThat(Compiling.compile(settings, root).fresh()).isEqualTo(4);
        if (mode == InvalidationMode.TIMESTAMP) { // compileall always rewrites hash-based pycs
            List<Path> caches = new ArrayList<>();
            report.written().forEach(w -> caches.addAll(w.caches()));
            Map<Path, String> before = CacheCheck.stamps(caches);
            Py.run(python, List.of("-m", "compileall", "-q", "-o", "0", "-o", "1", "-o", "2", root.toString())).ok();
            assertThat(CacheCheck.stamps(caches)).as("compileall -o 0 -o 1 -o 2 rewrote nothing").isEqualTo(before);
        }
    }

    @Test
    void hardlinkDupesShareOneInodeExactlyWhenBytesAreEqual() throws Exception {
        Interpreter python = Py.get("3.12");
        Path root = tree(tmp.resolve("t"));
        CompileSettings settings = Compiling.settings(List.of(python), List.of(0, 1, 2), InvalidationMode.TIMESTAMP,
                new CacheLayout.Pycache(), CodeFileNames.absolute(), true);
        CompileReport report = Compiling.compile(settings, root);
        assertThat(report.failed()).isEmpty();
        int linked = 0;
        for (CompileResult.Written w : report.written()) {
            for (int i = 1; i < 3; i++) {
                Path a = w.caches().get(i - 1);
                Path b = w.caches().get(i);
                boolean sameBytes = java.util.Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(b));
                boolean sameInode = Files.getAttribute(a, "unix:ino").equals(Files.getAttribute(b, "unix:ino"));
                assertThat(sameInode).as("%s vs %s", a, b).isEqualTo(sameBytes);
                linked += sameInode ? 1 : 0;
            }
        }
        assertThat(linked).as("plain.py and top.py compile alike at every level").isGreaterThanOrEqualTo(4);
        assertThat(CacheCheck.verify(python, settings, report, tmp, null, null)).isEqualTo(12);
    }

    @Test
    void legacyCachesSitBesideTheSourceAndImportOnceItIsGone() throws Exception {
        Interpreter python = Py.get("3.12");
        Path root = tree(tmp.resolve("t"));
        CompileSettings settings = Compiling.settings(List.of(python), List.of(0), InvalidationMode.TIMESTAMP,
                new CacheLayout.Legacy(), CodeFileNames.absolute(), false);
        CompileReport report = Compiling.compile(settings, root);
        assertThat(report.failed()).isEmpty();
        assertThat(root.resolve("pkg/mod.pyc")).isRegularFile();
        assertThat(root.resolve("top.pyc")).isRegularFile();
        assertThat(root.resolve("pkg/__pycache__")).doesNotExist();
        for (String py : List.of("pkg/__init__.py", "pkg/mod.py", "pkg/plain.py", "top.py")) {
            Files.delete(root.resolve(py));
        }
        Processes.Run run = Py.run(python, List.of("-B", "-I", "-c", "import sys; sys.path.insert(0, sys.argv[1])\n"
                + "import pkg, pkg.mod, top\n"
                + "print(pkg.VALUE, pkg.mod.f(1), top.S == '\\u00e9', type(pkg.mod.__loader__).__name__)", root.toString()));
        assertThat(run.ok().out().strip()).isEqualTo("42 2 True SourcelessFileLoader");
    }

    @Test
    void pycachePrefixLayoutIsTheOneImportUses() {
        Interpreter python = Py.get("3.12");
        Path root = tree(tmp.resolve("t"));
        Path prefix = tmp.resolve("prefix");
        CompileSettings settings = Compiling.settings(List.of(python), List.of(0, 2), InvalidationMode.CHECKED_HASH,
                new CacheLayout.Prefix(prefix), CodeFileNames.absolute(), false);
        CompileReport report = Compiling.compile(settings, root);
        assertThat(report.failed()).isEmpty();
        assertThat(root.resolve("pkg/__pycache__")).doesNotExist();
        Path abs = root.toAbsolutePath();
        assertThat(prefix.resolve(abs.getRoot().relativize(abs)).resolve("pkg/mod." + python.cacheTag() + ".pyc"))
                .isRegularFile();
        // verify() asks importlib.util.cache_from_source under -X pycache_prefix for every cache's path.
        assertThat(CacheCheck.verify(python, settings, report, tmp, null, prefix)).isEqualTo(8);
    }

    /**
     * Without -d/-s/-p the recorded file name is the one import records for the module (found on an absolute
     * sys.path entry), however the tree was named: here by a relative path ending in ".".
     */
    @Test
    void theDefaultRecordedFileNameIsWhatImportRecords() {
        Interpreter python = Py.get("3.12");
        Path root = tree(tmp.resolve("t")).toAbsolutePath();
        Path named = Path.of("").toAbsolutePath().relativize(root).resolve(".");
        CompileReport report = Compiling.compile(Compiling.settings(python), named);
        assertThat(report.failed()).isEmpty();
        String code = "import importlib.util, marshal, sys\n"
                + "sys.path.insert(0, sys.argv[1])\n"
                + "for name, cache in zip(sys.argv[2::2], sys.argv[3::2]):\n"
                + "    origin = importlib.util.find_spec(name).origin\n"
                + "    co = marshal.loads(open(cache, 'rb').read()[16:])\n"
                + "    print(co.co_filename == origin, co.co_filename, origin)\n";
        List<String> args = new ArrayList<>(List.of("-I", "-c", code, root.toString()));
        for (CompileResult.Written w : report.written()) {
            String module = root.relativize(w.source().toAbsolutePath().normalize()).toString()
                    .replaceFirst("(/__init__)?\\.py$", "").replace('/', '.');
            args.add(module);
            args.add(w.caches().get(0).toString());
        }
        List<String> lines = Py.run(python, args).ok().out().lines().toList();
        assertThat(lines).hasSize(4).allSatisfy(l -> assertThat(l).startsWith("True /"));
    }

    /** The file name recorded in the code is what compileall -d/-s/-p records for the same tree. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"-d /srv/app||", "-s ROOT||", "-p /opt/x||", "-s PARENT -p /opt/x||",
            "-s /nomatch/t -p rel||"})
    void recordedFileNamesMatchCompileall(String flags) {
        Interpreter python = Py.get("3.12");
        Path root = tree(tmp.resolve("t")).toAbsolutePath();
        String[] f = flags.replace("PARENT", root.getParent().toString()).replace("ROOT", root.toString()).split(" ");
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i < f.length; i += 2) {
            opts.put(f[i], f[i + 1]);
        }
        CodeFileNames names = new CodeFileNames(Optional.ofNullable(opts.get("-d")), Optional.ofNullable(opts.get("-s")),
                Optional.ofNullable(opts.get("-p")));
        CompileSettings settings = Compiling.settings(List.of(python), List.of(0), InvalidationMode.TIMESTAMP,
                new CacheLayout.Pycache(), names, false);
        CompileReport report = Compiling.compile(settings, root);
        assertThat(report.failed()).isEmpty();

        Path prefix = tmp.resolve("compileall");
        List<String> cmd = new ArrayList<>(List.of("-X", "pycache_prefix=" + prefix, "-m", "compileall", "-q"));
        cmd.addAll(List.of(f));
        cmd.add(root.toString());
        Py.run(python, cmd).ok();
        StringBuilder code = new StringBuilder("import marshal, sys\nfor a, b in zip(sys.argv[1::2], sys.argv[2::2]):\n"
                + "    ca = marshal.loads(open(a, 'rb').read()[16:])\n"
                + "    cb = marshal.loads(open(b, 'rb').read()[16:])\n"
                + "    print(ca.co_filename == cb.co_filename, ca.co_filename, cb.co_filename)\n");
        List<String> args = new ArrayList<>(List.of("-I", "-c", code.toString()));
        CacheLayout theirs = new CacheLayout.Prefix(prefix);
        for (CompileResult.Written w : report.written()) {
            args.add(w.caches().get(0).toString());
            args.add(theirs.cacheOf(w.source(), python.cacheTag(), 0).toString());
        }
        List<String> lines = Py.run(python, args).ok().out().lines().toList();
        assertThat(lines).hasSize(4).allSatisfy(l -> assertThat(l).startsWith("True "));
    }

    @Test
    void cacheModeIsTheSourceModeWritableNeverExecutableLessTheUmask() throws Exception {
        Interpreter python = Py.get("3.12");
        int umask = Integer.parseInt(Processes.exec(List.of("sh", "-c", "umask"), null, Map.of(), null).ok().out().strip(), 8);
        Map<String, Integer> modes = Map.of("a", 0644, "b", 0755, "c", 0600, "d", 0444, "e", 0640, "f", 0777, "g", 0400);
        Path root = tmp.resolve("m");
        for (var e : modes.entrySet()) {
            Path p = TestFiles.write(root.resolve(e.getKey() + ".py"), "x = 1\n");
            Files.setPosixFilePermissions(p, perms(e.getValue()));
        }
        CompileReport report = Compiling.compile(Compiling.settings(python), root);
        assertThat(report.failed()).isEmpty();
        for (var e : modes.entrySet()) {
            Path cache = root.resolve("__pycache__/" + e.getKey() + "." + python.cacheTag() + ".pyc");
            int expected = (e.getValue() | 0200) & 0666 & ~umask;
            assertThat(Files.getPosixFilePermissions(cache)).as(e.getKey()).isEqualTo(perms(expected));
        }
    }

    @Test
    void defaultModeFollowsSourceDateEpochAsPyCompileDoes() {
        Interpreter python = Py.get("3.12");
        String code = "import py_compile; print(py_compile._get_default_invalidation_mode().name)";
        String with = Processes.exec(List.of(python.executable().toString(), "-c", code), null,
                Map.of("SOURCE_DATE_EPOCH", "1700000000"), null).ok().out().strip();
        String empty = Processes.exec(List.of(python.executable().toString(), "-c", code), null,
                Map.of("SOURCE_DATE_EPOCH", ""), null).ok().out().strip();
        assertThat(with).isEqualTo("CHECKED_HASH");
        assertThat(empty).isEqualTo("TIMESTAMP");
        assertThat(defaultMode(Map.of("SOURCE_DATE_EPOCH", "1700000000"))).isEqualTo(InvalidationMode.CHECKED_HASH);
        assertThat(defaultMode(Map.of("SOURCE_DATE_EPOCH", ""))).isEqualTo(InvalidationMode.TIMESTAMP);
        assertThat(defaultMode(Map.of())).isEqualTo(InvalidationMode.TIMESTAMP);
    }

    private static InvalidationMode defaultMode(Map<String, String> variables) {
        Path here = Path.of("").toAbsolutePath();
        return InvalidationMode.defaultFor(Environment.of(variables, here, here).sourceDateEpoch());
    }

    static Set<PosixFilePermission> perms(int mode) {
        Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
                PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_READ};
        for (int i = 0; i < 9; i++) {
            if ((mode & (1 << i)) != 0) {
                out.add(order[i]);
            }
        }
        return out;
    }

    static String show(int mode) {
        return PosixFilePermissions.toString(perms(mode));
    }
}
