package io.pycd.interpreter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class InterpreterTest {

    /** equals and hashCode are written out (see Interpreter): they must still be the record's, every field counting. */
    @Test
    void equalAsARecordIsByEveryField() {
        Interpreter a = new Interpreter(Path.of("/usr/bin/python3.12"), "3.12.1", "cpython", "cpython-312", 0x0a0d0dcb);
        Interpreter same = new Interpreter(Path.of("/usr/bin/python3.12"), "3.12.1", "cpython", "cpython-312",
                0x0a0d0dcb);
        assertThat(a).isEqualTo(same).hasSameHashCodeAs(same);
        for (Interpreter other : List.of(
                new Interpreter(Path.of("/opt/python3.12"), "3.12.1", "cpython", "cpython-312", 0x0a0d0dcb),
                new Interpreter(Path.of("/usr/bin/python3.12"), "3.12.2", "cpython", "cpython-312", 0x0a0d0dcb),
                new Interpreter(Path.of("/usr/bin/python3.12"), "3.12.1", "pypy", "cpython-312", 0x0a0d0dcb),
                new Interpreter(Path.of("/usr/bin/python3.12"), "3.12.1", "cpython", "cpython-313", 0x0a0d0dcb),
                new Interpreter(Path.of("/usr/bin/python3.12"), "3.12.1", "cpython", "cpython-312", 0x0a0d0dcc))) {
            assertThat(a).isNotEqualTo(other);
            assertThat(a.hashCode()).isNotEqualTo(other.hashCode());
        }
        assertThat(a).isNotEqualTo(null).isNotEqualTo("cpython-312");
    }
}
