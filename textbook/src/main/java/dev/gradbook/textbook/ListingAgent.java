package dev.gradbook.textbook;

import dev.gradbook.autograd.NullChecks;

import jdk.jshell.execution.RemoteExecutionControl;
import jdk.jshell.execution.Util;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The far end of a listing JShell: the {@code main} of the JVM that runs a chapter's listings.
 * {@link ListingVm} starts it; it connects back over a local socket and from then on loads and
 * runs the snippets JShell compiles, sending their {@code System.out} and {@code System.err}
 * back on the same socket.
 *
 * <p>It does what JDK's own {@link RemoteExecutionControl#main} does, with two differences: the
 * socket sends small messages at once ({@code TCP_NODELAY}; otherwise every snippet waits for
 * TCP's delayed acknowledgements, about 200 ms instead of 30), and the streams are UTF-8 on every
 * machine.
 */
public final class ListingAgent {

    private ListingAgent() {
    }

    /**
     * Connects to the listing runner and serves it until it closes the connection.
     *
     * @param args the local port the runner listens on
     * @throws NullPointerException if {@code args} or one of its elements is null
     * @throws Exception if the connection fails; the runner then reports the JVM as gone
     */
    public static void main(String[] args) throws Exception {
        NullChecks.requireNoNullElements(args, "ListingAgent.main", "args");
        if (args.length != 1) {
            throw new IllegalArgumentException("ListingAgent: expected one argument, the runner's port");
        }
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(args[0]));
        socket.setTcpNoDelay(true);
        Map<String, Consumer<OutputStream>> outputs = new HashMap<>();
        outputs.put("out", stream -> System.setOut(new PrintStream(stream, true, StandardCharsets.UTF_8)));
        outputs.put("err", stream -> System.setErr(new PrintStream(stream, true, StandardCharsets.UTF_8)));
        Map<String, Consumer<InputStream>> inputs = new HashMap<>();
        inputs.put("in", System::setIn);
        Util.forwardExecutionControlAndIO(new RemoteExecutionControl(), socket.getInputStream(),
                socket.getOutputStream(), outputs, inputs);
    }
}
