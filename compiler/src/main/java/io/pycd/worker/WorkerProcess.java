package io.pycd.worker;

import io.pycd.cache.SourceDigest;
import io.pycd.code.CompileWarning;
import io.pycd.interpreter.Interpreter;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** One long-lived {@code python -I} worker and the binary framing spoken with it (see worker.py). */
final class WorkerProcess implements AutoCloseable {

    static final int PROTOCOL = 2;

    private final Process process;
    private final InputStream in;
    private final OutputStream out;
    private final AtomicBoolean killedForTime = new AtomicBoolean();
    private int nextId = 1;

    private WorkerProcess(Process process) {
        this.process = process;
        this.in = process.getInputStream();
        this.out = new BufferedOutputStream(process.getOutputStream(), 1 << 16);
    }

    static WorkerProcess start(Interpreter interpreter, String script, long memoryLimitBytes) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(interpreter.executable().toString(), "-I", "-S", "-c", script)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        if (memoryLimitBytes > 0) {
            pb.environment().put("PYCD_WORKER_MEMORY", Long.toString(memoryLimitBytes));
        }
        WorkerProcess worker = new WorkerProcess(pb.start());
        try {
            worker.readHello(interpreter);
        } catch (IOException | RuntimeException e) {
            worker.close();
            throw e;
        }
        return worker;
    }

    private void readHello(Interpreter interpreter) throws IOException {
        byte[] head = readExact(4 + 1 + 4 + 2);
        if (head[0] != 'P' || head[1] != 'Y' || head[2] != 'C' || head[3] != 'D' || head[4] != PROTOCOL) {
            throw new IOException("worker spoke an unknown protocol");
        }
        int magic = le32(head, 5);
        byte[] tag = readExact(le16(head, 9));
        String cacheTag = new String(tag, StandardCharsets.UTF_8);
        if (magic != interpreter.magic() || !cacheTag.equals(interpreter.cacheTag())) {
            throw new IOException(interpreter.executable() + " changed since pycd last asked it (now " + cacheTag
                    + "); run again");
        }
    }

    /** The answer took longer than the per-file limit: the worker was killed. */
    static final class TimedOut extends IOException {
        TimedOut(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The worker's answer broke the protocol (a length that does not add up, a field cut short): it was killed. */
    static final class Damaged extends IOException {
        Damaged() {
            this("worker sent a damaged answer");
        }

        Damaged(String message) {
            super(message);
        }
    }

    /** A request on its way to the worker, whose answer {@link #receive} reads. */
    record Sent(int id, int mask, long timeoutMillis, ScheduledFuture<?> deadline) {
    }

    /**
     * Sends one request; the worker starts compiling at once. The worker is killed if its answer takes longer than
     * {@code timeoutMillis}. Only one request is sent before its answer is read, so neither side can block the other
     * on a full pipe and a crash is always the fault of the request sent last.
     */
    Sent send(CompileRequest request, long timeoutMillis, ScheduledExecutorService timer) throws IOException {
        int id = nextId++;
        byte[] dfile = request.dfile().getBytes(StandardCharsets.UTF_8);
        if (dfile.length > 0xFFFF) {
            throw new IllegalArgumentException("file name too long to record");
        }
        ScheduledFuture<?> deadline = timer.schedule(() -> {
            killedForTime.set(true);
            process.destroyForcibly();
        }, timeoutMillis, TimeUnit.MILLISECONDS);
        try {
            byte[] head = new byte[4 + 4 + 1 + 2];
            putLe32(head, 0, 4 + 1 + 2 + dfile.length + request.sourceLength());
            putLe32(head, 4, id);
            head[8] = (byte) request.optimizeMask();
            head[9] = (byte) dfile.length;
            head[10] = (byte) (dfile.length >>> 8);
            out.write(head);
            out.write(dfile);
            out.write(request.source(), 0, request.sourceLength());
            out.flush();
        } catch (IOException e) {
            deadline.cancel(false);
            throw e;
        }
        return new Sent(id, request.optimizeMask(), timeoutMillis, deadline);
    }

    /** Waits for the answer to {@code sent}. */
    CompileOutcome receive(Sent sent) throws IOException {
        try {
            byte[] answer = readExact(4 + 4 + 1);
            int length = le32(answer, 0);
            if (le32(answer, 4) != sent.id()) {
                throw new Damaged("worker answered out of turn");
            }
            if (length < 5 || (answer[8] != 0 && answer[8] != 1)) {
                throw new Damaged();
            }
            byte[] body = readExact(length - 5);
            try {
                return answer[8] == 0 ? compiled(body, sent.mask()) : failed(body);
            } catch (IndexOutOfBoundsException | NegativeArraySizeException | IllegalArgumentException e) {
                throw new Damaged(); // a length inside the body that does not add up
            }
        } catch (IOException e) {
            if (killedForTime.get()) {
                throw new TimedOut("took longer than " + sent.timeoutMillis() / 1000.0 + " s; worker killed", e);
            }
            throw e;
        } finally {
            sent.deadline().cancel(false);
        }
    }

    private static CompileOutcome compiled(byte[] body, int mask) throws IOException {
        int digestLength = body.length > 0 ? body[0] & 0xFF : -1;
        if (digestLength != 0 && digestLength != 32 || 1 + digestLength > body.length) {
            throw new Damaged();
        }
        String digest = SourceDigest.hex(Arrays.copyOfRange(body, 1, 1 + digestLength));
        List<byte[]> code = new ArrayList<>(3);
        int pos = 1 + digestLength;
        for (int level = 0; level < 3; level++) {
            if ((mask & (1 << level)) != 0) {
                int n = le32(body, pos);
                pos += 4;
                if (n < 0 || pos + n > body.length) {
                    throw new Damaged();
                }
                byte[] one = new byte[n];
                System.arraycopy(body, pos, one, 0, n);
                code.add(one);
                pos += n;
            }
        }
        List<CompileWarning> warnings = new ArrayList<>();
        int count = le16(body, pos);
        pos += 2;
        for (int i = 0; i < count; i++) {
            int categoryLength = le16(body, pos);
            String category = new String(body, pos + 2, categoryLength, StandardCharsets.UTF_8);
            pos += 2 + categoryLength;
            int line = le32(body, pos);
            int messageLength = le32(body, pos + 4);
            String message = new String(body, pos + 8, messageLength, StandardCharsets.UTF_8);
            pos += 8 + messageLength;
            warnings.add(new CompileWarning(category, message, line));
        }
        if (pos != body.length) {
            throw new Damaged();
        }
        return new CompileOutcome.Compiled(List.copyOf(code), List.copyOf(warnings), digest);
    }

    private static CompileOutcome failed(byte[] body) {
        int typeLength = le16(body, 0);
        String type = new String(body, 2, typeLength, StandardCharsets.UTF_8);
        int pos = 2 + typeLength;
        int line = le32(body, pos);
        int column = le32(body, pos + 4);
        int messageLength = le32(body, pos + 8);
        String message = new String(body, pos + 12, messageLength, StandardCharsets.UTF_8);
        if (pos + 12 + messageLength != body.length) {
            throw new IndexOutOfBoundsException("trailing bytes");
        }
        return new CompileOutcome.Failed(type, message, line, column);
    }

    /** A description of how the worker ended, for the report of the file it was compiling. */
    String deathReason() {
        try {
            if (process.waitFor(2, TimeUnit.SECONDS)) {
                int code = process.exitValue();
                return code > 128 ? "worker crashed (signal " + (code - 128) + ")" : "worker exited with status " + code;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "worker stopped answering";
    }

    boolean isAlive() {
        return process.isAlive();
    }

    private byte[] readExact(int n) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw new EOFException("worker closed its output");
        }
        return b;
    }

    @Override
    public void close() {
        try {
            out.write(new byte[4]);
            out.flush();
            out.close();
        } catch (IOException e) {
            // Already gone.
        }
        try {
            if (!process.waitFor(1, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    void kill() {
        process.destroyForcibly();
    }

    static int le32(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16 | (b[i + 3] & 0xFF) << 24;
    }

    static int le16(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8;
    }

    static void putLe32(byte[] b, int i, int v) {
        b[i] = (byte) v;
        b[i + 1] = (byte) (v >>> 8);
        b[i + 2] = (byte) (v >>> 16);
        b[i + 3] = (byte) (v >>> 24);
    }
}
