package io.pycd.watcher.daemon;

import io.pycd.state.StateFile;
import io.pycd.watcher.daemon.protocol.Codec;
import io.pycd.watcher.daemon.protocol.ProtocolException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The roots a daemon watches again when it starts ({@code daemon-roots.jsonl} in the state folder): one line per
 * group of roots with the same settings, each an {@code add} request as the control socket carries it, settings
 * unresolved (interpreters are looked up again at each start). Written by the running daemon, or by a client that
 * holds the daemon lock while none runs; replaced atomically. A line that cannot be read is kept as it is and
 * reported in the log once.
 */
public final class RememberedRoots {

    private static final Logger LOG = LoggerFactory.getLogger(RememberedRoots.class);

    private final Path file;
    /** Settings text to its roots, in the order first remembered. */
    private final Map<String, Set<Path>> groups = new LinkedHashMap<>();
    /** Lines this pycd cannot read (damaged, or written by another version): written back unchanged. */
    private final List<String> foreign = new ArrayList<>();

    private RememberedRoots(Path file) {
        this.file = file;
    }

    /** The daemon's file, read now (missing: nothing remembered). */
    public static RememberedRoots load(DaemonPaths paths) {
        RememberedRoots r = new RememberedRoots(paths.rememberedFile());
        r.read();
        return r;
    }

    public Path file() {
        return file;
    }

    private void read() {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            LOG.warn("cannot read {}: {}; no roots remembered", file, e.toString());
            return;
        }
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            try {
                Codec.Stored s = Codec.readStored(line);
                groups.computeIfAbsent(s.settings(), k -> new LinkedHashSet<>()).addAll(s.roots());
            } catch (ProtocolException e) {
                LOG.warn("{}: a line pycd cannot read is kept as it is: {}", file, e.getMessage());
                foreign.add(line);
            }
        }
    }

    /** Every group remembered, as stored. */
    public synchronized List<Codec.Stored> groups() {
        List<Codec.Stored> out = new ArrayList<>();
        groups.forEach((settings, roots) -> out.add(new Codec.Stored(settings, List.copyOf(roots))));
        return out;
    }

    /** Every root remembered, in order. */
    public synchronized List<Path> roots() {
        List<Path> out = new ArrayList<>();
        groups.values().forEach(out::addAll);
        return out;
    }

    /** Remembers {@code roots} with the settings of {@code stored}, and saves. */
    public synchronized void remember(Codec.Stored stored) throws IOException {
        Set<Path> roots = groups.computeIfAbsent(stored.settings(), k -> new LinkedHashSet<>());
        if (roots.addAll(stored.roots())) {
            save();
        }
    }

    /** Forgets {@code roots} (whatever their settings), saves, and returns those that were remembered. */
    public synchronized List<Path> forget(List<Path> roots) throws IOException {
        List<Path> forgotten = new ArrayList<>();
        for (Path root : roots) {
            boolean any = false;
            for (Set<Path> group : groups.values()) {
                any |= group.remove(root);
            }
            if (any) {
                forgotten.add(root);
            }
        }
        groups.values().removeIf(Set::isEmpty);
        if (!forgotten.isEmpty()) {
            save();
        }
        return forgotten;
    }

    private void save() throws IOException {
        StringBuilder text = new StringBuilder();
        groups.forEach((settings, roots) ->
                text.append(Codec.write(new Codec.Stored(settings, List.copyOf(roots)))).append('\n'));
        foreign.forEach(line -> text.append(line).append('\n'));
        StateFile.replace(file, text);
    }
}
