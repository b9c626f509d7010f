package io.pycd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The numbers every summary line prints, written out by hand: the same text as {@code String.format} gives. */
class TerminalTest {

    @Test
    void countsSecondsAndBytesReadAsFormatWritesThem() {
        Random random = new Random(42);
        long[] counts = {0, 1, 999, 1000, 1723, 999_999, 1_000_000, 123_456_789, Long.MAX_VALUE, -1, -1234, -999};
        for (long n : counts) {
            assertThat(Terminal.count(n)).as("%d", n).isEqualTo(String.format(Locale.ROOT, "%,d", n));
        }
        assertThat(Terminal.bytes(999)).isEqualTo("999 B");
        assertThat(Terminal.bytes(1000)).isEqualTo("1.0 kB");
        assertThat(Terminal.bytes(1_749_999)).isEqualTo("1.7 MB");
        assertThat(Terminal.bytes(999_949)).isEqualTo("999.9 kB");
        assertThat(Terminal.bytes(999_950)).as("not 1000.0 kB").isEqualTo("1.0 MB");
        assertThat(Terminal.bytes(37_662_800)).isEqualTo("37.7 MB");
        assertThat(Terminal.bytes(5_000_000_000_000_000L)).isEqualTo("5000.0 TB");
        double[] seconds = {0, 0.005, 0.015, 0.125, 1.005, 1.05, 1.25, 9.95, 9.99, 9.999, 10, 10.5, 11.5, 123.456};
        for (double s : seconds) {
            assertThat(Terminal.seconds(s)).as("%s", s).isEqualTo(oracleSeconds(s));
        }
        for (int i = 0; i < 20_000; i++) {
            double s = random.nextDouble() * (i % 3 == 0 ? 1 : i % 3 == 1 ? 10 : 1000);
            assertThat(Terminal.seconds(s)).as("%s", s).isEqualTo(oracleSeconds(s));
            long n = (long) Math.pow(10, random.nextInt(13)) + random.nextInt(1_000_000);
            assertThat(Terminal.count(n)).isEqualTo(String.format(Locale.ROOT, "%,d", n));
            double v = random.nextDouble() * 1000;
            assertThat(Terminal.fixed(v, 1)).as("%s", v).isEqualTo(String.format(Locale.ROOT, "%.1f", v));
        }
    }

    @Test
    void aCountAndItsNounArePluralUnlessTheCountIsOne() {
        assertThat(Terminal.plural(0, "folder")).isEqualTo("0 folders");
        assertThat(Terminal.plural(1, "folder")).isEqualTo("1 folder");
        assertThat(Terminal.plural(1723, "file")).isEqualTo("1,723 files");
    }

    private static String oracleSeconds(double s) {
        return s >= 10 ? String.format(Locale.ROOT, "%.0f s", s)
                : s >= 1 ? String.format(Locale.ROOT, "%.1f s", s) : String.format(Locale.ROOT, "%.2f s", s);
    }
}
