package io.pycd.cli;

import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
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
        spec.versionProvider(new Version());
        spec.usageMessage().sortOptions(false);
        return spec;
    }

    /** What {@code --version} prints when picocli answers it (Main answers it first, the same way). */
    private static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {Main.version()};
        }
    }

    /** Adds {@code -h/--help} and {@code -V/--version} last, where picocli's standard mixin puts them. */
    static CommandSpec standardHelp(CommandSpec spec) {
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
                .description("Show this help message and exit.").build());
        spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true)
                .description("Print version information and exit.").build());
        return spec;
    }

    /** An option without a value, setting the boolean field {@code field} of {@code owner} to true when given. */
    static OptionSpec.Builder flag(Object owner, String field, String... names) {
        Binding<Boolean> binding = new Binding<>(new FieldSetter<>(owner, field, boolean.class), false);
        return OptionSpec.builder(names).type(boolean.class).arity("0").setter(binding).getter(binding);
    }

    /** An option with one value of {@code type}, kept in the field {@code field} of {@code owner}. */
    static <T> OptionSpec.Builder option(Class<T> type, Object owner, String field, String... names) {
        Binding<T> binding = new Binding<>(new FieldSetter<>(owner, field, type), null);
        return OptionSpec.builder(names).type(type).arity("1").setter(binding).getter(binding);
    }

    /** An option with one value of {@code type}, handed to {@code handler} (which may refuse it). */
    static <T> OptionSpec.Builder handled(Class<T> type, Consumer<T> handler, String... names) {
        Binding<T> binding = new Binding<>(handler, null);
        return OptionSpec.builder(names).type(type).arity("1").setter(binding).getter(binding);
    }

    /** A repeatable option whose values of {@code type} are collected in {@code values}. */
    static <T> OptionSpec.Builder options(Class<T> type, List<T> values, String... names) {
        ListBinding<T> binding = new ListBinding<>(values);
        return OptionSpec.builder(names).type(List.class).auxiliaryTypes(type).arity("1")
                .setter(binding).getter(binding);
    }

    /** Positional parameters of {@code type}, collected in {@code values}. */
    static <T> PositionalParamSpec.Builder parameters(Class<T> type, List<T> values) {
        ListBinding<T> binding = new ListBinding<>(values);
        return PositionalParamSpec.builder().type(List.class).auxiliaryTypes(type).setter(binding).getter(binding);
    }

    /** The PATHs most commands take: any number of paths, collected in {@code values}. */
    static PositionalParamSpec.Builder paths(List<Path> values, String description) {
        return parameters(Path.class, values).paramLabel("PATH").arity("0..*").description(description);
    }

    /** One positional parameter of {@code type}, kept in the field {@code field} of {@code owner}. */
    static <T> PositionalParamSpec.Builder parameter(Class<T> type, Object owner, String field) {
        Binding<T> binding = new Binding<>(new FieldSetter<>(owner, field, type), null);
        return PositionalParamSpec.builder().type(type).arity("1").setter(binding).getter(binding);
    }

    /**
     * Sets the field {@code field} of {@code owner}. The field is found by name, and checked against the option's
     * type, when the model is built: the build renders every command's help from the model, so a wrong name fails the
     * build. Not a lambda per option: on Java 17 each lambda is a call site that every start links, interpreted
     * (~0.2 ms each, ~40 of them on the way to a compile); reflection on a field generates nothing.
     */
    private static final class FieldSetter<T> implements Consumer<T> {
        private final Object owner;
        private final Field field;

        private FieldSetter(Object owner, String name, Class<T> type) {
            this.owner = owner;
            this.field = field(owner.getClass(), name);
            if (wrapped(field.getType()) != wrapped(type)) {
                throw new IllegalStateException(field + " cannot hold an option of " + type);
            }
            this.field.setAccessible(true);
        }

        private static Field field(Class<?> owner, String name) {
            for (Class<?> c = owner; c != null; c = c.getSuperclass()) {
                try {
                    return c.getDeclaredField(name);
                } catch (NoSuchFieldException e) {
                    // declared further up, if anywhere
                }
            }
            throw new IllegalStateException(owner.getName() + " has no field " + name);
        }

        private static Class<?> wrapped(Class<?> type) {
            return !type.isPrimitive() ? type : type == boolean.class ? Boolean.class : type == int.class
                    ? Integer.class : type == long.class ? Long.class : type == double.class ? Double.class : type;
        }

        @Override
        public void accept(T value) {
            try {
                field.set(owner, value);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** picocli's getter and setter of a repeatable option's values: kept in {@code values}. */
    private static final class ListBinding<T> implements CommandLine.Model.IGetter, CommandLine.Model.ISetter {
        private final List<T> values;

        private ListBinding(List<T> values) {
            this.values = values;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <V> V get() {
            return (V) values;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <V> V set(V value) {
            if (value != null && value != values) {
                List<T> copy = new ArrayList<>((Collection<T>) value);
                values.clear();
                values.addAll(copy);
            }
            return (V) values;
        }
    }

    /**
     * picocli's getter and setter of a value handed to {@code handler} (a field's setter, or code): reads the last
     * value set (at first {@code initial}). picocli resets every value to its initial one before it parses; a null
     * (no initial value) is not passed on, so the field keeps its own.
     */
    private static final class Binding<T> implements CommandLine.Model.IGetter, CommandLine.Model.ISetter {
        private final Consumer<T> handler;
        private T last;

        private Binding(Consumer<T> handler, T initial) {
            this.handler = handler;
            this.last = initial;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <V> V get() {
            return (V) last;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <V> V set(V value) {
            V old = get();
            last = (T) value;
            if (value != null) {
                handler.accept((T) value);
            }
            return old;
        }
    }
}
