package io.pycd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** pycd's command model built in code: values reach the fields, and no command is read from annotations. */
class SpecsTest {

    static final class Bound {
        boolean flag;
        int depth = -1;
        Integer jobs;
        Boolean gitignore;
        final List<String> names = new ArrayList<>();
        final List<Path> paths = new ArrayList<>();

        CommandLine commandLine() {
            CommandSpec spec = Specs.command("bound", null);
            spec.addOption(Specs.flag(this, "flag", "-f", "--flag").build());
            spec.addOption(Specs.option(int.class, this, "depth", "--depth").defaultValue("-1").build());
            spec.addOption(Specs.option(Integer.class, this, "jobs", "-j").build());
            spec.addOption(Specs.option(Boolean.class, this, "gitignore", "--gitignore").arity("0").negatable(true)
                    .build());
            spec.addOption(Specs.options(String.class, names, "--name").build());
            spec.addPositional(Specs.parameters(Path.class, paths).arity("0..*").build());
            return new CommandLine(Specs.standardHelp(spec));
        }
    }

    @Test
    void givenValuesReachTheFields() {
        Bound b = new Bound();
        b.commandLine().parseArgs("-f", "--depth", "3", "-j", "2", "--no-gitignore", "--name", "a", "--name", "b",
                "x", "y");
        assertThat(b.flag).isTrue();
        assertThat(b.depth).isEqualTo(3);
        assertThat(b.jobs).isEqualTo(2);
        assertThat(b.gitignore).isFalse();
        assertThat(b.names).containsExactly("a", "b");
        assertThat(b.paths).containsExactly(Path.of("x"), Path.of("y"));
    }

    @Test
    void absentOptionsLeaveTheFieldsAtTheirDefaults() {
        Bound b = new Bound();
        b.commandLine().parseArgs();
        assertThat(b.flag).isFalse();
        assertThat(b.depth).isEqualTo(-1);
        assertThat(b.jobs).isNull();
        assertThat(b.gitignore).isNull();
        assertThat(b.names).isEmpty();
        assertThat(b.paths).isEmpty();
        Bound on = new Bound();
        on.commandLine().parseArgs("--gitignore");
        assertThat(on.gitignore).isTrue();
    }

    /** A field named wrongly, or of another type than its option, fails as the model is built (the build renders it). */
    @Test
    void aFieldThatCannotHoldTheOptionFailsTheModel() {
        Bound b = new Bound();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Specs.option(Integer.class, b, "job", "-j"))
                .hasMessageContaining("has no field job");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Specs.option(String.class, b, "jobs", "-j"))
                .hasMessageContaining("cannot hold an option of class java.lang.String");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Specs.flag(b, "jobs", "-j"))
                .hasMessageContaining("cannot hold");
    }

    /** A field declared by a superclass is found (quiet is OutputFlags', and TargetOptions extends CacheOptions). */
    @Test
    void aFieldOfASuperclassIsBound() {
        OutputOptions sub = new OutputOptions();
        CommandSpec spec = Specs.command("sub", null);
        spec.addOption(Specs.flag(sub, "quiet", "-q").build());
        new CommandLine(spec).parseArgs("-q");
        assertThat(sub.quiet()).isTrue();
    }

    @Test
    void everyCommandHasHelpAndVersionLast() {
        Main.commandLine().getSubcommands().forEach((name, cl) -> {
            if (!"help".equals(name)) {
                List<String> options = cl.getCommandSpec().options().stream().map(o -> o.longestName()).toList();
                assertThat(options).as(name).endsWith("--help", "--version");
            }
        });
    }

    /**
     * Reading picocli's annotations costs every start ~70-90 ms (proxies no archive holds): pycd's own classes
     * declare their commands in code, through {@link Specs}, and carry none.
     */
    @Test
    void noPycdClassCarriesPicocliAnnotations() throws IOException, URISyntaxException, ClassNotFoundException {
        Path classes = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> annotated = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(classes)) {
            files = walk.filter(p -> p.toString().endsWith(".class")).toList();
        }
        assertThat(files).hasSizeGreaterThan(20);
        for (Path f : files) {
            String name = classes.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
            Class<?> c = Class.forName(name, false, SpecsTest.class.getClassLoader());
            List<AnnotatedElement> elements = new ArrayList<>(List.of(c));
            elements.addAll(List.of(c.getDeclaredFields()));
            elements.addAll(List.of(c.getDeclaredMethods()));
            for (AnnotatedElement e : elements) {
                for (Annotation a : e.getDeclaredAnnotations()) {
                    if (a.annotationType().getName().startsWith("picocli.")) {
                        annotated.add(e + ": " + a.annotationType().getSimpleName());
                    }
                }
            }
        }
        assertThat(annotated).isEmpty();
    }
}
