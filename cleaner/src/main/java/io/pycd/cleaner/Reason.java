package io.pycd.cleaner;

/** Why clean removes a path: a fixed, documented set (the JSON {@code reason} values). */
public enum Reason {
    /** A cache whose source is gone (any tag); with --sourceless, also a sourceless module. */
    ORPHAN("orphan"),
    /** A cache of a kept version whose header no longer matches its source. */
    STALE("stale"),
    /** A cache whose tag is in no keep set. */
    WRONG_VERSION("wrong-version"),
    /** {@code x.pyc} / {@code x.pyo} beside an existing {@code x.py}: import never reads it. */
    LEGACY("legacy"),
    /** {@code *.pyc.<digits>}: left by an interrupted write. */
    TEMP("temp"),
    /** A {@code __pycache__} folder with nothing left in it. */
    EMPTY_DIR("empty-dir"),
    /** Any cache, with {@code --all}. */
    ALL("all"),
    /** Tool debris of a {@code --debris} topic. */
    DEBRIS("debris"),
    /** A match of {@code --erase}, confirmed. */
    ERASE("erase");

    private final String label;

    Reason(String label) {
        this.label = label;
    }

    /** The name pycd prints and puts in JSON. */
    public String label() {
        return label;
    }
}
