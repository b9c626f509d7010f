package io.pycd.audit;

/** What the audit found about a container build context. */
public sealed interface DockerFinding extends Finding {

    /** The Dockerfile or Containerfile, repository-relative. */
    String dockerfile();

    /** The build context assumed: the folder of the Dockerfile ({@code .} for the root). */
    String context();

    /**
     * A context holding Python sources with no {@code .dockerignore}: every cache in it is copied into the image.
     */
    record Missing(String dockerfile, String context) implements DockerFinding {
        @Override
        public boolean fails(boolean strict) {
            return true;
        }

        @Override
        public String type() {
            return "dockerignore-missing";
        }
    }

    /**
     * A folder of the context where a cache of one kind would be sent to the builder.
     *
     * @param ignoreFile  the ignore file in force, repository-relative
     * @param dir         the folder, relative to the repository root
     * @param ruleMissing the docker template line that would cover it
     */
    record Gap(String dockerfile, String context, String ignoreFile, String dir, CacheKind kind,
               String ruleMissing) implements DockerFinding {
        @Override
        public boolean fails(boolean strict) {
            return strict || kind.failsByDefault();
        }

        @Override
        public String type() {
            return "dockerignore-gap";
        }
    }
}
