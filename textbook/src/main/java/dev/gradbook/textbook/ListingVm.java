package dev.gradbook.textbook;

import jdk.jshell.execution.StreamingExecutionControl;
import jdk.jshell.execution.Util;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.ObjectInput;
import java.io.ObjectOutput;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * JShell's execution engine for the listings: a separate JVM running {@link ListingAgent},
 * started with the class path and the JVM options the runner asks for.
 *
 * <p>JShell's default engine (JDI) works too, but each snippet then costs about 200 ms in socket
 * round trips; this engine's sockets send at once, so a snippet costs what compiling it costs
 * (about 30 ms), which is what makes running every listing of the book on each build affordable.
 * The price is that a running snippet cannot be interrupted the way JDI interrupts it:
 * {@link #kill()} ends the JVM instead, which is what a listing that hangs deserves.
 */
final class ListingVm implements ExecutionControlProvider {

    private static final int CONNECT_TIMEOUT_MILLIS = 60_000;
    /** The JVM says this once at start when the Vector API is on; it is not a listing's output. */
    private static final String INCUBATOR_WARNING = "WARNING: Using incubator modules";

    private final String classPath;
    private volatile Process process;

    /**
     * An engine whose JVM has {@code classPath}.
     *
     * @param classPath gradbook, its backends and this module, in the platform's path syntax
     */
    ListingVm(String classPath) {
        this.classPath = classPath;
    }

    @Override
    public String name() {
        return "gradbook-listing-vm";
    }

    @Override
    public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) throws IOException {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(CONNECT_TIMEOUT_MILLIS);
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(env.extraRemoteVMOptions());
            command.add("-cp");
            command.add(classPath);
            command.add(ListingAgent.class.getName());
            command.add(Integer.toString(server.getLocalPort()));
            Process started = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            process = started;
            forwardErrors(started.getErrorStream(), env.userErr());
            Socket socket;
            try {
                socket = server.accept();
            } catch (SocketTimeoutException e) {
                started.destroyForcibly();
                throw new IOException("the listing JVM did not connect within " + CONNECT_TIMEOUT_MILLIS / 1000
                        + " s: " + String.join(" ", command), e);
            }
            socket.setTcpNoDelay(true);
            Map<String, OutputStream> outputs = new HashMap<>();
            outputs.put("out", env.userOut());
            outputs.put("err", env.userErr());
            Map<String, InputStream> inputs = new HashMap<>();
            inputs.put("in", env.userIn());
            return Util.remoteInputOutput(socket.getInputStream(), socket.getOutputStream(), outputs, inputs,
                    (in, out) -> new Control(out, in, started));
        }
    }

    /** Ends the listing JVM at once, e.g. when a listing runs past its time. */
    void kill() {
        Process running = process;
        if (running != null) {
            running.destroyForcibly();
        }
    }

    /**
     * What the JVM itself prints to its standard error before the agent takes {@code System.err}
     * over (a crash message, say) goes to the listing's errors too; the Vector API's start-up
     * warning does not.
     */
    private static void forwardErrors(InputStream processErrors, PrintStream userErr) {
        Thread forwarder = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(processErrors, StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (!line.startsWith(INCUBATOR_WARNING)) {
                        userErr.println(line);
                    }
                }
            } catch (IOException e) {
                // the JVM is gone; nothing more will come
            }
        }, "listing-vm-stderr");
        forwarder.setDaemon(true);
        forwarder.start();
    }

    /** JShell's streaming control, which also ends the JVM when JShell closes. */
    private static final class Control extends StreamingExecutionControl {
        private final Process process;

        Control(ObjectOutput out, ObjectInput in, Process process) {
            super(out, in);
            this.process = process;
        }

        @Override
        public void close() {
            try {
                super.close();
                process.waitFor(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                process.destroyForcibly();
            }
        }
    }
}
