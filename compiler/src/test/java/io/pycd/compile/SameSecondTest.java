package io.pycd.compile;

import static org.assertj.core.api.Assertions.assertThat;

import io.pycd.cache.CacheState;
import io.pycd.interpreter.Interpreter;
import io.pycd.settings.CompileSettings;
import io.pycd.settings.CompileMemory;
import io.pycd.status.StatusEntry;
import io.pycd.status.StatusScanner;
import io.pycd.testing.CacheOracle;
import io.pycd.testing.Compiling;
import io.pycd.testing.Py;
import io.pycd.testing.TestFiles;
import io.pycd.tree.SourceWalker;
import io.pycd.tree.TreeRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Edits within the second of a compile, made deterministic with explicit mtimes: the pyc header keeps whole seconds,
 * so only pycd's record of what it compiled each cache from can tell them. Without the record (the first cases) the
 * stale cache passes, as it does for CPython: that is the hole the record closes.
 */
class SameSecondTest {

    private static final Instant SECOND = Instant.ofEpochSecond(1_700_000_000L);

    @TempDir
    Path tmp;

    Interpreter python;
    Path root;
    Path source;
    CompileSettings remembering;

    @BeforeEach
    void compileAtTheStartOfASecond() throws IOException {
        python = Py.get("3.12");
        root = tmp.resolve("t");
        source = TestFiles.write(root.resolve("m.py"), "X = 1\n");
        TestFiles.write(root.resolve("other.py"), "Y = 2\n");
        at(source, 100);
        remembering = Compiling.settings(python).withMemory(Compiling.remembering(tmp.resolve("cache")));
        assertThat(Compiling.compile(remembering, root).written()).hasSize(2);
    }

    private static void at(Path file, long millisIntoTheSecond) throws IOException {
        Files.setLastModifiedTime(file, FileTime.from(SECOND.plusMillis(millisIntoTheSecond)));
    }

    /** The same size, later in the same second. */
    private void editWithinTheSecond() throws IOException {
        Files.writeString(source, "X = 2\n");
        at(source, 600);
    }

    @Test
    void withoutTheRecordTheEditIsMissedAsCPythonMissesIt() throws IOException {
        editWithinTheSecond();
        CompileSettings forgetful = remembering.withMemory(CompileMemory.NONE);
        assertThat(Compiling.compile(forgetful, root).written()).as("the header alone says fresh").isEmpty();
        assertThat(states(forgetful)).containsOnly(CacheState.FRESH);
    }

    @Test
    void anEditBetweenTwoCompilesWithinOneSecondIsRecompiled() throws IOException {
        editWithinTheSecond();
        CompileReport again = Compiling.compile(remembering, root);
        assertThat(again.written()).extracting(CompileResult::source).containsExactly(source);
        assertThat(again.fresh()).isEqualTo(1);
        CacheOracle.check(python.executable(), List.of(new CacheOracle.Entry(source,
                root.resolve("__pycache__/m." + python.cacheTag() + ".pyc"), source.toString())), tmp).assertRight();
        assertThat(Compiling.compile(remembering, root).written()).as("then fresh").isEmpty();
    }

    @Test
    void statusSaysItIsStaleAndWhy() throws IOException {
        editWithinTheSecond();
        assertThat(states(remembering)).containsExactlyInAnyOrder(CacheState.FRESH,
                new CacheState.Stale("source modified within the second it was compiled"));
    }

    /** A touch (or an identical copy) within the second: other stamps, the same bytes: nothing to do. */
    @Test
    void theSameBytesWithAnotherMtimeStayFresh() throws IOException {
        at(source, 900);
        assertThat(Compiling.compile(remembering, root).written()).isEmpty();
        Path copy = TestFiles.write(tmp.resolve("copy.py"), "X = 1\n");
        at(copy, 100);
        Files.move(copy, source, StandardCopyOption.REPLACE_EXISTING);
        assertThat(states(remembering)).containsOnly(CacheState.FRESH);
    }

    /** Another file renamed over the source, with the very same mtime and size: its identity gives it away. */
    @Test
    void aFileRenamedOverTheSourceWithTheSameStampIsStale() throws IOException {
        Path other = TestFiles.write(tmp.resolve("new.py"), "X = 3\n");
        at(other, 100);
        Files.move(other, source, StandardCopyOption.REPLACE_EXISTING);
        assertThat(Compiling.compile(remembering, root).written()).extracting(CompileResult::source)
                .containsExactly(source);
    }

    /** A cache CPython wrote has no record: a same-second edit after it is not caught (README says so). */
    @Test
    void aCacheCPythonWroteHasNoRecord() throws IOException {
        Path fresh = tmp.resolve("fresh");
        Path src = TestFiles.write(fresh.resolve("c.py"), "Z = 1\n");
        at(src, 100);
        Py.run(python, List.of("-m", "py_compile", src.toString())).ok();
        Files.writeString(src, "Z = 2\n");
        at(src, 600);
        assertThat(Compiling.compile(remembering, fresh).written()).isEmpty();
    }

    /** The record describes one write: once the cache was rewritten by someone else for another second, it is moot. */
    @Test
    void aRecordOfAnOlderWriteAccusesNothing() throws IOException {
        Files.writeString(source, "X = 3\n");
        Files.setLastModifiedTime(source, FileTime.from(SECOND.plusSeconds(30)));
        Py.run(python, List.of("-m", "py_compile", source.toString())).ok();
        assertThat(states(remembering)).containsOnly(CacheState.FRESH);
        assertThat(Compiling.compile(remembering, root).written()).isEmpty();
    }

    private List<CacheState> states(CompileSettings settings) throws IOException {
        return new StatusScanner(settings, new SourceWalker(TreeRules.none(), -1)).scan(List.of(root)).entries()
                .stream().map(StatusEntry::state).toList();
    }
}
