package io.pycd.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ByteSizeTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"0,0", "1073741824,1073741824", "500M,524288000", "2G,2147483648", "2g,2147483648",
            "2GiB,2147483648", "2GB,2147483648", "1k,1024", "3T,3298534883328", "512 B,512", " 7M ,7340032"})
    void readsBytesAndBinaryUnits(String text, long bytes) {
        assertThat(ByteSize.parse(text)).isEqualTo(bytes);
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", "M", "-1", "1.5G", "2X", "2 GiBs", "99999999999999999999", "9999999999T"})
    void refusesWhatIsNotASize(String text) {
        assertThatThrownBy(() -> ByteSize.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void formatsInTheLargestWholeUnit() {
        assertThat(ByteSize.format(1L << 30)).isEqualTo("1 GiB");
        assertThat(ByteSize.format(500L << 20)).isEqualTo("500 MiB");
        assertThat(ByteSize.format(3L << 29)).isEqualTo("1.5 GiB");
        assertThat(ByteSize.format(812)).isEqualTo("812 B");
    }
}
