package org.mljava.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.MethodModel;
import java.lang.classfile.instruction.InvokeInstruction;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

import jdk.jshell.execution.LoaderDelegate;
import jdk.jshell.spi.ExecutionControl.ClassBytecodes;

import org.junit.jupiter.api.Test;

/** Cells' loops end when the cell's thread is interrupted; everything else runs as compiled. */
class InterruptibleLoopsTest {

    private static final String SPIN = """
            public class Spin implements Runnable {
                public static long spins;
                public void run() { while (true) { spins++; } }
            }
            """;

    @Test
    void aCellThreadsBusyLoopEndsWhenTheCellIsInterrupted() throws Exception {
        Map<String, Class<?>> loaded = loadThroughTheKernel(compile(SPIN));
        AtomicReference<Throwable> ended = new AtomicReference<>();
        Thread cell = new Thread(() -> {
            try {
                ((Runnable) loaded.get("Spin").getDeclaredConstructor().newInstance()).run();
            } catch (Throwable t) { // the loop can only end by throwing
                ended.set(t);
            }
        }, "IJava-executor-7");
        cell.start();
        Thread.sleep(200);
        cell.interrupt();
        cell.join(10_000);
        assertFalse(cell.isAlive(), "the loop still runs 10 s after the interrupt");
        assertInstanceOf(CellInterrupts.CellInterruptedError.class, ended.get());
    }

    @Test
    void threadsTheNotebookStartsKeepTheUsualMeaningOfAnInterrupt() throws Exception {
        Map<String, Class<?>> loaded = loadThroughTheKernel(compile("""
                public class Polite implements Runnable {
                    public static volatile boolean finished;
                    public void run() {
                        long n = 0;
                        while (!Thread.currentThread().isInterrupted()) { n++; }
                        finished = true;
                    }
                }
                """));
        Class<?> polite = loaded.get("Polite");
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            try {
                ((Runnable) polite.getDeclaredConstructor().newInstance()).run();
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "notebook-worker");
        worker.start();
        Thread.sleep(100);
        worker.interrupt();
        worker.join(10_000);
        assertNull(failure.get());
        assertTrue((Boolean) polite.getField("finished").get(null), "the loop saw the interrupt and finished normally");
    }

    @Test
    void loopsThatCouldRunLongGetACheckShortCountedLoopsDoNot() throws Exception {
        byte[] compiled = compile("""
                public class Loops {
                    public static int sum(int[] v) { int s = 0; for (int x : v) s += x; return s; }
                    public static double product(double[][] a, double[][] b) {
                        int n = a.length; double[][] c = new double[n][n];
                        for (int i = 0; i < n; i++) for (int k = 0; k < n; k++) { double x = a[i][k]; for (int j = 0; j < n; j++) c[i][j] += x * b[k][j]; }
                        return c[n - 1][n - 1];
                    }
                    public static void epochs(Runnable step, int n) { for (int e = 0; e < n; e++) step.run(); }
                    public static void forever() { int x = 0; while (true) { x++; } }
                    public static int restarts(int n) { int s = 0; for (int i = 0; i < n; i++) { if (s++ == 3) i = 0; } return s; }
                    public static long longCounter(long n) { long s = 0; for (long i = 0; i < n; i++) s += i; return s; }
                    public static int doWhile(int n) { int s = 0; do { s++; } while (s < n); return s; }
                    public static int stepsOver(int n) { int s = 0; for (int i = 0; i != n; i += 2) s++; return s; }
                    public static int doubleBound(double n) { int s = 0; for (int i = 0; i < n; i++) s++; return s; }
                    public static int straight(int a) { return a > 0 ? a : -a; }
                }
                """).get("Loops");
        byte[] rewritten = InterruptibleLoops.rewrite(compiled, ClassHierarchyResolver.defaultResolver());
        // product: the i and k loops hold a loop, the innermost j loop is short and counted; epochs calls; forever
        // has no exit; restarts writes its counter; a long counter and a do-while's test-at-the-end are not counted;
        // stepsOver can step over its bound (!=), and doubleBound's int counter may never reach its bound
        assertEquals(Map.ofEntries(Map.entry("sum", 0), Map.entry("product", 2), Map.entry("epochs", 1), Map.entry("forever", 1),
                Map.entry("restarts", 1), Map.entry("longCounter", 1), Map.entry("doWhile", 1), Map.entry("stepsOver", 1),
                Map.entry("doubleBound", 1), Map.entry("straight", 0), Map.entry("<init>", 0)), checksPerMethod(rewritten));
        Class<?> loops = defineAll(Map.of("Loops", rewritten)).get("Loops");
        assertEquals(6, loops.getMethod("sum", int[].class).invoke(null, (Object) new int[] {1, 2, 3}));
        double[][] a = {{1, 2}, {3, 4}};
        assertEquals(22.0, loops.getMethod("product", double[][].class, double[][].class).invoke(null, a, a)); // 3 * 2 + 4 * 4
        assertEquals(45L, loops.getMethod("longCounter", long.class).invoke(null, 10L));
    }

    @Test
    void aClassWithoutLoopsIsLoadedAsCompiled() throws Exception {
        byte[] compiled = compile("public class Flat { public static int twice(int a) { return 2 * a; } }").get("Flat");
        assertArrayEquals(compiled, InterruptibleLoops.rewrite(compiled, ClassHierarchyResolver.defaultResolver()));
    }

    /** The stack maps of a rewritten loop may need classes compiled in the same cell: the load finds them in its batch. */
    @Test
    void aLoopOverTypesOfTheSameCellIsRewritten() throws Exception {
        Map<String, byte[]> compiled = compile("""
                public class Cell {
                    public static class Animal { }
                    public static class Cat extends Animal { }
                    public static int count(int n) {
                        int cats = 0;
                        for (int i = 0; i < n; i++) {
                            Animal a = i % 2 == 0 ? new Cat() : new Animal();
                            if (a instanceof Cat) cats++;
                        }
                        return cats;
                    }
                }
                """);
        List<byte[]> seen = new java.util.ArrayList<>();
        Map<String, Class<?>> loaded = loadThroughTheKernel(compiled, seen);
        assertEquals(3, loaded.get("Cell").getMethod("count", int.class).invoke(null, 5));
        int checks = seen.stream().mapToInt(bytes -> checksPerMethod(bytes).values().stream().mapToInt(Integer::intValue).sum()).sum();
        assertEquals(1, checks);
    }

    @Test
    void aClassThatCannotBeRewrittenIsLoadedAsCompiled() throws Exception {
        Map<String, byte[]> compiled = compile("""
                public class Zoo {
                    public static class Animal { }
                    public static class Cat extends Animal { }
                    public static Object last(int n) { Animal a = null; for (int i = 0; i < n; i++) a = i % 2 == 0 ? new Cat() : new Animal(); return a; }
                }
                """);
        ClassHierarchyResolver knowsNothing = desc -> null; // the stack-map generator cannot merge Cat and Animal
        assertArrayEquals(compiled.get("Zoo"), InterruptibleLoops.rewrite(compiled.get("Zoo"), knowsNothing));
    }

    // --- helpers ------------------------------------------------------------------------------

    private static Map<String, Integer> checksPerMethod(byte[] classFile) {
        Map<String, Integer> checks = new HashMap<>();
        for (MethodModel method : ClassFile.of().parse(classFile).methods()) {
            int n = 0;
            if (method.code().isPresent()) {
                for (var element : method.code().get()) {
                    if (element instanceof InvokeInstruction call && call.owner().asInternalName().equals("org/mljava/kernel/CellInterrupts")) {
                        n++;
                    }
                }
            }
            checks.put(method.methodName().stringValue(), n);
        }
        return checks;
    }

    private static Map<String, Class<?>> loadThroughTheKernel(Map<String, byte[]> classes) throws Exception {
        return loadThroughTheKernel(classes, new java.util.ArrayList<>());
    }

    /** Loads the classes as the kernel loads a cell's: through InterruptibleLoops, into a loader of their own. */
    private static Map<String, Class<?>> loadThroughTheKernel(Map<String, byte[]> classes, List<byte[]> seen) throws Exception {
        Map<String, byte[]> defined = new HashMap<>();
        LoaderDelegate jshell = new LoaderDelegate() {
            @Override
            public void load(ClassBytecodes[] cbcs) {
                for (ClassBytecodes c : cbcs) {
                    defined.put(c.name(), c.bytecodes());
                    seen.add(c.bytecodes());
                }
            }

            @Override
            public void classesRedefined(ClassBytecodes[] cbcs) {
            }

            @Override
            public void addToClasspath(String path) {
            }

            @Override
            public Class<?> findClass(String name) throws ClassNotFoundException {
                throw new ClassNotFoundException(name);
            }
        };
        new InterruptibleLoops(jshell, InterruptibleLoopsTest.class.getClassLoader())
                .load(classes.entrySet().stream().map(e -> new ClassBytecodes(e.getKey(), e.getValue())).toArray(ClassBytecodes[]::new));
        return defineAll(defined);
    }

    private static Map<String, Class<?>> defineAll(Map<String, byte[]> classes) throws ClassNotFoundException {
        ClassLoader loader = new ClassLoader(InterruptibleLoopsTest.class.getClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                byte[] bytes = classes.get(name);
                if (bytes == null) {
                    throw new ClassNotFoundException(name);
                }
                return defineClass(name, bytes, 0, bytes.length);
            }
        };
        Map<String, Class<?>> loaded = new HashMap<>();
        for (String name : classes.keySet()) {
            loaded.put(name, loader.loadClass(name));
        }
        return loaded;
    }

    /** Compiles one source file in memory: binary class name to class file. */
    private static Map<String, byte[]> compile(String source) {
        String name = source.replaceFirst("(?s).*?public class (\\w+).*", "$1");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        Map<String, ByteArrayOutputStream> out = new HashMap<>();
        JavaFileManager files = new ForwardingJavaFileManager<>(javac.getStandardFileManager(null, null, null)) {
            @Override
            public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind, FileObject sibling) {
                return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + ".class"), kind) {
                    @Override
                    public OutputStream openOutputStream() {
                        return out.computeIfAbsent(className, k -> new ByteArrayOutputStream());
                    }
                };
            }
        };
        JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///" + name + ".java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        assertTrue(javac.getTask(null, files, null, List.of("--release", "25"), null, List.of(file)).call(), "the test source compiles");
        Map<String, byte[]> classes = new HashMap<>();
        out.forEach((className, bytes) -> classes.put(className, bytes.toByteArray()));
        return classes;
    }
}
