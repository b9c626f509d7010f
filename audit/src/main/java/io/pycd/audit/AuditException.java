package io.pycd.audit;

/** A repository that exists but cannot be audited (for example, a corrupt index). */
public final class AuditException extends Exception {

    public AuditException(String message, Throwable cause) {
        super(message, cause);
    }
}
