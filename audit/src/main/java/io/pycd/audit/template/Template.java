package io.pycd.audit.template;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One of pycd's ignore-file templates, shipped in the {@code gitignore-templates} module: a required section of
 * cache entries and, after a marker line, an optional section of tool debris.
 *
 * @param kind   which ignore file it is for
 * @param text   the whole template, as shipped
 * @param caches the pattern lines of the cache section
 * @param debris the pattern lines of the optional section
 */
public record Template(Kind kind, String text, List<String> caches, List<String> debris) {

    /** The marker that starts the optional section. */
    public static final String OPTIONAL_MARKER = "# --- optional:";

    /** The ignore files pycd has templates for. */
    public enum Kind {
        GIT("git.gitignore", ".gitignore"),
        DOCKER("docker.dockerignore", ".dockerignore"),
        HG("hg.hgignore", ".hgignore");

        private final String resource;
        private final String fileName;

        Kind(String resource, String fileName) {
            this.resource = resource;
            this.fileName = fileName;
        }

        /** The ignore file's usual name. */
        public String fileName() {
            return fileName;
        }

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Template {
        caches = List.copyOf(caches);
        debris = List.copyOf(debris);
    }

    /** Loads a template from the classpath ({@code io/pycd/templates/}). */
    public static Template load(Kind kind) {
        String name = "/io/pycd/templates/" + kind.resource;
        try (InputStream in = Template.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("template missing from the classpath: " + name);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<String> caches = new ArrayList<>();
            List<String> debris = new ArrayList<>();
            List<String> into = caches;
            for (String line : text.split("\n")) {
                if (line.startsWith(OPTIONAL_MARKER)) {
                    into = debris;
                } else if (!line.isBlank() && !line.startsWith("#") && !line.startsWith("syntax:")) {
                    into.add(line.strip());
                }
            }
            return new Template(kind, text, caches, debris);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
