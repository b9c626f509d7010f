package io.pycd.git;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where git would look for configuration outside the repository. Taken from the process environment by default;
 * tests pass their own so that the user's {@code ~/.gitconfig} never leaks in.
 *
 * @param home           {@code $HOME}
 * @param xdgConfigHome  {@code $XDG_CONFIG_HOME}, or {@code $HOME/.config}
 * @param systemConfig   the system configuration file, or null when {@code GIT_CONFIG_NOSYSTEM} is set
 * @param globalConfig   {@code GIT_CONFIG_GLOBAL} when set, else null (meaning the XDG file then {@code ~/.gitconfig})
 * @param ceilings       {@code GIT_CEILING_DIRECTORIES}: discovery never goes above these
 */
public record GitEnvironment(Path home, Path xdgConfigHome, Path systemConfig, Path globalConfig,
                             List<Path> ceilings) {

    public GitEnvironment {
        ceilings = List.copyOf(ceilings);
    }

    /** The environment of this process. */
    public static GitEnvironment fromProcess() {
        return from(System.getenv(), System.getProperty("user.home"));
    }

    /** The environment git would see given these variables, with {@code userHome} when {@code HOME} is unset. */
    public static GitEnvironment from(Map<String, String> env, String userHome) {
        String h = env.getOrDefault("HOME", userHome);
        Path home = Path.of(h == null ? "/" : h);
        String xdg = env.get("XDG_CONFIG_HOME");
        Path xdgHome = xdg == null || xdg.isEmpty() ? home.resolve(".config") : Path.of(xdg);
        Path system = null;
        if (!isTrue(env.get("GIT_CONFIG_NOSYSTEM"))) {
            String s = env.get("GIT_CONFIG_SYSTEM");
            system = Path.of(s == null || s.isEmpty() ? "/etc/gitconfig" : s);
        }
        String g = env.get("GIT_CONFIG_GLOBAL");
        Path global = g == null || g.isEmpty() ? null : Path.of(g);
        List<Path> ceilings = new ArrayList<>();
        String c = env.get("GIT_CEILING_DIRECTORIES");
        if (c != null) {
            for (String part : c.split(":")) {
                if (!part.isEmpty()) {
                    ceilings.add(Path.of(part));
                }
            }
        }
        return new GitEnvironment(home, xdgHome, system, global, ceilings);
    }

    /** An environment with nothing outside the repository: no system, user or XDG configuration. */
    public static GitEnvironment isolated(Path home) {
        return new GitEnvironment(home, home.resolve(".config"), null, null, List.of());
    }

    private static boolean isTrue(String v) {
        return v != null && (v.equals("1") || v.equalsIgnoreCase("true") || v.equalsIgnoreCase("yes"));
    }
}
