package io.pycd.startup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the JSON lines the hook wrote (one object a line, {@code event} saying which): {@code process} (a process's
 * facts, its first line), {@code module} (one per module a SourceLoader loaded: read from its cache, or compiled
 * with what was seen of the cache and the write), {@code import} (an outermost import and its time). A line that is
 * not one of these is skipped: a process killed mid-write leaves at most its last line unfinished.
 */
public final class HookReport {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private HookReport() {
    }

    /** The profile the file holds; empty when no process reported (the hook never ran). */
    public static Optional<StartupProfile> read(Path file) throws IOException {
        Map<Long, PythonProcess> processes = new LinkedHashMap<>();
        List<CompiledModule> compiled = new ArrayList<>();
        List<CachedModule> fromCache = new ArrayList<>();
        long importNanos = 0;
        try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                JsonNode event;
                try {
                    event = MAPPER.readTree(line);
                } catch (JsonProcessingException e) {
                    continue;
                }
                if (event == null || !event.isObject()) {
                    continue;
                }
                try {
                    take(event, processes, compiled, fromCache);
                } catch (InvalidPathException e) {
                    // a file name Java cannot spell (not valid UTF-8): that module goes unreported
                }
                if ("import".equals(event.path("event").asText())) {
                    importNanos += event.path("ns").asLong();
                }
            }
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (processes.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new StartupProfile(List.copyOf(processes.values()), compiled, fromCache, importNanos));
    }

    /** Takes in a {@code process} or {@code module} line; others are for the caller or unknown. */
    private static void take(JsonNode event, Map<Long, PythonProcess> processes, List<CompiledModule> compiled,
                             List<CachedModule> fromCache) {
        long pid = event.path("pid").asLong();
        String kind = event.path("event").asText();
        if ("process".equals(kind)) {
            processes.put(pid, process(event));
            return;
        }
        PythonProcess process = processes.get(pid);
        if (!"module".equals(kind) || process == null) {
            return;
        }
        Path source = Path.of(event.path("source").asText());
        String module = event.path("module").asText();
        if (event.path("compiled").asBoolean()) {
            compiled.add(new CompiledModule(module, source, text(event, "cache").map(Path::of),
                    Reason.of(source, observation(event), process), event.path("ns").asLong(), process));
        } else {
            fromCache.add(new CachedModule(module, source, process));
        }
    }

    private static PythonProcess process(JsonNode e) {
        return new PythonProcess(e.path("pid").asLong(), Path.of(e.path("executable").asText()),
                e.path("version").asText(), e.path("cache_tag").asText(), text(e, "pycache_prefix").map(Path::of),
                e.path("optimize").asInt(), e.path("dont_write_bytecode").asBoolean());
    }

    private static Observation observation(JsonNode e) {
        List<String> others = new ArrayList<>();
        e.path("others").forEach(n -> others.add(n.asText()));
        return new Observation(found(e.path("state").asText()), text(e, "detail"), others,
                e.path("beside").asBoolean(false), write(e.path("written").asText()), text(e, "write_error"));
    }

    /** The hook's {@code state}: {@code missing}, {@code rejected}, {@code unread}, {@code no_cache_tag}. */
    private static Observation.Found found(String state) {
        return switch (state) {
            case "rejected" -> Observation.Found.REJECTED;
            case "unread" -> Observation.Found.UNREADABLE;
            case "no_cache_tag" -> Observation.Found.NO_CACHE_TAG;
            default -> Observation.Found.MISSING;
        };
    }

    /** The hook's {@code written}: {@code written}, {@code failed}, {@code not_written}, {@code dont_write_bytecode}. */
    private static Observation.Write write(String written) {
        try {
            return Observation.Write.valueOf(written.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Observation.Write.WRITTEN;
        }
    }

    private static Optional<String> text(JsonNode e, String field) {
        JsonNode n = e.get(field);
        return n == null || n.isNull() ? Optional.empty() : Optional.of(n.asText());
    }
}
