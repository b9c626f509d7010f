package io.pycd.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * picocli's model of pycd's commands, built in code: each command and option group declares its options once, here
 * through these builders, and help pages, man pages, completions and parsing all come from that one model.
 *
 * <p>Why not picocli's annotations: reading them costs every start ~70–90 ms of a 2-core machine (annotation
 * proxies, which no class-data archive can hold, and reflection over every field), more than the JVM's own start;
 * the same model built in code costs ~15 ms. Values are bound to the command's fields through setters, so a command
 * reads its options as plain fields.
 */
final class Specs {

    private Specs() {
    }

    /**
     * A command named {@code name} that runs {@code command} (a {@link Runnable} or a
     * {@link java.util.concurrent.Callable}), listing its options in the order they are added; each command ends its
     * list with {@link #standardHelp}.
     */
    static CommandSpec command(String name, Object command) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(command).name(name);
        spec.versionProvider(() -> new String[] {Main.version()});
        spec.usageMessage().sortOptions(false);
        return spec;
    }

    /** Adds {@code -h/--help} and {@code -V/--version} last, where picocli's standard mixin puts them. */
    static CommandSpec standardHelp(CommandSpec spec) {
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
                .description("Show this help message and exit.").build());
        spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true)
                .description("Print version information and exit.").build());
        return spec;
    }

    /** An option without a value, setting {@code set} to true when given. */
    static OptionSpec.Builder flag(Consumer<Boolean> set, String... names) {
        Binding<Boolean> binding = new Binding<>(null, false, set);
        return OptionSpec.builder(names).type(boolean.class).arity("0").setter(binding).getter(binding);
    }

    /** An option with one value of {@code type}, given to {@code set}. */
    static <T> OptionSpec.Builder option(Class<T> type, Consumer<T> set, String... names) {
        Binding<T> binding = new Binding<>(null, null, set);
        return OptionSpec.builder(names).type(type).arity("1").setter(binding).getter(binding);
    }

    /** A repeatable option whose values of {@code type} are collected in {@code values}. */
    static <T> OptionSpec.Builder options(Class<T> type, List<T> values, String... names) {
        Binding<Collection<T>> binding = into(values);
        return OptionSpec.builder(names).type(List.class).auxiliaryTypes(type).arity("1")
                .setter(binding).getter(binding);
    }

    /** Positional parameters of {@code type}, collected in {@code values}. */
    static <T> PositionalParamSpec.Builder parameters(Class<T> type, List<T> values) {
        Binding<Collection<T>> binding = into(values);
        return PositionalParamSpec.builder().type(List.class).auxiliaryTypes(type).setter(binding).getter(binding);
    }

    /** The PATHs most commands take: any number of paths, collected in {@code values}. */
    static PositionalParamSpec.Builder paths(List<Path> values, String description) {
        return parameters(Path.class, values).paramLabel("PATH").arity("0..*").description(description);
    }

    /** One positional parameter of {@code type}, given to {@code set}. */
    static <T> PositionalParamSpec.Builder parameter(Class<T> type, Consumer<T> set) {
        Binding<T> binding = new Binding<>(null, null, set);
        return PositionalParamSpec.builder().type(type).arity("1").setter(binding).getter(binding);
    }

    /** A binding that keeps a collection's elements in {@code values}. */
    private static <T> Binding<Collection<T>> into(List<T> values) {
        return new Binding<>(() -> values, null, v -> {
            if (v != values) {
                List<T> copy = new ArrayList<>(v);
                values.clear();
                values.addAll(copy);
            }
        });
    }

    /**
     * picocli's getter and setter of a value: reads with {@code get} (null: the last value set, at first
     * {@code initial}), writes with {@code set}. picocli resets every value to its initial one before it parses; a
     * null (no initial value) is not passed on, so the field keeps its own.
     */
    private static final class Binding<T> implements CommandLine.Model.IGetter, CommandLine.Model.ISetter {
        private final Supplier<T> get;
        private final Consumer<T> set;
        private T last;

        private Binding(Supplier<T> get, T initial, Consumer<T> set) {
            this.get = get;
            this.last = initial;
            this.set = set;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <V> V get() {
            return (V) (get == null ? last : get.get());
        }

        @Override
        @SuppressWarnings("unchecked")
        public <V> V set(V value) {
            V old = get();
            last = (T) value;
            if (value != null) {
                set.accept((T) value);
            }
            return old;
        }
    }
}
