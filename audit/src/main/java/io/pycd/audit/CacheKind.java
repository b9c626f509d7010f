package io.pycd.audit;

import io.pycd.cache.CacheTag;

/**
 * The kinds of cache an ignore file must keep out, the template line that covers each, and whether a gap fails the
 * audit. {@code .pyo} (Python 2 and up to 3.4) and Jython's {@code $py.class} are rare today: notes unless
 * {@code --strict}.
 */
public enum CacheKind {
    PYCACHE("pycache", "__pycache__/", "**/__pycache__", true),
    PYC("pyc", "*.py[cod]", "**/*.py[cod]", true),
    PYO("pyo", "*.py[cod]", "**/*.py[cod]", false),
    CLASS("class", "*$py.class", "**/*$py.class", false);

    /** The cache tag used in probe names: any real tag would do, rules naming one tag are vanishingly rare. */
    public static final String PROBE_TAG = CacheTag.cpython(3, 12).toString();

    private final String id;
    private final String gitRule;
    private final String dockerRule;
    private final boolean failsByDefault;

    CacheKind(String id, String gitRule, String dockerRule, boolean failsByDefault) {
        this.id = id;
        this.gitRule = gitRule;
        this.dockerRule = dockerRule;
        this.failsByDefault = failsByDefault;
    }

    /** The name used in output: {@code pycache}, {@code pyc}, {@code pyo}, {@code class}. */
    public String id() {
        return id;
    }

    /** The template line of pycd's git template that ignores this kind everywhere. */
    public String gitRule() {
        return gitRule;
    }

    /** The template line of pycd's docker template that ignores this kind at every depth of a context. */
    public String dockerRule() {
        return dockerRule;
    }

    public boolean failsByDefault() {
        return failsByDefault;
    }

    /** The path a cache of module {@code module} in folder {@code dir} ("" for the root) would have. */
    public String probe(String dir, String module) {
        String prefix = dir.isEmpty() ? "" : dir + "/";
        return switch (this) {
            case PYCACHE -> prefix + "__pycache__/" + module + "." + PROBE_TAG + ".pyc";
            case PYC -> prefix + module + ".pyc";
            case PYO -> prefix + module + ".pyo";
            case CLASS -> prefix + module + "$py.class";
        };
    }
}
