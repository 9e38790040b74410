package org.mljava.kernel;

import java.io.ByteArrayInputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.CodeElement;
import java.lang.classfile.CodeModel;
import java.lang.classfile.CodeTransform;
import java.lang.classfile.Instruction;
import java.lang.classfile.Label;
import java.lang.classfile.Opcode;
import java.lang.classfile.instruction.BranchInstruction;
import java.lang.classfile.instruction.IncrementInstruction;
import java.lang.classfile.instruction.InvokeDynamicInstruction;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.classfile.instruction.LabelTarget;
import java.lang.classfile.instruction.LookupSwitchInstruction;
import java.lang.classfile.instruction.StoreInstruction;
import java.lang.classfile.instruction.TableSwitchInstruction;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

import jdk.jshell.execution.LoaderDelegate;
import jdk.jshell.spi.ExecutionControl.ClassBytecodes;
import jdk.jshell.spi.ExecutionControl.ClassInstallException;
import jdk.jshell.spi.ExecutionControl.EngineTerminationException;
import jdk.jshell.spi.ExecutionControl.InternalException;
import jdk.jshell.spi.ExecutionControl.NotImplementedException;

/**
 * The class loading of JShell's direct execution, with {@link CellInterrupts#check()} put before
 * the backward jumps of the classes compiled from cells (see {@link #backEdgesToCheck}), so that
 * their loops end when the cell is interrupted. Wraps the loader delegate that JShell's {@code DirectExecutionControl} uses; uses the
 * JDK's class-file API. A class that cannot be rewritten is loaded as compiled (its loops then run
 * to their end, as before).
 */
final class InterruptibleLoops implements LoaderDelegate {

    private static final ClassDesc CHECKS = ClassDesc.of(CellInterrupts.class.getName());
    private static final MethodTypeDesc NO_ARGUMENTS = MethodTypeDesc.of(ConstantDescs.CD_void);

    /**
     * Exits that end a counted loop within one wrap-around of its counter: int against int with <, <=,
     * > or >=. (Not == or !=, which a counter can step over, nor a comparison with a long or a double,
     * which an int counter may never reach.)
     */
    private static final Set<Opcode> ORDERING_INT_COMPARISONS = Set.of(Opcode.IF_ICMPLT, Opcode.IF_ICMPGE, Opcode.IF_ICMPGT, Opcode.IF_ICMPLE);

    private final LoaderDelegate delegate;
    private final ClassLoader snippetLoader;

    /**
     * @param delegate      JShell's loader delegate, which defines the classes
     * @param snippetLoader the class loader that cells' classes see (for the class hierarchy that
     *                      rewritten methods' stack maps need)
     */
    InterruptibleLoops(LoaderDelegate delegate, ClassLoader snippetLoader) {
        this.delegate = delegate;
        this.snippetLoader = snippetLoader;
    }

    LoaderDelegate delegate() {
        return delegate;
    }

    @Override
    public void load(ClassBytecodes[] classes) throws ClassInstallException, NotImplementedException, EngineTerminationException {
        Map<String, byte[]> batch = new HashMap<>(); // internal name -> bytes: classes of one load see each other
        for (ClassBytecodes c : classes) {
            batch.put(c.name().replace('.', '/'), c.bytecodes());
        }
        ClassHierarchyResolver hierarchy = ClassHierarchyResolver.ofResourceParsing(desc -> {
            byte[] bytes = batch.get(internalName(desc));
            return bytes == null ? null : new ByteArrayInputStream(bytes);
        }).orElse(ClassHierarchyResolver.ofClassLoading(snippetLoader)).orElse(ClassHierarchyResolver.defaultResolver());
        ClassBytecodes[] rewritten = new ClassBytecodes[classes.length];
        for (int i = 0; i < classes.length; i++) {
            rewritten[i] = new ClassBytecodes(classes[i].name(), rewrite(classes[i].bytecodes(), hierarchy));
        }
        delegate.load(rewritten);
    }

    @Override
    public void classesRedefined(ClassBytecodes[] classes) {
        delegate.classesRedefined(classes);
    }

    @Override
    public void addToClasspath(String path) throws EngineTerminationException, InternalException {
        delegate.addToClasspath(path);
    }

    @Override
    public Class<?> findClass(String name) throws ClassNotFoundException {
        return delegate.findClass(name);
    }

    /**
     * A class with a check before the backward branch of each loop that could run long, or the
     * class unchanged if it has none or cannot be rewritten.
     *
     * @param classFile the class as compiled
     * @param hierarchy where the stack-map generator finds the classes the code names
     * @return the class to load
     */
    static byte[] rewrite(byte[] classFile, ClassHierarchyResolver hierarchy) {
        try {
            ClassFile files = ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(hierarchy));
            ClassModel model = files.parse(classFile);
            AtomicInteger checks = new AtomicInteger();
            byte[] rewritten = files.transformClass(model, ClassTransform.transformingMethods((method, element) -> {
                if (element instanceof CodeModel code) {
                    Set<Integer> edges = backEdgesToCheck(code.elementList());
                    checks.addAndGet(edges.size());
                    method.transformCode(code, new ChecksAt(edges));
                } else {
                    method.with(element);
                }
            }));
            return checks.get() == 0 ? classFile : rewritten;
        } catch (RuntimeException | LinkageError e) {
            System.err.println("mljava kernel: the loops of " + describe(classFile) + " cannot be interrupted (" + e + ")");
            return classFile;
        }
    }

    /**
     * The positions of the backward branches (the jumps that close loops; javac puts a loop's label
     * before what jumps back to it) that get a check: all but those of short counted loops. A check
     * reads the thread's interrupt flag, which the JIT compiler must not move out of the loop, and
     * that stops it from vectorizing and unrolling a loop: a 300 x 300 matrix product in plain Java
     * loops ran 5 times slower with a check in its innermost loop. So a loop is left as compiled when
     * it cannot run long: it holds no other loop and calls nothing, it ends by adding a non-zero
     * constant to an int counter that nothing else in it writes, and it exits on an ordering
     * comparison of two ints. Then it makes at most about 2^32 passes through straight-line code
     * (seconds), unless its bound follows its counter round (which notebook code does not do); the
     * loop around it has a check.
     */
    static Set<Integer> backEdgesToCheck(List<CodeElement> code) {
        Map<Label, Integer> labels = new HashMap<>();
        for (int i = 0; i < code.size(); i++) {
            if (code.get(i) instanceof LabelTarget target) {
                labels.put(target.label(), i);
            }
        }
        Set<Integer> edges = new TreeSet<>();
        for (int i = 0; i < code.size(); i++) {
            if (code.get(i) instanceof BranchInstruction branch && labels.getOrDefault(branch.target(), i) < i
                    && !shortCountedLoop(code, labels, labels.get(branch.target()), i)) {
                edges.add(i);
            }
        }
        return edges;
    }

    private static boolean shortCountedLoop(List<CodeElement> code, Map<Label, Integer> labels, int start, int backEdge) {
        IncrementInstruction counter = null;
        for (int i = backEdge - 1; i > start && counter == null; i--) { // the last instruction before the jump back
            if (code.get(i) instanceof Instruction instruction) {
                if (!(instruction instanceof IncrementInstruction increment) || increment.constant() == 0) {
                    return false;
                }
                counter = increment;
            }
        }
        if (counter == null) {
            return false;
        }
        boolean exits = false;
        for (int i = start; i < backEdge; i++) {
            CodeElement element = code.get(i);
            if (element instanceof InvokeInstruction || element instanceof InvokeDynamicInstruction
                    || element instanceof StoreInstruction store && store.slot() == counter.slot()
                    || element instanceof IncrementInstruction increment && increment != counter && increment.slot() == counter.slot()
                    || element instanceof TableSwitchInstruction || element instanceof LookupSwitchInstruction) {
                return false;
            }
            if (element instanceof BranchInstruction branch) {
                int target = labels.getOrDefault(branch.target(), -1);
                if (target < i) {
                    return false; // a loop inside
                }
                exits |= target > backEdge && ORDERING_INT_COMPARISONS.contains(branch.opcode());
            }
        }
        return exits;
    }

    private static String describe(byte[] classFile) {
        try {
            return ClassFile.of().parse(classFile).thisClass().asInternalName();
        } catch (RuntimeException e) {
            return "a class";
        }
    }

    private static String internalName(ClassDesc desc) {
        String descriptor = desc.descriptorString(); // "Lpkg/Name;" for a class
        return descriptor.startsWith("L") ? descriptor.substring(1, descriptor.length() - 1) : descriptor;
    }

    /** Puts a check before the code elements at the given positions (a method's code, in order). */
    private static final class ChecksAt implements CodeTransform {
        private final Set<Integer> positions;
        private int position;

        ChecksAt(Set<Integer> positions) {
            this.positions = positions;
        }

        @Override
        public void accept(CodeBuilder code, CodeElement element) {
            if (positions.contains(position++)) {
                code.invokestatic(CHECKS, "check", NO_ARGUMENTS); // takes and leaves nothing on the operand stack
            }
            code.with(element);
        }
    }
}
