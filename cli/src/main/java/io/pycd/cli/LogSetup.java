package io.pycd.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.util.FileSize;
import io.pycd.watcher.daemon.DaemonPaths;
import org.slf4j.LoggerFactory;

/**
 * Logback without XML (no parsing at start-up), found through {@code META-INF/services}. Default: WARN and above to
 * standard error, never anything to standard output. In the daemon ({@code -Dpycd.daemon=true}): INFO and above to
 * {@code daemon.log} in the user's state folder, rolled at 5 MB, three old files kept. {@code -Dpycd.log=debug}
 * raises the level.
 */
public final class LogSetup extends ContextAwareBase implements Configurator {

    /**
     * Switches this process to the daemon's log ({@code pycd daemon run}): a JVM started without
     * {@code -Dpycd.daemon=true} (a systemd unit running bin/pycd) was configured for a terminal.
     */
    static void useDaemonLog() {
        if (Boolean.getBoolean("pycd.daemon")) {
            return;
        }
        System.setProperty("pycd.daemon", "true");
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.reset();
            LogSetup setup = new LogSetup();
            setup.setContext(context);
            setup.configure(context);
        }
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        boolean daemon = Boolean.getBoolean("pycd.daemon");
        String level = System.getProperty("pycd.log");
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        if (daemon) {
            encoder.setPattern("%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{24} - %msg%n");
            encoder.start();
            DaemonPaths paths = DaemonPaths.forUser();
            String file = paths.logFile().toString();
            RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
            appender.setContext(context);
            appender.setName("daemon");
            appender.setFile(file);
            FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
            rolling.setContext(context);
            rolling.setParent(appender);
            rolling.setFileNamePattern(file + ".%i");
            rolling.setMinIndex(1);
            rolling.setMaxIndex(3);
            rolling.start();
            SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
            trigger.setContext(context);
            trigger.setMaxFileSize(FileSize.valueOf("5MB"));
            trigger.start();
            appender.setRollingPolicy(rolling);
            appender.setTriggeringPolicy(trigger);
            appender.setEncoder(encoder);
            appender.start();
            root.addAppender(appender);
            root.setLevel(Level.toLevel(level, Level.INFO));
        } else {
            encoder.setPattern("pycd: %level: %msg%n");
            encoder.start();
            ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
            console.setContext(context);
            console.setName("stderr");
            console.setTarget("System.err");
            console.setEncoder(encoder);
            console.start();
            root.addAppender(console);
            root.setLevel(Level.toLevel(level, Level.WARN));
        }
        // directory-watcher logs every event at debug: never let it reach a log unless asked for.
        context.getLogger("io.methvin").setLevel(level == null ? Level.WARN : Level.toLevel(level, Level.WARN));
        context.getLogger("io.pycd.watcher.directory-watcher").setLevel(Level.toLevel(level, Level.WARN));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
